// The profile viewer's service worker: offline reading for the standalone app (issue 7).
// JavaScript because a service worker has to be; it is small on purpose.
//
// - App shell: the files of this build, precached at install, served cache-first.
//   VERSION and PRECACHE below are written by `cargo xtask post-build` from the Trunk build
//   (xtask/src/precache.rs); never edit them by hand. A new build is a new VERSION: its worker
//   installs next to the old one, waits until the page says "Reload", then deletes the old
//   shell caches.
// - Navigations: the cached index.html (client-side routes work offline).
// - Public API answers (/site, /profiles, /profiles/{slug}): network first with a short
//   timeout, falling back to the last copy. Copies served from the cache carry
//   `x-pv-cached-at` (epoch ms), so the app can say "Offline — saved copy from ...".
// - Everything else, and in particular briefings (/profiles/*/briefings/*) and /auth/*,
//   goes to the network untouched and is never stored here: member-only bytes must not
//   land in a cache that outlives the session.

const VERSION = 'dev';
const PRECACHE = [];

const SHELL_CACHE = `pv-shell-${VERSION}`;
const DATA_CACHE = 'pv-data-v1'; // also named in src/offline/worker.rs
const NETWORK_TIMEOUT_MS = 3000;

// The worker's own folder is the app's base ("/" or e.g. "/viewer/").
const BASE = new URL('./', self.location).pathname;
const INDEX = new URL('./index.html', self.location).href;
const BASE_PATTERN = BASE.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
const PUBLIC_API = new RegExp(`^${BASE_PATTERN}api/(site|profiles(/[a-z0-9-]{1,120})?)$`);

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE).then((cache) =>
      // `reload` skips the HTTP cache, so the shell is exactly this build's files.
      cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' }))),
    ),
  );
  // The first install takes over at once; an update waits for the reader (see 'message').
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((name) => name.startsWith('pv-shell-') && name !== SHELL_CACHE)
          .map((name) => caches.delete(name)),
      );
      await self.clients.claim();
    })(),
  );
});

// "A new version is available — Reload": the page asks the waiting worker to take over.
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (PUBLIC_API.test(url.pathname) && !url.search) {
    event.respondWith(networkFirst(request));
    return;
  }
  if (url.pathname.startsWith(`${BASE}api/`)) return; // briefings, auth: network only
  if (request.mode === 'navigate' && !/\.[a-z0-9]+$/i.test(url.pathname)) {
    event.respondWith(shellFirst(INDEX, request));
    return;
  }
  event.respondWith(shellFirst(request, request));
});

/** Cache-first from this build's shell; anything not in it goes to the network. */
async function shellFirst(key, request) {
  const cache = await caches.open(SHELL_CACHE);
  const hit = await cache.match(key);
  return hit || fetch(request);
}

/** Network first; after NETWORK_TIMEOUT_MS or a network error, the stored copy if any. */
async function networkFirst(request) {
  const cache = await caches.open(DATA_CACHE);
  const network = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, await stamped(response.clone()));
    return response;
  });
  network.catch(() => {}); // handled below; avoid an unhandled rejection if the cache wins
  const timeout = new Promise((resolve) => setTimeout(resolve, NETWORK_TIMEOUT_MS, 'timeout'));
  try {
    const first = await Promise.race([network, timeout]);
    if (first !== 'timeout') return first;
  } catch (_) {
    // offline or the server is down: try the copy
  }
  const copy = await cache.match(request);
  // No copy: keep waiting for the network (a slow answer beats none; an error stays one).
  return copy || network;
}

/** The answer with the time it was stored, so a later copy can say how old it is. */
async function stamped(response) {
  const headers = new Headers(response.headers);
  headers.set('x-pv-cached-at', String(Date.now()));
  return new Response(await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
