// The profile viewer's service worker: offline reading for the standalone app.
// JavaScript because a service worker has to be; it is small on purpose. `__PV_*__` names
// are filled in by `cargo xtask post-build` (xtask/src/scripts.rs).
//
// - App shell: the files of this build, precached at install, served cache-first.
//   VERSION and PRECACHE come from the Trunk build (xtask/src/precache.rs). A new build is
//   a new VERSION: its worker
//   installs next to the old one, waits until the page says "Reload", then deletes the old
//   shell caches. The app's code (the wasm and its JS) is precached only for a reader who has
//   used the app (an older shell holds it); otherwise it is kept the first time the page
//   fetches it. A reader who only reads pages never downloads it.
// - Profile pages (`profiles/{slug}`): network first. A signed-out page is the whole profile
//   in HTML (rendered by crates/profile-views): it is kept, with the profile's JSON, as a
//   copy that opens with no network (contract sec. 6). Offline, the app opens (when its code
//   is here; it reads its copies and a member's briefings), else the kept page, with the
//   note "Offline — saved copy from …" written into it. The loader asks for a page to be kept
//   on a first visit, which this worker did not serve ('message' below).
// - Other navigations: the cached index.html (client-side routes work offline).
// - Public API answers (/site, /profiles, /profiles/{slug}): network first with a short
//   timeout, falling back to the last copy. Copies served from the cache carry
//   the CACHED_AT header (epoch ms), so the app can say "Offline — saved copy from ...".
// - Everything else, and in particular briefings (/profiles/*/briefings/*) and /auth/*,
//   goes to the network untouched and is never stored here: member-only bytes must not
//   land in a cache that outlives the session. A kept page is fetched without cookies.

/// <reference lib="webworker" />
// `self` as what it is here (TypeScript's checker types it as any worker).
const worker = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

const VERSION = __PV_VERSION__;
const PRECACHE = __PV_PRECACHE__;

const SHELL_CACHE = `pv-shell-${VERSION}`;
const DATA_CACHE = __PV_DATA_CACHE__;
const PAGES_CACHE = __PV_PAGES_CACHE__;
const NETWORK_TIMEOUT_MS = 3000;
// As many pages as the app keeps recent copies.
const PAGE_LIMIT = __PV_RECENT_LIMIT__;
// What the server's whole signed-out page says in its head (the loader reads it too).
const WHOLE_PAGE = `<meta name="${__PV_START_META__}" content="${__PV_START_ON_INTENT__}">`;
const CACHED_AT = __PV_CACHED_AT_HEADER__;
const REVISION = __PV_REVISION_HEADER__;
// Where a kept page gets its note: the bar the app puts its own note in.
const NOTE_BAR = '<div class="pv-offline-bar">';
// The app's code: the wasm and the JS that loads it.
const APP_CODE = PRECACHE.filter((url) => url.endsWith('_bg.wasm')).flatMap((url) => [url, url.replace(/_bg\.wasm$/, '.js')]);

// The worker's own folder is the app's base ("/" or e.g. "/viewer/").
const BASE = new URL('./', worker.location.href).pathname;
const INDEX = new URL('./index.html', worker.location.href).href;
const BASE_PATTERN = BASE.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
const PUBLIC_API = new RegExp(`^${BASE_PATTERN}api/(site|profiles(/[a-z0-9-]{1,120})?)$`);
const PROFILE_PAGE = new RegExp(`^${BASE_PATTERN}profiles/([a-z0-9-]{1,120})$`);
const APP_URLS = new Set(APP_CODE.map((url) => new URL(url, worker.location.href).href));
const SHELL_URLS = new Set(PRECACHE.map((url) => new URL(url, worker.location.href).href));

worker.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const files = (await appUsedBefore()) ? PRECACHE : PRECACHE.filter((url) => !APP_CODE.includes(url));
      const cache = await caches.open(SHELL_CACHE);
      // `reload` skips the HTTP cache, so the shell is exactly this build's files; a name with
      // the build's hash (as the server reads one, `is_hashed`) is that already, and the
      // page has usually just fetched it.
      const hashed = /-[0-9a-f]{8,16}(_bg)?\.[a-z]+$/;
      await cache.addAll(files.map((url) => new Request(url, { cache: hashed.test(url) ? 'default' : 'reload' })));
    })(),
  );
  // The first install takes over at once; an update waits for the reader (see 'message').
});

/** Whether an older build's shell holds the app's code: this reader uses the app. */
async function appUsedBefore() {
  for (const name of await caches.keys()) {
    if (!name.startsWith('pv-shell-') || name === SHELL_CACHE) continue;
    const keys = await (await caches.open(name)).keys();
    if (keys.some((request) => request.url.endsWith('.wasm'))) return true;
  }
  return false;
}

/** Whether this build's app can start with no network. */
async function appIsHere() {
  const cache = await caches.open(SHELL_CACHE);
  for (const url of APP_URLS) if (!(await cache.match(url))) return false;
  return true;
}

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((name) => name.startsWith('pv-shell-') && name !== SHELL_CACHE)
          .map((name) => caches.delete(name)),
      );
      await worker.clients.claim();
    })(),
  );
});

