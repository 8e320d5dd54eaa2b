// 1. Bundle: every asset of the shell as the reference server actually serves it
// (Accept-Encoding br / gzip, reading Content-Encoding and the body length on the wire),
// beside what the best precompression (brotli q11, gzip -9) would give.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { APP_CODE } from '../e2e/harness.mjs';
import { kb, row, verdict } from './stats.mjs';

export const BUDGET_TOTAL_BR = 150 * 1024;
// Issue 23: the app's wasm + glue on a profile's page.
export const BUDGET_PROFILE_APP_BR = 200 * 1024;

/** Bytes of `body` at brotli's best setting (q11), as the post-build hook precompresses. */
function brotliBest(body) {
  return zlib.brotliCompressSync(body, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  }).length;
}

/** GET without decoding: { status, encoding, wire (bytes on the wire), body (decoded) }. */
export function get(url, acceptEncoding) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const wire = Buffer.concat(chunks);
        const encoding = (res.headers['content-encoding'] || 'identity').toLowerCase();
        let body = wire;
        try {
          if (encoding === 'br') body = zlib.brotliDecompressSync(wire);
          else if (encoding === 'gzip') body = zlib.gunzipSync(wire);
        } catch (e) {
          return reject(new Error(`${url}: cannot decode ${encoding}: ${e.message}`));
        }
        resolve({ status: res.statusCode, encoding, wire: wire.length, body, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`${url}: timeout`)));
  });
}

/** The shell's assets, from the served HTML: stylesheet, module preloads, scripts, wasm. */
function assetsOf(html) {
  const out = [];
  for (const tag of html.match(/<(link|script)\b[^>]*>/g) ?? []) {
    const attr = (name) => tag.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1];
    const href = attr('href') ?? attr('src');
    if (!href) continue;
    const kind = href.endsWith('.css') ? 'css' : href.endsWith('.wasm') ? 'wasm' : href.endsWith('.js') ? 'js' : null;
    if (kind && !out.some((a) => a.href === href)) out.push({ kind, href });
  }
  return out;
}

/** What a script loads by itself: `'./name.js'` and `'./name.wasm'` literals (the loader's
 *  import and its `init` call), as hrefs relative to the script. */
