// The embed on a news page, where readers are: Lighthouse's slow 4G (150 ms RTT, 1.6 Mb/s
// down, 750 kb/s up), service workers blocked so the page's own requests are what is
// throttled. The news-site example (two elements) against the static page of the same
// profile, and, A/B in one run, two variants of the news page: without its first-paint
// preloads (the one-line snippet alone), and with the first paint refused, so the elements
// load the whole app at once as they did before the server painted them.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../e2e/harness.mjs';
import { visibleProbe } from './probes.mjs';
import { kb, median, ms, row, verdict } from './stats.mjs';

const SITE_DIR = fileURLToPath(new URL('../../examples/news-site', import.meta.url));
const SITE_ADDR = '127.0.0.1:18150';
const BARE_ADDR = '127.0.0.1:18151';
const TIMEOUT = 60_000;
export const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) * 0.9, uploadThroughput: (750e3 / 8) * 0.9 };
const IDS = ['pv-main', 'pv-side'];

/** In the page: the time both elements have painted a profile (first paint or the app). */
function embedProbe(ids) {
  window.__pvEmbed = {};
  document.addEventListener('profile-viewer:ready', (e) => {
    const id = e.target.id;
    if (window.__pvEmbed[id]) return;
    requestAnimationFrame(() => {
      const mc = new MessageChannel();
      mc.port1.onmessage = () => { window.__pvEmbed[id] ??= performance.now(); };
      mc.port2.postMessage(0);
    });
  });
  window.__pvEmbedDone = () => ids.every((id) => window.__pvEmbed[id]);
}

async function throttledPage(browser, probe, arg) {
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 1000 } });
  await context.addInitScript(probe, arg);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  return { context, page, transferred: () => bytes };
}

/** The news page of each variant: its origin (the page as it is, or a copy of the site
 * without the preload lines, served from a real origin of its own: a page rewritten in
 * flight would lose its right to reach the loopback viewer) and whether first paints are
 * refused. */
const VARIANTS = {
  firstPaint: { site: 'news', refuse: false },
  noPreload: { site: 'bare', refuse: false },
  appAtOnce: { site: 'news', refuse: true },
};

/** A copy of the news site whose pages have no `<link rel="preload" as="fetch">`. */
function siteWithoutPreloads() {
  const dir = mkdtempSync(join(tmpdir(), 'pv-news-bare-'));
  cpSync(SITE_DIR, dir, { recursive: true });
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.html'))) {
    const html = readFileSync(join(dir, file), 'utf8');
    writeFileSync(join(dir, file), html.replace(/\s*<link rel="preload" as="fetch"[^>]*>/g, ''));
  }
  return dir;
}

async function visitNews(browser, url, { refuse }) {
  const { context, page, transferred } = await throttledPage(browser, embedProbe, IDS);
  if (refuse) await page.route('**/embed/profiles/**', (route) => route.abort());
  await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT });
  await page.waitForFunction(() => window.__pvEmbedDone(), null, { timeout: TIMEOUT, polling: 50 });
  const visible = await page.evaluate((ids) => Math.max(...ids.map((id) => window.__pvEmbed[id])), IDS);
  // Everything the page fetches before any intent (nothing is touched).
  await page.waitForLoadState('networkidle', { timeout: TIMEOUT }).catch(() => {});
  const bytes = transferred();
  await context.close();
  return { visible, bytes };
}

async function visitStatic(browser, url, profile) {
  const { context, page, transferred } = await throttledPage(browser, visibleProbe, { name: profile.name, keyPoint: profile.key_points?.[0] ?? '' });
  await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT });
  await page.waitForFunction(() => window.__pvVisible !== null, null, { timeout: TIMEOUT, polling: 50 });
  const visible = await page.evaluate(() => window.__pvVisible.painted);
  await page.waitForLoadState('networkidle', { timeout: TIMEOUT }).catch(() => {});
  const bytes = transferred();
  await context.close();
  return { visible, bytes };
}

export async function measureEmbed(browser, viewerUrl, profile, runs) {
  const site = await startServer(['--site', SITE_DIR, '--site-addr', SITE_ADDR]);
  const bare = await startServer(['--site', siteWithoutPreloads(), '--site-addr', BARE_ADDR]);
  try {
    const pages = { news: `http://${SITE_ADDR}/`, bare: `http://${BARE_ADDR}/` };
    const out = { static: [] };
    for (let i = 0; i < runs; i++) {
      // Interleaved, so each variant sees the same machine load.
      for (const [name, variant] of Object.entries(VARIANTS)) {
        (out[name] ??= []).push(await visitNews(browser, pages[variant.site], variant));
      }
      out.static.push(await visitStatic(browser, `${site.url}/static-profile.html`, profile));
    }
    return out;
  } finally {
    await bare.stop();
    await site.stop();
  }
}

export function embedRows({ firstPaint, noPreload, appAtOnce, static: still }, runs) {
  const med = (xs, key) => median(xs.map((x) => x[key]));
  const [fp, np, app, st] = [firstPaint, noPreload, appAtOnce, still].map((xs) => med(xs, 'visible'));
  const ratio = fp / st;
  const bytes = med(firstPaint, 'bytes');
  const note = `median of ${runs}, slow 4G (150 ms RTT, 1.6 Mb/s down, 750 kb/s up), service workers blocked; from navigation start to the frame painted after both elements' ready`;
  return [
    row('embed', 'throttled: news page, both embeds visible (server first paint)', ms(fp), '', 'info', note),
    row('embed', 'throttled: the same without the first-paint preloads (snippet alone)', ms(np), '', 'info', `ratio to static ${(np / st).toFixed(2)}×`),
    row('embed', 'throttled: the same with the first paint refused (the whole app at once, as before)', ms(app), '', 'info'),
    row('embed', 'throttled: static page of the main profile', ms(st), '', 'info'),
    row('embed', 'throttled: ratio embed / static', Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a', '≤ 1.30×', verdict(ratio <= 1.3)),
    row('embed', 'transfer before intent, news page with two embeds (everything, wire bytes)', kb(bytes), '≤ 60.0 KB', verdict(bytes <= 60 * 1024), 'the host page and its CSS included'),
    row('embed', 'transfer, first paint refused (the whole app at once)', kb(med(appAtOnce, 'bytes')), '', 'info'),
  ];
}
