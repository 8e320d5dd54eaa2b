// /map at scale: first paint of the map page (the `pv:map-visible` mark, after the index
// and the relationships have arrived and the overview is drawn) and interaction latency
// (a keystroke in the profile search, choosing a profile, a filter change), median of runs.
// Usage: PV_SERVER_BIN=… PV_DIST=… PV_CONTENT=<10,000-profile folder> node tests/bench/map.mjs
import { startServer, launchBrowser } from '../e2e/harness.mjs';

const RUNS = Number(process.env.PV_RUNS || 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await startServer();
const browser = await launchBrowser();
const figures = { visible: [], keystroke: [], choose: [], filter: [] };
try {
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/map`);
    await page.waitForFunction(() => performance.getEntriesByName('pv:map-visible').length > 0, null, { timeout: 60_000 });
    figures.visible.push(await page.evaluate(() => performance.getEntriesByName('pv:map-visible')[0].startTime));
    // Time from an input event to the next paint after the DOM reflects it.
    const timed = async (act, done) => {
      const t0 = await page.evaluate(() => performance.now());
      await act();
      await page.waitForFunction(done, null, { timeout: 60_000, polling: 'raf' });
      return (await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))))) - t0;
    };
    figures.keystroke.push(
      await timed(
        () => page.locator('#pv-map-search').pressSequentially('RIPE NCC Lon', { delay: 0 }),
        () => [...document.querySelectorAll('.pv-site-map__picks a')].every((a) => a.textContent.includes('RIPE NCC')),
      ),
    );
    figures.choose.push(
      await timed(
        () => page.locator('.pv-site-map__picks a').first().click(),
        () => !!document.querySelector('.pv-site-map .pv-map svg'),
      ),
    );
    await page.evaluate(() => (window.__pvStatus = document.querySelector('.pv-results-status').textContent));
    figures.filter.push(
      await timed(
        () => page.selectOption('#pv-map-grade', { index: 1 }),
        () => document.querySelector('.pv-results-status').textContent !== window.__pvStatus,
      ),
    );
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
const out = Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, { median_ms: Math.round(median(v)), runs: v.map(Math.round) }]));
console.log(JSON.stringify(out, null, 2));