function loadedBy(js, href) {
  const out = [];
  for (const [, rel] of js.matchAll(/['"](\.\/[\w.-]+\.(?:js|wasm))['"]/g)) {
    const kind = rel.endsWith('.wasm') ? 'wasm' : 'js';
    out.push({ kind, href: new URL(rel, new URL(href, 'http://x/')).pathname });
  }
  return out;
}

export async function measureBundle(base, slug) {
  const shellPath = `/profiles/${slug}`;
  const shell = await get(base + shellPath, 'identity');
  // The shell's own links, then what its scripts load: a profile page with a first screen
  // does not preload the wasm, the loader fetches it later, in the same visit.
  const files = [{ kind: 'html', href: shellPath }, ...assetsOf(shell.body.toString('utf8'))];
  const measured = [];
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    const url = new URL(f.href, base + '/').href;
    const raw = await get(url, 'identity');
    // A literal that names no file gets the app's HTML (client-side routes): not an asset.
    if (f.kind !== 'html' && String(raw.headers['content-type'] ?? '').startsWith('text/html')) continue;
    if (f.kind === 'js') {
      for (const more of loadedBy(raw.body.toString('utf8'), f.href)) {
        if (!files.some((g) => g.href === more.href)) files.push(more);
      }
    }
    const gz = await get(url, 'gzip');
    const br = await get(url, 'br');
    const best = {
      gzip: zlib.gzipSync(raw.body, { level: 9 }).length,
      br: brotliBest(raw.body),
    };
    measured.push({
      ...f,
      raw: raw.body.length,
      gzip: gz.wire,
      gzipEncoding: gz.encoding,
      br: br.wire,
      brEncoding: br.encoding,
      bestGzip: best.gzip,
      bestBr: best.br,
      cacheControl: raw.headers['cache-control'] ?? '',
    });
  }
  return measured;
}

/** The transfer floor: the wasm and JS of `tests/bench/stack-floor` (the smallest app on the
 *  viewer's stack, built by `cargo xtask bench` into `dir`), compressed as the viewer's are. */
export function measureStackFloor(dir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.wasm') || f.endsWith('.js'));
  if (!files.some((f) => f.endsWith('.wasm'))) throw new Error(`${dir} has no .wasm: the stack floor was not built`);
  let raw = 0;
  let br = 0;
  for (const f of files) {
    const body = fs.readFileSync(path.join(dir, f));
    raw += body.length;
    br += brotliBest(body);
  }
  return { files, raw, br };
}

export function bundleRows(files, floor = null) {
  const rows = [];
  const sum = (kind, key) => files.filter((f) => !kind || f.kind === kind).reduce((a, f) => a + f[key], 0);
  for (const kind of ['html', 'js', 'wasm', 'css']) {
    const of = files.filter((f) => f.kind === kind);
    if (of.length === 0) continue;
    const enc = [...new Set(of.map((f) => `gzip→${f.gzipEncoding}, br→${f.brEncoding}`))].join('; ');
    rows.push(
      row(
        'bundle',
        `${kind} raw / gzip / br (served)`,
        `${kb(sum(kind, 'raw'))} / ${kb(sum(kind, 'gzip'))} / ${kb(sum(kind, 'br'))}`,
        '',
        'info',
        `${of.map((f) => f.href).join(', ')}: Content-Encoding ${enc}; best possible gzip -9 ${kb(sum(kind, 'bestGzip'))}, brotli q11 ${kb(sum(kind, 'bestBr'))}`,
      ),
    );
  }
  // The three builds of the app (harness APP_CODE): a profile's page the server drew starts
  // the one that makes it live in place, the embed (and a profile page without a first
  // screen) the profile app, the other pages the whole one.
  for (const [name, prefix, budget] of [
    ["the profile page's app (its controls made live): wasm + glue, br (served)", '/profile-attach-', BUDGET_PROFILE_APP_BR],
    ['the embed\'s app (a profile rendered): wasm + glue, br (served)', '/profile-page-', null],
    ['the whole app (directory, map, saved): wasm + glue, br (served)', '/profile-viewer-', null],
  ]) {
    const of = files.filter((f) => APP_CODE.test(f.href) && f.href.startsWith(prefix));
    if (of.length === 0) continue;
    const br = of.reduce((a, f) => a + f.br, 0);
    rows.push(
      row(
        'bundle',
        name,
        kb(br),
        budget ? `≤ ${kb(budget)}` : '',
        budget ? verdict(br <= budget) : 'info',
        `${of.map((f) => `${f.href} ${kb(f.br)}`).join(', ')}; issue 23`,
      ),
    );
  }
  const total = sum(null, 'br');
  const allBr = files.every((f) => f.brEncoding === 'br');
  rows.push(
    row(
      'bundle',
      'the page and all of the app, br (served)',
      kb(total),
      '',
      'info',
      (allBr ? '' : 'some assets were not served brotli-encoded (see Content-Encoding above); ') +
        'what a visit transfers once the app runs (a signed-out reader\'s first visit fetches the app only when the reader reaches for a button)',
    ),
  );
  if (floor) {
    const appCode = sum('wasm', 'bestBr') + sum('js', 'bestBr') - floor.br;
    rows.push(
      row(
        'bundle',
        'transfer floor: wasm + js of the smallest app on this stack, raw / br',
        `${kb(floor.raw)} / ${kb(floor.br)}`,
        '',
        'info',
        `tests/bench/stack-floor (Leptos CSR, router, meta, gloo-net, serde_json; two routes, one fetched model), same release profile and wasm-opt; ` +
          `the 150 KB budget leaves ${kb(BUDGET_TOTAL_BR - floor.br)} for everything else (css, html, loader and all of the viewer's own code); the viewer's own wasm + js is ${kb(appCode)} br above the floor`,
      ),
    );
  }
  return rows;
}

/** What a signed-out reader's first visit to a profile page transfers, measured in Chromium:
 *  every response the page and the service worker fetch (the worker's install and its copy
 *  of the page for offline reading included), until that copy is kept and the network has
 *  been idle for a second. Body bytes as they came over the wire (brotli where served so),
 *  and headers apart. */
export async function measureFirstVisit(browser, base, slug) {
  const context = await browser.newContext();
  const responses = [];
  const pending = [];
  context.on('requestfinished', (req) => {
    pending.push(
      (async () => {
        const sizes = await req.sizes().catch(() => null);
        const enc = (await (await req.response().catch(() => null))?.headerValue('content-encoding').catch(() => null)) ?? 'identity';
        if (!sizes) return;
        // Chromium reports a negative size for an answer from the HTTP cache (nothing came
        // over the wire) and none for a worker's own script: that one is taken as served.
        let body = Math.max(0, sizes.responseBodySize);
        if (sizes.responseBodySize === 0 && req.url().endsWith('/sw.js')) body = (await get(req.url(), 'br')).wire;
        responses.push({ path: new URL(req.url()).pathname, worker: req.serviceWorker() !== null, body, headers: sizes.responseHeadersSize, enc });
      })(),
    );
  });
  try {
    const page = await context.newPage();
    await page.goto(`${base}/profiles/${slug}`, { waitUntil: 'load' });
    await page.waitForFunction(
      async (slug) => (await (await caches.open('pv-pages-v1')).keys()).some((r) => r.url.endsWith(`/profiles/${slug}`)),
      slug,
      { timeout: 30_000, polling: 100 },
    );
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1000);
    await Promise.all(pending);
    return responses;
  } finally {
    await context.close();
  }
}

export function firstVisitRows(responses) {
  const body = responses.reduce((a, r) => a + r.body, 0);
  const headers = responses.reduce((a, r) => a + r.headers, 0);
  const byWorker = responses.filter((r) => r.worker);
  const app = responses.filter((r) => APP_CODE.test(r.path));
  const encs = [...new Set(responses.filter((r) => r.body > 1024).map((r) => r.enc))].join(', ');
  return [
    row(
      'bundle',
      'first-visit transfer, everything fetched, br (a signed-out reader, in Chromium)',
      kb(body),
      '≤ 150.0 KB',
      verdict(body <= BUDGET_TOTAL_BR),
      `${responses.length} responses (${byWorker.length} by the service worker: its install and the page kept for offline), ` +
        `bodies as on the wire (Content-Encoding of those over 1 KB: ${encs}); headers ${kb(headers)} more; ` +
        `the app's code fetched: ${app.length ? app.map((r) => r.path).join(', ') : 'none'}`,
    ),
  ];
}
