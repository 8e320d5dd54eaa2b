// Starts the standalone viewer. An external file, so the strict CSP (no inline script)
// holds. `__PV_*__` names are filled in by `cargo xtask post-build` (xtask/src/scripts.rs).

import { releaseOf, showLogin, whenAppLoginOpens } from './first-screen.js';

// The folder this build is served from: `/`, or `/viewer/` for a `--public-url` build.
const root = new URL('./', import.meta.url).pathname;

// The reference server sends a profile's page and the directory with their first screen
// already in the body (rendered by crates/profile-views): the same markup as the app's
// render, marked `data-pv-first`. For a signed-out reader it is the whole page (its head
// says so: its start meta says `on-intent`), and the app is not needed to read it: the
// app takes the page over only when the reader reaches for one of its controls (pointer
// over it, focus on it, a press: a button, the directory's search box or menus), so reading
// costs neither the app's download nor a long task for its start and render. Meanwhile,
// once the browser is idle, the service worker keeps a profile's page for offline reading
// (keepVisit below). Every other page starts the app at once.
// Only whether there is one: a list of its elements kept here would keep them alive after
// the takeover removes them.
const hasFirstScreen = document.querySelector('[data-pv-first]') !== null;
const waitsForIntent =
  hasFirstScreen &&
  document.querySelector(`meta[name="${__PV_START_META__}"][content="${__PV_START_ON_INTENT__}"]`) !== null;

// The JSON the page shows, fetched while the wasm downloads and compiles and handed to the
// app as its first answer, so its first render shows the page. The reference server's shell
// preloads it (profile-server, static_files/shell.rs: a profile page that profile, the
// directory the index), and the fetch below then uses the preload. A shell without one (the
// service worker's cached copy, a static host, a page that waits for intent) gets the same
// two pages from the address. A signed-in member's profile page preloads the session and
// the briefing bodies the member may read as well, which go over the same way. Under a first
// screen the app also gets the site config, whose names the first screen shows. Only a live
// 2xx goes over; after anything else the app asks the server itself.
function firstApiUrls() {
  const preloads = [...document.querySelectorAll('link[rel="preload"][as="fetch"][crossorigin="use-credentials"]')];
  const hrefs = preloads.flatMap((link) => (link instanceof HTMLLinkElement ? [new URL(link.href)] : []));
  if (hrefs.length) return hrefs;
  if (location.pathname === root) return [new URL(`${root}api/profiles`, location.href)];
  const slug = profileSlug();
  return slug ? [new URL(`${root}api/profiles/${slug}`, location.href)] : [];
}
// The slug of the profile page at this address, if it is one.
function profileSlug() {
  if (!location.pathname.startsWith(root)) return null;
  return location.pathname.slice(root.length).match(/^profiles\/([a-z0-9-]{1,120})$/)?.[1] ?? null;
}
function answer(url) {
  // Same mode, credentials and Accept as the app's own request, so a preload is used.
  const first = { path: url.pathname, body: null };
  first.body = fetch(url, { credentials: 'include', headers: { Accept: 'application/json' } })
    .then((r) => (r.ok && !r.headers.has(__PV_CACHED_AT_HEADER__) ? r.text() : null))
    .catch(() => null);
  // Once settled, the app gets the text itself (or null) instead of the promise.
  first.body.then((text) => (first.body = text));
  return first;
}
// The page's JSON first: without it, a page with a first screen does not start (run).
function firstAnswers() {
  const ours = (url) => url.origin === location.origin && url.pathname.startsWith(`${root}api/`);
  const answers = firstApiUrls().filter(ours).map(answer);
  if (answers.length && hasFirstScreen) answers.push(answer(new URL(`${root}api/site`, location.href)));
  return answers;
}

