// Where a cold visit's time goes: per run, the resource timings of the shell, loader, glue,
// wasm and profile JSON, and the viewer's own marks, relative to navigation start; medians.
// Usage: PV_SERVER_BIN=target/release/profile-server node tests/bench/cold-breakdown.mjs DIST [RUNS]
import { launchBrowser, startApp, startServer } from '../e2e/harness.mjs';
import { median } from './stats.mjs';

const [dist, runs = '8'] = process.argv.slice(2);
const SLUG = process.env.PV_BENCH_SLUG ?? 'us-officials-telecom-cyber-espionage';
const server = await startServer([], { content: 'content', dist });
const { url } = server;
const browser = await launchBrowser();
const rows = {};
const add = (k, v) => (rows[k] ??= []).push(v);
try {
  for (let i = 0; i < Number(runs); i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${url}/profiles/${SLUG}`);
    // A signed-out reader's page starts the app when the reader reaches for a button.
    await startApp(page, { timeout: 30_000 });
    const t = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const out = { 'shell responseEnd': nav.responseEnd, domInteractive: nav.domInteractive, 'DOMContentLoaded': nav.domContentLoadedEventEnd };
      for (const r of performance.getEntriesByType('resource')) {
        const name = r.name.includes('/api/profiles/') ? 'profile JSON' : r.name.includes('/api/') ? `api ${r.name.split('/api/')[1]}` : r.name.endsWith('.wasm') ? 'wasm' : r.name.endsWith('.css') ? 'css' : r.name.match(/loader/) ? 'loader' : r.name.endsWith('.js') ? 'glue js' : null;
        if (name) {
          out[`${name} start`] = r.startTime;
          out[`${name} end`] = r.responseEnd;
        }
      }
      for (const m of performance.getEntriesByType('mark')) out[`mark ${m.name}`] = m.startTime;
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      if (fcp) out.FCP = fcp.startTime;
      return out;
    });
    for (const [k, v] of Object.entries(t)) add(k, v);
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
for (const [k, v] of Object.entries(rows).sort((a, b) => median(a[1]) - median(b[1]))) console.log(`${median(v).toFixed(1).padStart(8)} ms  ${k}`);