// "A new version is available — Reload": the page asks the waiting worker to take over.
// `{ keep: slug }`: the loader asks for the page it shows to be kept (a first visit, which
// this worker did not serve); the answer on the message's port says whether it was.
// 'keep-app': the app runs (src/offline/worker.rs): its code is kept, usually from the HTTP
// cache, so it opens with no network.
worker.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') worker.skipWaiting();
  if (event.data === 'keep-app') {
    event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(APP_CODE)).catch(() => {}));
  }
  const slug = event.data?.keep;
  if (typeof slug === 'string' && /^[a-z0-9-]{1,120}$/.test(slug)) {
    event.waitUntil(keepPage(slug, null).then((kept) => event.ports[0]?.postMessage({ kept })));
  }
});

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) return;

  if (PUBLIC_API.test(url.pathname) && !url.search) {
    event.respondWith(networkFirst(request));
    return;
  }
  if (url.pathname.startsWith(`${BASE}api/`)) return; // briefings, auth: network only
  const page = url.pathname.match(PROFILE_PAGE);
  if (request.mode === 'navigate' && page && !url.search) {
    event.respondWith(profilePage(event, request, page[1]));
    return;
  }
  if (request.mode === 'navigate' && !/\.[a-z0-9]+$/i.test(url.pathname)) {
    event.respondWith(shellFirst(INDEX, request));
    return;
  }
  event.respondWith(shellFirst(request, request));
});

/** Cache-first from this build's shell; anything not in it goes to the network. The app's
 *  code, not precached for a reader who had not used the app, is kept when first fetched. */
async function shellFirst(key, request) {
  const cache = await caches.open(SHELL_CACHE);
  const hit = await cache.match(key);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && SHELL_URLS.has(request.url)) await cache.put(request.url, response.clone()).catch(() => {});
  return response;
}

/** A profile's page: the server's (kept when it is a whole signed-out page); offline, the
 *  app, or the kept page with its note. */
async function profilePage(event, request, slug) {
  const network = fetch(request).then((response) => {
    // After a timeout the event may be over: the page is then kept on the next visit.
    if (response.ok) {
      try {
        event.waitUntil(keepPage(slug, response.clone()));
      } catch (_) {}
    }
    return response;
  });
  const first = await inTime(network);
  if (first) return first;
  if (await appIsHere()) return (await caches.open(SHELL_CACHE)).match(INDEX);
  return (await keptPage(slug)) || network;
}

/** Keeps a profile's whole signed-out page and its JSON (the app's offline copy when it
 *  opens later). `page`: the server's answer to a navigation, or null to fetch it without
 *  cookies. True when kept; null when there is nothing to keep (a signed-in page, an error,
 *  no network); false when the device refused to store it. */
async function keepPage(slug, page) {
  const apiUrl = new URL(`${BASE}api/profiles/${slug}`, worker.location.href).href;
  let html, answer, revision;
  try {
    page ??= await fetch(pageUrlOf(slug), { credentials: 'omit' });
    html = await page.text();
    if (!page.ok || !html.includes(WHOLE_PAGE)) return null;
    answer = await fetch(apiUrl, { credentials: 'omit', headers: { Accept: 'application/json' } });
    if (!answer.ok) return null;
    revision = Number((await answer.clone().json()).revision);
  } catch (_) {
    return null;
  }
  try {
    await (await caches.open(DATA_CACHE)).put(apiUrl, await stamped(answer));
    const copy = new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
    const pages = await caches.open(PAGES_CACHE);
    await pages.put(pageUrlOf(slug), await stamped(copy, { [REVISION]: String(revision) }));
    // The oldest pages go first (keys come back in the order they were put).
    const keys = await pages.keys();
    await Promise.all(keys.slice(0, Math.max(0, keys.length - PAGE_LIMIT)).map((key) => pages.delete(key)));
    return true;
  } catch (_) {
    return false;
  }
}

/** The kept page of a profile, with the note the app would show ("Offline — saved copy from
 *  <date>, revision N"); null when there is none. */
async function keptPage(slug) {
  const copy = await (await caches.open(PAGES_CACHE)).match(pageUrlOf(slug));
  if (!copy) return null;
  const note = `Offline — saved copy from ${when(Number(copy.headers.get(CACHED_AT)))}, revision ${copy.headers.get(REVISION)}`;
  const html = (await copy.text()).replace(
    NOTE_BAR,
    `${NOTE_BAR}<p class="pv-offline-banner pv-offline-banner--offline" role="status" data-notice="offline">${note}</p>`,
  );
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
}

function pageUrlOf(slug) {
  return new URL(`${BASE}profiles/${slug}`, worker.location.href).href;
}

/** "25 Nov 2026, 19:56 UTC", as the app writes it (format_ms, src/offline/catalog.rs). */
function when(ms) {
  const d = new Date(ms);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;
}

/** Network first; after NETWORK_TIMEOUT_MS or a network error, the stored copy if any. */
async function networkFirst(request) {
  const cache = await caches.open(DATA_CACHE);
  const network = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, await stamped(response.clone()));
    return response;
  });
  const first = await inTime(network);
  if (first) return first;
  const copy = await cache.match(request);
  // No copy: keep waiting for the network (a slow answer beats none; an error stays one).
  return copy || network;
}

/** The network's answer if it comes within NETWORK_TIMEOUT_MS; null after that or on a
 *  network error (offline, the server down). `network` goes on either way. */
async function inTime(network) {
  network.catch(() => {}); // avoid an unhandled rejection when the timeout wins
  const timeout = new Promise((resolve) => setTimeout(resolve, NETWORK_TIMEOUT_MS, null));
  try {
    return await Promise.race([network, timeout]);
  } catch (_) {
    return null;
  }
}

/** The answer with the time it was stored (and `more` headers), so a later copy can say how
 *  old it is. */
async function stamped(response, more = {}) {
  const headers = new Headers(response.headers);
  headers.set(CACHED_AT, String(Date.now()));
  for (const [name, value] of Object.entries(more)) headers.set(name, value);
  return new Response(await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