// The app replaces the first screen in one task, so nothing in between is painted. What the
// reader did to it meanwhile carries over: focus and the caret, open <details>, text typed
// and options chosen, and a button pressed before the app could answer it (it is pressed
// again on the app's own button).
let pressed = null;
function pathOf(el) {
  const path = [];
  for (; el && el.parentElement && el !== document.body; el = el.parentElement) {
    path.unshift(Array.prototype.indexOf.call(el.parentElement.children, el));
  }
  return el === document.body ? path : null;
}
// The first screen's login dialog, while it stays open through the takeover (keepLogin), is
// not part of the page's shape: the app's elements come after it in the body.
function elementAt(path) {
  if (!path) return null;
  const top = [...document.body.children].filter((el) => el !== keptLogin);
  return path.length ? path.slice(1).reduce((el, i) => el?.children[i], top[path[0]]) ?? null : document.body;
}
// The controls whose value the reader changed, and to what.
function editedControls() {
  const edits = [];
  for (const el of document.querySelectorAll('[data-pv-first] :is(input, select, textarea)')) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) continue;
    if (keptLogin?.contains(el)) continue;
    const changed =
      el instanceof HTMLSelectElement ? [...el.options].some((o) => o.selected !== o.defaultSelected) : el.value !== el.defaultValue;
    if (changed) edits.push({ path: pathOf(el), value: el.value });
  }
  return edits;
}
// Each on the app's twin, with the event the app's own handler reads (typing: `input`).
// Gives back the edits whose twin is not there yet.
function editAgain(edits) {
  return edits.filter(({ path, value }) => {
    const el = elementAt(path);
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) return true;
    el.value = value;
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
    return false;
  });
}
// An element's kind, to find its twin in the app's render: same place, tag and id.
function kindOf(el) {
  return el ? `${el.tagName}#${el.id}` : '';
}
// The caret (or selection) of a focused text field.
function caretOf(el) {
  const text = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;
  return text && el.selectionStart !== null ? [el.selectionStart, el.selectionEnd, el.selectionDirection] : null;
}
function setCaret(el, caret) {
  if (caret && (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) el.setSelectionRange(caret[0], caret[1], caret[2]);
}
function onEarlyClick(event) {
  const button = event.target.closest?.('[data-pv-first] button');
  if (!button || onEarlyLoginClick(button)) return;
  event.preventDefault();
  pressed = pathOf(button);
  button.setAttribute('aria-busy', 'true');
  // The app may still be downloading (it is fetched on the reader's reach): say so to screen
  // readers, in the page's hidden status. Visible text would move the page under the
  // reader's next click; the button shows it is working (main.css).
  const status = document.querySelector('[data-pv-first] .pv-sr-only[role="status"]');
  if (status) status.textContent = 'Loading the viewer…';
}

// "Log in" pressed before the app has arrived opens the first screen's own copy of the login
// dialog at once (profile-views' LoginDialogView, closed in the HTML), so the reader types
// while the app downloads. The takeover opens the app's dialog in its place, with what was
// typed, the focus and a submit carried over (reopenLogin).
let loginOpener = null;
let loginSubmitted = false;
function firstLoginDialog() {
  const dialog = document.querySelector(`dialog[data-pv-first].${__PV_LOGIN_DIALOG_CLASS__}`);
  return dialog instanceof HTMLDialogElement ? dialog : null;
}
// Whether the press was the first screen's login dialog's to answer.
function onEarlyLoginClick(button) {
  const dialog = firstLoginDialog();
  if (!dialog) return false;
  if (!dialog.open && button.matches(__PV_LOGIN_OPENERS__)) {
    loginOpener = pathOf(button);
    showLogin(dialog);
    return true;
  }
  if (!dialog.contains(button)) return false;
  // The submit button's own press goes on: the browser checks the fields, then submits
  // (onEarlySubmit). The other button closes the dialog.
  if (button.getAttribute('type') !== 'submit') dialog.close();
  return true;
}
function onEarlySubmit(event) {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.closest('[data-pv-first]')) return;
  // Never the browser's own submission: it would put the password into the address.
  event.preventDefault();
  loginSubmitted = true;
  form.querySelector('button[type="submit"]')?.setAttribute('aria-busy', 'true');
}
function onEarlyLoginClose() {
  keptLogin = null;
  loginOpener = null;
  loginSubmitted = false;
  firstLoginDialog()?.querySelector('[aria-busy="true"]')?.removeAttribute('aria-busy');
}
if (hasFirstScreen) {
  document.addEventListener('submit', onEarlySubmit, true);
  firstLoginDialog()?.addEventListener('close', onEarlyLoginClose);
}
// An open login dialog stays through the takeover, the reader typing on, until the app's
// opener and dialog are in (the app's header may come a little after the rest of its page):
// a keystroke must never find no field. Then, in one task, the app's dialog is opened through
// its opener (so focus goes back there on close) with what the first one holds: the values,
// the focused field and its caret, and a submit made meanwhile. The reader's Escape
// meanwhile closes it for good; after KEPT_LOGIN_MS without the app's, it goes.
const KEPT_LOGIN_MS = 3000;
let keptLogin = null;
function keepLogin(dialog) {
  keptLogin = dialog;
  const until = performance.now() + KEPT_LOGIN_MS;
  const watch = new MutationObserver(() => handOver());
  const done = () => {
    keptLogin = null;
    watch.disconnect();
    dropEarlyLogin();
    dialog.remove();
  };
  const handOver = () => {
    if (keptLogin !== dialog) return done();
    const button = elementAt(loginOpener);
    const twin = document.querySelector(`dialog.${__PV_LOGIN_DIALOG_CLASS__}:not([data-pv-first])`);
    if (button instanceof HTMLElement && twin instanceof HTMLDialogElement) {
      const carried = carriedLogin(dialog);
      done();
      reopenLogin(carried, button, twin);
    } else if (performance.now() > until) {
      done();
    } else {
      requestAnimationFrame(handOver);
    }
  };
  watch.observe(document.body, { childList: true, subtree: true });
  handOver();
}
// What the reader left in the first login dialog, each field by its path in the dialog.
function carriedLogin(dialog) {
  const within = (el) => (el && dialog.contains(el) ? pathOf(el)?.slice(pathOf(dialog)?.length) : null);
  return {
    values: [...dialog.querySelectorAll('input')].map((el) => [within(el), el.value]),
    focused: within(document.activeElement),
    caret: caretOf(document.activeElement),
    submitted: loginSubmitted,
  };
}
function reopenLogin({ values, focused, caret, submitted }, button, twin) {
  const at = (path) => path?.reduce((el, i) => el?.children[i], twin) ?? null;
  for (const [path, value] of values) {
    const el = at(path);
    if (!(el instanceof HTMLInputElement)) continue;
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }
  whenAppLoginOpens(twin, at(focused), caret, submitted);
  button.focus({ preventScroll: true });
  button.click();
}
if (hasFirstScreen) document.addEventListener('click', onEarlyClick, true);

