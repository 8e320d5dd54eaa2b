// A/B: what the shell's modulepreload + wasm preload (written by the post-build hook) gain
// in cold time to profile visible. Serves the bench's dist and a copy without the two
// preload links from two servers, interleaving cold visits; prints the medians.
// Usage, after `cargo xtask bench` (which leaves target/bench/dist):
//   PV_SERVER_BIN=target/release/profile-server node tests/bench/ab-preload.mjs [RUNS]
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { launchBrowser } from '../e2e/harness.mjs';
import { visibleProbe } from './probes.mjs';
import { median } from './stats.mjs';

const RUNS = Number(process.argv[2] ?? 12);
const SLUG = process.env.PV_BENCH_SLUG ?? 'us-officials-telecom-cyber-espionage';
const A = 'target/bench/dist';
const B = 'target/bench/dist-nopreload';
rmSync(B, { recursive: true, force: true });
cpSync(A, B, { recursive: true });
for (const f of ['index.html.br', 'index.html.gz']) rmSync(`${B}/${f}`, { force: true });
const shell = readFileSync(`${A}/index.html`, 'utf8');
writeFileSync(`${B}/index.html`, shell.split('\n').filter((l) => !/rel="(modulepreload|preload)"/.test(l)).join('\n'));

function start(dist) {
  const child = spawn(process.env.PV_SERVER_BIN, ['--content', 'content', '--dist', dist, '--addr', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) =>
    createInterface({ input: child.stdout }).on('line', (l) => {
      const m = l.match(/listening on (\S+)/);
      if (m) resolve({ url: m[1].replace(/\/$/, ''), child });
    }),
  );
}

const servers = { preload: await start(A), none: await start(B) };
const profile = await (await fetch(`${servers.preload.url}/api/profiles/${SLUG}`)).json();
const browser = await launchBrowser();
const times = { preload: [], none: [] };
try {
  for (let i = 0; i < RUNS; i++) {
    for (const kind of i % 2 ? ['none', 'preload'] : ['preload', 'none']) {
      const context = await browser.newContext();
      await context.addInitScript(visibleProbe, { name: profile.name, keyPoint: profile.key_points?.[0] ?? '' });
      const page = await context.newPage();
      await page.goto(`${servers[kind].url}/profiles/${SLUG}`, { waitUntil: 'commit' });
      await page.waitForFunction(() => window.__pvVisible !== null, null, { timeout: 30_000, polling: 50 });
      times[kind].push(await page.evaluate(() => window.__pvVisible.painted));
      await context.close();
    }
  }
} finally {
  await browser.close();
  for (const s of Object.values(servers)) s.child.kill();
}
console.log(`cold time to profile visible, median of ${RUNS}: with preloads ${median(times.preload).toFixed(0)} ms, without ${median(times.none).toFixed(0)} ms`);
