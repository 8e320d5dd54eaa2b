// 2. Time to profile visible: the viewer against a static HTML page of the same profile
// with the same CSS, served by the same server, cold (fresh context) and warm (repeat
// visit in the same context), interleaved run by run so both see the same machine load.
import { visibleProbe } from './probes.mjs';
import { median, ms, row, verdict } from './stats.mjs';

const TIMEOUT = 30_000;

async function visit(page, url, reach = false) {
  await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT });
  await page.waitForFunction(() => window.__pvVisible !== null, null, { timeout: TIMEOUT, polling: 50 });
  const visible = await page.evaluate(() => ({ ...window.__pvVisible, lcp: window.__pvLcp }));
  if (!reach) return visible;
  // Then the reader reaches for "Log in" (a signed-out reader's page starts the app only
  // now): from the pointer over it to the app's own render painted (its mark).
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => {
    // On the window, in the capture phase: before the loader's own listener on the document,
    // whose microtasks already take the page over.
    window.addEventListener('pointerover', () => (window.__pvReach ??= performance.now()), true);
  });
  await page.locator('.pv-session__login').hover({ timeout: TIMEOUT });
  await page.waitForFunction(() => performance.getEntriesByName('pv:profile-visible', 'mark').length > 0, null, { timeout: TIMEOUT, polling: 20 });
  const { started, wasmReady } = await page.evaluate(() => ({
    started: performance.getEntriesByName('pv:profile-visible', 'mark')[0].startTime - window.__pvReach,
    wasmReady: (performance.getEntriesByName('pv:wasm-ready', 'mark')[0]?.startTime ?? Infinity) < window.__pvReach,
  }));
  return { ...visible, started, wasmReady };
}

async function newProbedPage(browser, probeArgs) {
  const context = await browser.newContext();
  await context.addInitScript(visibleProbe, probeArgs);
  const page = await context.newPage();
  return { context, page };
}

export async function measureVisible(browser, base, profile, runs) {
  const probeArgs = { name: profile.name, keyPoint: profile.key_points?.[0] ?? '' };
  const urls = { viewer: `${base}/profiles/${profile.slug}`, static: `${base}/static-profile.html` };
  const cold = { viewer: [], static: [] };
  const warm = { viewer: [], static: [] };
  const transfer = [];
  for (let i = 0; i < runs; i++) {
    for (const kind of i % 2 ? ['static', 'viewer'] : ['viewer', 'static']) {
      const { context, page } = await newProbedPage(browser, probeArgs);
      if (i === 0 && kind === 'viewer') {
        // On the context: the service worker's own requests too.
        context.on('requestfinished', async (req) => {
          const sizes = await req.sizes().catch(() => null);
          const res = await req.response().catch(() => null);
          const enc = (await res?.headerValue('content-encoding').catch(() => null)) ?? 'identity';
          if (sizes) transfer.push({ url: req.url(), bytes: Math.max(0, sizes.responseBodySize) + sizes.responseHeadersSize, enc });
        });
      }
      cold[kind].push(await visit(page, urls[kind], kind === 'viewer'));
      await context.close();
    }
  }
  for (const kind of ['viewer', 'static']) {
    const { context, page } = await newProbedPage(browser, probeArgs);
    await visit(page, urls[kind]); // fills the cache
    for (let i = 0; i < runs; i++) warm[kind].push(await visit(page, urls[kind]));
    await context.close();
  }
  return { cold, warm, transfer };
}

export function visibleRows({ cold, warm, transfer }, runs) {
  const med = (xs, key) => median(xs.map((x) => x[key]).filter((x) => x !== null && x !== undefined));
  const rows = [];
  const note = `median of ${runs}; from navigation start to the paint of the frame with the h1 and the first key point (MutationObserver + requestAnimationFrame probe, same for both pages)`;
  for (const [label, set] of [['cold', cold], ['warm', warm]]) {
    const v = med(set.viewer, 'painted');
    const s = med(set.static, 'painted');
    const ratio = v / s;
    rows.push(row('visible', `${label}: viewer`, ms(v), '', 'info', label === 'cold' ? note : ''));
    rows.push(row('visible', `${label}: static page`, ms(s), '', 'info'));
    rows.push(
      row(
        'visible',
        `${label}: ratio viewer / static`,
        Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a',
        label === 'cold' ? '≤ 1.50×' : '',
        label === 'cold' ? verdict(ratio <= 1.5) : 'info',
      ),
    );
    rows.push(
      row('visible', `${label}: LCP viewer / static`, `${ms(med(set.viewer, 'lcp'))} / ${ms(med(set.static, 'lcp'))}`, '', 'info', label === 'cold' ? 'cross-check: largest-contentful-paint entry' : ''),
    );
  }
  const started = cold.viewer.map((x) => x.started).filter((x) => Number.isFinite(x));
  const ready = cold.viewer.filter((x) => x.wasmReady).length;
  rows.push(
    row(
      'visible',
      'cold: the app started by the reader, pointer over "Log in" → its render painted',
      started.length ? ms(median(started)) : 'n/a',
      '',
      'info',
      `a signed-out reader's page is read without the app; a cold visit downloads it only on the reach (the wasm was ready before the pointer came in ${ready} of ${started.length} runs), which replaces the first screen with the app's render (mark pv:profile-visible): what a press waits for, download included`,
    ),
  );
  if (transfer.length) {
    const total = transfer.reduce((a, t) => a + t.bytes, 0);
    const encs = [...new Set(transfer.map((t) => t.enc))].join(', ');
    rows.push(
      row('bundle', 'first visit in Chromium with the app started (pointer over "Log in"), every response incl. API + headers', `${(total / 1024).toFixed(1)} KB`, '', 'info', `${transfer.length} responses; Content-Encoding seen: ${encs}`),
    );
  }
  return rows;
}