// A press under way on the first screen holds the takeover back until its click has been
// answered (run): a click whose press and release land on different elements (the first
// screen's and its twin) never fires, and the press would be lost.
let pressUnderWay = null;
function onEarlyPress(event) {
  const target = event.target;
  if (pressUnderWay || !(target instanceof Element) || !target.closest('[data-pv-first]')) return;
  pressUnderWay = releaseOf(event, target);
  pressUnderWay?.then(() => (pressUnderWay = null));
}
const PRESSES = ['pointerdown', 'keydown'];
if (hasFirstScreen) PRESSES.forEach((type) => document.addEventListener(type, onEarlyPress, true));
// The first screen's listeners go once the app has its controls; the login dialog's stay
// while that dialog is kept open (keepLogin), which drops them when it goes.
function dropEarlyLogin() {
  document.removeEventListener('click', onEarlyClick, true);
  document.removeEventListener('submit', onEarlySubmit, true);
}
function dropEarlyListeners() {
  if (!keptLogin) dropEarlyLogin();
  PRESSES.forEach((type) => document.removeEventListener(type, onEarlyPress, true));
}
// When the first screen counts as seen: the document is parsed by now, so once a frame has
// been painted after this point and the browser has recorded it (with a browser that has
// largest-contentful-paint entries, at least one; 1 s at most, for a tab in the background,
// which paints nothing). The browser records a paint on the main thread a little after it,
// and an element removed before then does not count: the first screen would look as if it
// had never been seen.
const firstScreenSeen = hasFirstScreen
  ? Promise.race([
      new Promise((resolve) => setTimeout(resolve, 1000)),
      Promise.all([
        new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve)))),
        new Promise((resolve) => {
          if (!PerformanceObserver.supportedEntryTypes?.includes('largest-contentful-paint')) return resolve();
          new PerformanceObserver((_, observer) => {
            observer.disconnect();
            resolve();
          }).observe({ type: 'largest-contentful-paint', buffered: true });
        }),
      ]),
    ])
  : null;

