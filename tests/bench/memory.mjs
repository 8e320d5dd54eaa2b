// 4. Memory after one profile and after 100 in-app navigations between profiles
// (history.pushState + popstate, which the router handles like a link click; no reloads).
import { APP_CODE, startApp } from '../e2e/harness.mjs';
import { mb, row, verdict } from './stats.mjs';

const NAVIGATIONS = 100;
const SAMPLE_EVERY = 20;

/** In the page: resolves once the parts that wait for the first paint
 *  (components/after_paint.rs, two frames after the h1) are in; sampled before them, the
 *  same profile counts ~200 nodes fewer. */
const afterFirstPaint = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0))));

async function sample(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  // wasm-bindgen's init returns the live exports (memory included) once instantiated.
  const wasm = await page.evaluate(async (appCode) => {
    // The glue as the page loaded it: a module preload, or the loader's import of it.
    const glue =
      document.querySelector('link[rel="modulepreload"][href$=".js"]')?.href ??
      performance.getEntriesByType('resource').map((r) => r.name).find((n) => new RegExp(appCode).test(n) && n.endsWith('.js'));
    if (!glue) return { bytes: null, reason: 'the page loaded no wasm-bindgen glue' };
    try {
      const exports = await (await import(glue)).default();
      const memory = exports?.memory;
      return memory ? { bytes: memory.buffer.byteLength } : { bytes: null, reason: 'the glue exports no memory' };
    } catch (e) {
      return { bytes: null, reason: String(e) };
    }
  }, APP_CODE.source);
  return { heap: m.JSHeapUsedSize, nodes: m.Nodes, listeners: m.JSEventListeners, wasm: wasm.bytes, wasmReason: wasm.reason };
}

export async function measureMemory(browser, base, profiles, firstSlug) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const first = profiles.find((p) => p.slug === firstSlug) ?? profiles[0];
  await page.goto(`${base}/profiles/${first.slug}`);
  await page.getByRole('heading', { level: 1, name: first.name }).waitFor({ timeout: 30_000 });
  // That h1 is the server's first screen, read without the app: start it (the navigations
  // below are the app's) and wait for its own render.
  await startApp(page, { timeout: 30_000 });
  await page.evaluate(() => {
    window.__pvNoReload = true;
  });
  await page.evaluate(afterFirstPaint);
  const samples = [{ after: 1, ...(await sample(page, cdp)) }];
  const others = profiles.filter((p) => p.slug !== first.slug);
  let current = first;
  for (let i = 1; i <= NAVIGATIONS; i++) {
    const next = others[i % others.length].slug === current.slug ? first : others[i % others.length];
    await page.evaluate((slug) => {
      history.pushState(null, '', `/profiles/${slug}`);
      dispatchEvent(new PopStateEvent('popstate', { state: null }));
    }, next.slug);
    await page.waitForFunction((name) => document.querySelector('h1')?.textContent.includes(name), next.name, { timeout: 15_000, polling: 20 });
    current = next;
    if (i % SAMPLE_EVERY === 0) {
      await page.evaluate(afterFirstPaint);
      samples.push({ after: i + 1, ...(await sample(page, cdp)) });
    }
  }
  const reloaded = !(await page.evaluate(() => window.__pvNoReload === true));
  await context.close();
  return { samples, reloaded };
}

export function memoryRows({ samples, reloaded }) {
  const a = samples[0];
  const z = samples[samples.length - 1];
  // Trend: compare the end with the first sample after warm-up (20 navigations), so caches
  // filled once do not count as a leak.
  const w = samples[1] ?? a;
  const growth = (key) => z[key] - a[key];
  const trendOk = z.heap <= w.heap * 1.1 && z.nodes <= w.nodes * 1.1;
  const series = samples.map((s) => `${s.after}: ${mb(s.heap)}/${s.nodes} nodes`).join(', ');
  const rows = [
    row('memory', 'JS heap after 1 profile → after 100 navigations', `${mb(a.heap)} → ${mb(z.heap)} (${growth('heap') >= 0 ? '+' : ''}${mb(growth('heap'))})`, 'no growth trend', verdict(trendOk), `after GC; samples (profiles shown: heap/DOM nodes) ${series}${reloaded ? '; WARNING: the page reloaded' : ''}`),
    row('memory', 'DOM nodes / JS listeners after 1 → 101', `${a.nodes}/${a.listeners} → ${z.nodes}/${z.listeners}`, '', 'info'),
  ];
  rows.push(
    a.wasm === null
      ? row('memory', 'wasm memory after 1 → 101', 'n/a', 'no growth trend', 'n/a', a.wasmReason)
      : row('memory', 'wasm memory after 1 → 101', `${mb(a.wasm)} → ${mb(z.wasm)}`, 'no growth trend', verdict(z.wasm <= w.wasm * 1.1), 'linear memory size (it never shrinks: growth means a new high-water mark)'),
  );
  return rows;
}
