// A/B of two viewer builds, measured side by side: rounds alternate A and B (the fair
// comparison on a noisy machine). Prints the medians and percentiles of both.
// Usage, after `cargo xtask bench` (which builds the server and target/bench/content-10k):
//   PV_SERVER_BIN=target/release/profile-server node tests/bench/ab.mjs visible|repeat|directory DIST_A DIST_B [ROUNDS]
// (PV_SERVER_BIN_A / PV_SERVER_BIN_B: a different server binary for one side.)
// `visible`: cold time to profile visible, one visit per build per round.
// `repeat`: the same for repeat visits, in one page per build once its service worker
// controls it (the shell then comes from the worker's cache).
// `directory`: 10,000 profiles, first paint + the typing session of `cargo xtask bench` per round.
import { launchBrowser, startServer } from '../e2e/harness.mjs';
import { measureDirectory } from './directory.mjs';
import { visibleProbe } from './probes.mjs';
import { median, percentile } from './stats.mjs';

const [section, distA, distB, rounds = '6'] = process.argv.slice(2);
if (!['visible', 'repeat', 'directory'].includes(section) || !distA || !distB) {
  console.error('usage: node tests/bench/ab.mjs visible|repeat|directory DIST_A DIST_B [ROUNDS]');
  process.exit(2);
}
const SLUG = process.env.PV_BENCH_SLUG ?? 'us-officials-telecom-cyber-espionage';
const content = section === 'directory' ? 'target/bench/content-10k' : 'content';

async function probedPage(browser, profile) {
  const context = await browser.newContext();
  await context.addInitScript(visibleProbe, { name: profile.name, keyPoint: profile.key_points?.[0] ?? '' });
  return context.newPage();
}

/** A page whose service worker controls it, for `repeat`. */
async function workerPage(browser, url, profile) {
  const page = await probedPage(browser, profile);
  await page.goto(`${url}/profiles/${SLUG}`);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
  });
  return page;
}

/** One visit in `page` (a fresh context's for `visible`, closed afterwards). */
async function visible(page, url, close) {
  await page.goto(`${url}/profiles/${SLUG}`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__pvVisible !== null, null, { timeout: 30_000, polling: 50 });
  const t = await page.evaluate(() => ({
    painted: window.__pvVisible.painted,
    ready: performance.getEntriesByName('pv:wasm-ready', 'mark')[0]?.startTime ?? NaN,
  }));
  if (close) await page.context().close();
  return t;
}

// PV_SERVER_BIN_A / PV_SERVER_BIN_B: a server build per side, for changes on the server.
const bin = (k) => process.env[`PV_SERVER_BIN_${k}`] ?? process.env.PV_SERVER_BIN;
const servers = {
  A: await startServer([], { content, dist: distA, bin: bin('A') }),
  B: await startServer([], { content, dist: distB, bin: bin('B') }),
};
const browser = await launchBrowser();
const out = { A: { times: [], keys: [], render: [] }, B: { times: [], keys: [], render: [] } };
try {
  const profile = section === 'directory' ? null : await (await fetch(`${servers.A.url}/api/profiles/${SLUG}`)).json();
  const repeat = section === 'repeat' ? { A: await workerPage(browser, servers.A.url, profile), B: await workerPage(browser, servers.B.url, profile) } : null;
  for (let i = 0; i < Number(rounds); i++) {
    for (const k of i % 2 ? ['B', 'A'] : ['A', 'B']) {
      if (section !== 'directory') {
        const page = repeat ? repeat[k] : await probedPage(browser, profile);
        const t = await visible(page, servers[k].url, !repeat);
        out[k].times.push(t.painted);
        out[k].render.push(t.painted - t.ready);
      } else {
        const r = await measureDirectory(browser, servers[k].url, 1);
        out[k].times.push(...r.firstPaint);
        out[k].keys.push(...(r.keystrokes ?? []).map((x) => x.ms));
      }
    }
  }
} finally {
  await browser.close();
  for (const s of Object.values(servers)) await s.stop();
}
for (const [k, dist] of [['A', distA], ['B', distB]]) {
  const { times, keys, render } = out[k];
  // From the loader's pv:wasm-ready mark to the probe's paint: the app's own start-up and
  // first render, without the download and compile noise in front of it.
  const fromReady = render.length ? ` (from wasm ready ${median(render).toFixed(0)} ms)` : '';
  const first = `${{ visible: 'cold visible', repeat: 'repeat visible (worker)', directory: 'first paint' }[section]} median ${median(times).toFixed(0)} ms${fromReady}`;
  const typing = keys.length
    ? `; ${keys.length} keystrokes p50 ${percentile(keys, 50).toFixed(1)} / p95 ${percentile(keys, 95).toFixed(1)} / max ${Math.max(...keys).toFixed(1)} ms`
    : '';
  console.log(`${k} ${dist}: ${first}${typing}`);
  if (process.env.PV_AB_SAMPLES) console.log(times.map((t) => t.toFixed(0)).join(" "));
}