// Which of the app's three builds this page starts. A profile's page the server drew gets the
// smallest (src/bin/profile-attach.rs): it makes the page's controls live where they stand,
// since the server's HTML already is the page. A profile's page without a first screen (the
// service worker's shell offline, another backend) gets the profile app (src/bin/profile-page.rs:
// the profile rendered, no directory, map or saved page), every other page the whole app. A
// page that preloads the whole app's wasm (the shell as built, which a server other than the
// reference one may send for any address) uses that one, which has every page too.
const wholeApp = { js: __PV_JS__, wasm: new URL(__PV_WASM__, import.meta.url) };
const attaches = hasFirstScreen && profileSlug() !== null;
const appFiles = attaches
  ? { js: __PV_ATTACH_APP_JS__, wasm: new URL(__PV_ATTACH_APP_WASM__, import.meta.url) }
  : profileSlug() && !document.querySelector(`link[rel="preload"][href="${wholeApp.wasm.pathname}"]`)
    ? { js: __PV_PROFILE_APP_JS__, wasm: new URL(__PV_PROFILE_APP_WASM__, import.meta.url) }
    : wholeApp;

// The wasm, fetched, compiled and instantiated once; after a failure the next call tries
// again. A page with a first screen asks for it only once that is seen (its shell has no
// preload of it): on a slow link the download would otherwise hold up the stylesheets, and
// so the first screen.
let wasm = null;
function loadWasm() {
  if (!wasm) {
    // The wasm's request starts with the glue's, not after it: one round trip fewer.
    const download = fetch(appFiles.wasm);
    wasm = import(appFiles.js).then(async (glue) => {
      await glue.default({ module_or_path: download });
      performance.mark('pv:wasm-ready');
      return glue;
    });
    wasm.catch(() => (wasm = null));
  }
  return wasm;
}

// The first honest sign that the reader may soon press something: the pointer moving or a
// touch anywhere on the page, or focus entering it. The app's code then downloads and
// compiles (it does not start), so a press waits only for the app's start and render.
function warmOnFirstSign() {
  const signs = ['pointermove', 'touchstart', 'focusin'];
  const warm = () => {
    signs.forEach((type) => removeEventListener(type, warm, true));
    firstScreenSeen.then(() => loadWasm().catch(() => {}));
  };
  signs.forEach((type) => addEventListener(type, warm, { capture: true, passive: true }));
}

// Starts the app, once.
let started = null;
function start() {
  started ??= run();
  return started;
}
async function run() {
  const answers = firstAnswers();
  if (hasFirstScreen) await firstScreenSeen;
  let glue;
  try {
    glue = await loadWasm();
  } catch (error) {
    console.error('profile viewer: could not start', error);
    if (hasFirstScreen) couldNotStart();
    else cannotRun();
    return;
  }
  const pending = answers.map((a) => a.body).filter((body) => body instanceof Promise);
  if (pending.length) {
    // The answers are usually a few milliseconds behind. With the first screen showing, wait
    // for them: the app can then render the same page. Without, waiting up to 100 ms (what
    // still reads as instant) costs less than rendering, laying out and painting a skeleton.
    const all = Promise.all(pending);
    await (hasFirstScreen ? all : Promise.race([all, new Promise((r) => setTimeout(r, 100))]));
  }
  if (hasFirstScreen && typeof answers[0]?.body !== 'string') {
    // Without the page's JSON the app could only show an error where the reader is reading.
    couldNotStart();
    return;
  }
  const paths = answers.map((a) => a.path);
  const bodies = answers.map((a) => a.body);
  if (!hasFirstScreen) {
    glue.start_app(root, paths, bodies);
    return;
  }
  while (pressUnderWay) await pressUnderWay;
  const login = loginOpener ? firstLoginDialog() : null;
  if (login?.open) keptLogin = login;
  if (attaches) {
    attach(glue, paths, bodies);
    return;
  }
  dropEarlyListeners();
  const focused = keptLogin ? null : pathOf(document.activeElement);
  const focusedKind = kindOf(document.activeElement);
  const caret = caretOf(document.activeElement);
  let edits = editedControls();
  const open = [...document.querySelectorAll('[data-pv-first] details[open]')].map(pathOf);
  const { scrollX, scrollY } = window;
  document.querySelectorAll('[data-pv-first]').forEach((el) => el !== keptLogin && el.remove());
  glue.take_over_page(root, paths, bodies);
  if (keptLogin) keepLogin(keptLogin);
  // A focused text field's twin, when the app's render has it at once: focus moves before
  // the reader's next keystroke, which would otherwise go to no field (the old one is gone).
  const twin = caret && focused?.length ? elementAt(focused) : null;
  const focusedNow = twin !== null && kindOf(twin) === focusedKind;
  if (focusedNow) {
    edits = editAgain(edits);
    twin.focus({ preventScroll: true });
    setCaret(twin, caret);
  }
  // The app finishes its first render in the microtasks after `start_app`; the next animation
  // frame comes after them and before anything is painted.
  requestAnimationFrame(() => {
    open.forEach((path) => elementAt(path)?.setAttribute('open', ''));
    editAgain(edits);
    if (window.scrollX !== scrollX || window.scrollY !== scrollY) window.scrollTo(scrollX, scrollY);
    if (focused?.length && !focusedNow) {
      elementAt(focused)?.focus?.({ preventScroll: true });
      setCaret(elementAt(focused), caret);
    }
    elementAt(pressed)?.click?.();
  });
}

// A profile's page the server drew stays the page: the app replaces only its controls, each
// with its twin at the same place (src/attach.rs), and adds its login dialog. What the
// reader was on carries over: focus on a control that was replaced, a press the first screen
// held back, a login dialog open meanwhile (keepLogin). The page's marks go with the first
// screen's listeners; the open dialog keeps its own until the app's takes its place.
function attach(glue, paths, bodies) {
  const focused = keptLogin ? null : pathOf(document.activeElement);
  if (!glue.attach_page(root, paths, bodies)) {
    couldNotStart();
    return;
  }
  if (!keptLogin) firstLoginDialog()?.remove();
  dropEarlyListeners();
  document.querySelectorAll('[data-pv-first]').forEach((el) => el !== keptLogin && el.removeAttribute('data-pv-first'));
  if (keptLogin) keepLogin(keptLogin);
  if (focused?.length && document.activeElement === document.body) elementAt(focused)?.focus?.({ preventScroll: true });
  // The app's cards settle in the microtasks after the attach; the next frame comes after them.
  requestAnimationFrame(() => elementAt(pressed)?.click?.());
}

// A page the app has not taken over is still kept for offline reading (contract sec. 6),
// once the browser is idle after the load: the service worker (registered on the directory
// too) keeps a profile's page and its JSON (web/sw.js). It keeps a page it serves by
// itself; a first visit, which it did not serve, is asked for. A reader who has used the
// app has its code on the device: it is made ready then (no download), so a reach waits
// only for the app's render. When the device refuses the copy (full storage) the app takes
// the page over after all: it says so, in its own note.
function keepWhenIdle() {
  const idle = () => (window.requestIdleCallback ? requestIdleCallback(keepVisit, { timeout: 5000 }) : setTimeout(keepVisit, 1000));
  if (document.readyState === 'complete') idle();
  else addEventListener('load', idle, { once: true });
}
async function keepVisit() {
  const slug = profileSlug();
  if (started || !navigator.serviceWorker) return;
  if (await caches.match(appFiles.wasm.href).catch(() => null)) loadWasm().catch(() => {});
  const served = navigator.serviceWorker.controller;
  // The app registers the same worker, with the same scope (src/offline/worker.rs).
  const registration = await navigator.serviceWorker.register(`${root}${__PV_SERVICE_WORKER__}`, { scope: root }).catch(() => null);
  // The directory needs nothing kept: the worker serves the app's shell for it offline.
  if (!registration || served || !slug) return;
  const worker = (await navigator.serviceWorker.ready).active;
  const kept = await new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data?.kept);
    worker.postMessage({ keep: slug }, [channel.port2]);
  });
  if (kept === false && !started) start();
}

// The wasm or the page's JSON did not come (offline, a dropped connection): the first screen
// stays, readable, says so where the page reports status, and the next reach tries again.
function couldNotStart() {
  started = null;
  pressed = null;
  loginSubmitted = false;
  document.querySelectorAll('[data-pv-first] [aria-busy="true"]').forEach((b) => b.removeAttribute('aria-busy'));
  // An open login dialog makes the rest of the page inert: the message goes into its alert.
  const dialog = firstLoginDialog();
  const status = dialog?.open
    ? dialog.querySelector('[role="alert"]')
    : document.querySelector('[data-pv-first] :is(.pv-save__status, .pv-results-status)');
  if (status) status.textContent = 'The viewer could not load. Check the connection and try again.';
  waitForIntent();
}

// A page with no first screen whose app cannot load (offline, and the app's code is not on
// this device yet) says so instead of staying blank.
function cannotRun() {
  started = null;
  const note = document.createElement('p');
  note.className = 'pv-cannot-run';
  note.setAttribute('role', 'alert');
  note.textContent = 'The viewer could not load. Check the connection and reload the page.';
  document.body.append(note);
}

// The reader reaching for a control, or a sign-in in another tab of this viewer (the app's
// session store announces it on this channel, src/session.rs), which has briefings to show.
// That message is passed on to the app once it runs: the other tab's "signed in here" mark
// in localStorage, which the app reads when it starts, may not have reached this tab yet.
// Gives back the start, for a reach that came before the listeners (reachedAlready).
function waitForIntent() {
  const intents = ['pointerover', 'pointerdown', 'focusin', 'click'];
  const name = `${__PV_SESSION_CHANNEL__}${root}api`;
  const session = 'BroadcastChannel' in window ? new BroadcastChannel(name) : null;
  const go = (message) => {
    intents.forEach((type) => document.removeEventListener(type, onIntent, true));
    session?.close();
    start().then(() => {
      if (!message || document.querySelector('[data-pv-first]')) return;
      const forward = new BroadcastChannel(name);
      forward.postMessage(message);
      forward.close();
    });
  };
  const onIntent = (event) => {
    if (event.target.closest?.('[data-pv-first] :is(button, input, select, textarea)')) go(null);
  };
  intents.forEach((type) => document.addEventListener(type, onIntent, { capture: true, passive: true }));
  if (session) session.onmessage = (event) => event.data === 'signed-in' && go(event.data);
  return go;
}

// A reader quicker than this script (it runs once the page is parsed and it has arrived)
// may already be in a control, or have typed or chosen something.
function reachedAlready() {
  const focused = document.activeElement?.closest?.('[data-pv-first] :is(button, input, select, textarea)');
  return Boolean(focused) || editedControls().length > 0;
}

if (waitsForIntent) {
  // Only here: after a failed start (couldNotStart) a control still focused must not retry
  // at once, again and again; the reader's next reach does.
  const go = waitForIntent();
  if (reachedAlready()) go(null);
  warmOnFirstSign();
  keepWhenIdle();
  // Back or forward to an entry the app made in this tab before a reload: the address is no
  // longer this page's, and there is no app yet to show it.
  addEventListener('popstate', () => started || location.reload());
} else {
  start();
}
