// <profile-viewer>: the profile viewer as a custom element for any page.
//   <script type="module" src="https://viewer.example/embed.js"></script>
//   <profile-viewer profile="some-slug"></profile-viewer>
// `__PV_*__` names are filled in by `cargo xtask post-build` (xtask/src/scripts.rs). This URL is stable and served `no-cache`; the files
// it imports are named after their content and cached forever, so a new build is picked up
// at once. The logic is in Rust (src/embed.rs); this file wires the element to it and shows
// the server's first paint until the reader needs the app. Docs: docs/embedding.md.
//
// An element first shows the profile as the viewer's server renders it (the same components
// as the app, `GET /embed/profiles/{slug}`), inside its shadow root, without the app. The
// app (its JS and wasm, fetched in parallel) comes when the reader reaches for the element
// (pointer, touch, focus, a key), when the host calls setSession, or when there is no first
// paint (another API, an old server). `loading="lazy"` (the default) starts nothing until
// the element nears the viewport; `loading="eager"` starts at once.

import { releaseOf, showLogin, whenAppLoginOpens } from './first-screen.js';

// Every URL resolves against this file, so a host on another origin, or a viewer under a
// sub-path, needs no configuration. The API defaults to `<viewer root>api`.
const here = import.meta.url;
const viewerRoot = new URL('./', here).href;
const viewerOrigin = new URL(viewerRoot).origin;

// Under the host's `require-trusted-types-for 'script'`, the first paint goes in through
// this policy (the host lists `profile-viewer` in `trusted-types`); without it, the element
// starts the app instead. The HTML is the viewer's server's, every text in it escaped.
let policy = null;
try {
  policy = globalThis.trustedTypes?.createPolicy('profile-viewer', { createHTML: (html) => html }) ?? null;
} catch {
  policy = null;
}

// One parsed stylesheet and one wasm instance per page, however many elements.
let constructedSheet;
function sheet() {
  // A constructed sheet is shared by every shadow root and needs no `style-src` in the
  // host's CSP (a <style> element would need 'unsafe-inline').
  if (!constructedSheet) {
    constructedSheet = new CSSStyleSheet();
    constructedSheet.replaceSync(STYLESHEET);
  }
  return Promise.resolve(constructedSheet);
}

let appLoading;
function app() {
  appLoading ??= (async () => {
    // The wasm's request starts with the glue's, not after it.
    const wasm = fetch(new URL(__PV_PROFILE_APP_WASM__, here));
    const glue = await import(__PV_PROFILE_APP_JS__);
    await glue.default({ module_or_path: wasm });
    return glue;
  })();
  appLoading.catch(() => { appLoading = undefined; });
  return appLoading;
}

const OBSERVED = ['profile', 'api', 'auth', 'theme', 'compact', 'offline'];
const INTENT = ['pointerover', 'pointerdown', 'touchstart', 'focusin', 'keydown'];

/** Child indices from `top`'s first child down to `node`. */
function pathTo(top, node) {
  const path = [];
  for (let at = node; at && at !== top && at.parentElement; at = at.parentElement) {
    if (at.parentElement === top) break;
    path.unshift([...at.parentElement.children].indexOf(at));
  }
  return path;
}

function emit(element, name, detail) {
  element.dispatchEvent(new CustomEvent(`profile-viewer:${name}`, {
    bubbles: true, composed: true, cancelable: true, detail,
  }));
}

class ProfileViewerElement extends HTMLElement {
  static observedAttributes = OBSERVED;
  #handle = null;      // the Rust side (EmbedHandle) while the app is mounted
  #generation = 0;     // guards against a disconnect while something is still loading
  #session = null;     // host mode: kept so a removed and re-added element stays signed in
  #first = null;       // the server's first paint, until the app's render replaces it
  #pressed = null;     // a button pressed on the first paint, as its path from #first
  #login = null;       // the first paint's login dialog, opened: {opener, submitted}
  #pressUnderWay = null; // a press on the first paint, until its click is answered
  #observer = null;
  #starting = false;

  connectedCallback() {
    const generation = ++this.#generation;
    this.#starting = false;
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    for (const type of INTENT) root.addEventListener(type, this.#onIntent, { passive: true });
    root.addEventListener('click', this.#onPress, true);
    root.addEventListener('pointerdown', this.#onPressStart, true);
    root.addEventListener('keydown', this.#onPressStart, true);
    root.addEventListener('submit', this.#onSubmit, true);
    if (this.#session || this.firstPaintUrl === null) {
      this.#startApp(generation);
    } else if (this.loading === 'eager' || !('IntersectionObserver' in window)) {
      this.#showFirstPaint(generation);
    } else {
      this.#observer = new IntersectionObserver((entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        this.#stopObserving();
        this.#showFirstPaint(generation);
      }, { rootMargin: '400px 0px' });
      this.#observer.observe(this);
    }
  }

  disconnectedCallback() {
    this.#generation++;
    this.#stopObserving();
    // dispose() drops the Leptos tree: effects, listeners and pending requests go with it.
    this.#handle?.dispose();
    this.#handle = null;
    this.#first = null;
    this.#pressed = null;
    this.#login = null;
    this.shadowRoot?.replaceChildren();
  }

  attributeChangedCallback(name, before, after) {
    if (before === after) return;
    // A session belongs to the API it was given for: another API or mode starts signed out.
    if (name === 'api' || name === 'auth') this.#session = null;
    if (this.#handle) {
      this.#handle.attribute_changed(name);
    } else if (this.#first && this.isConnected) {
      this.#showFirstPaint(this.#generation);
    }
  }

  /** Host mode: the host's login gave this reader `{token, name, tier}`. */
  setSession(session) {
    if (this.#handle) {
      this.#handle.set_session(session); // throws a TypeError for a malformed session
      this.#session = session;
      return;
    }
    this.#session = session;
    if (this.isConnected) this.#startApp(this.#generation);
  }

  clearSession() {
    this.#session = null;
    this.#handle?.clear_session();
  }

  // Properties that mirror the attributes (custom-elements.json lists them).
  get profile() { return this.getAttribute('profile') ?? ''; }
  set profile(value) { this.setAttribute('profile', String(value)); }
  get api() { return this.getAttribute('api') ?? ''; }
  set api(value) { this.setAttribute('api', String(value)); }
  get auth() { return (this.getAttribute('auth') ?? '').trim().toLowerCase() === 'host' ? 'host' : 'cookie'; }
  set auth(value) { this.setAttribute('auth', String(value)); }
  get theme() { return this.getAttribute('theme') ?? 'auto'; }
  set theme(value) { this.setAttribute('theme', String(value)); }
  get loading() { return (this.getAttribute('loading') ?? '').trim().toLowerCase() === 'eager' ? 'eager' : 'lazy'; }
  set loading(value) { this.setAttribute('loading', String(value)); }
  get compact() { return this.#flag('compact'); }
  set compact(value) { this.toggleAttribute('compact', Boolean(value)); }
  get offline() { return this.#flag('offline'); }
  set offline(value) { this.toggleAttribute('offline', Boolean(value)); }

  // The rule of `attrs::parse_flag` in src/embed/attrs.rs.
  #flag(name) {
    const value = this.getAttribute(name);
    return value !== null && value.trim().toLowerCase() !== 'false';
  }

  #stopObserving() {
    this.#observer?.disconnect();
    this.#observer = null;
  }

  /** Where the first paint comes from (a page may preload this URL: docs/embedding.md);
   * null when the element reads another API. */
  get firstPaintUrl() {
    const api = this.getAttribute('api');
    if (api && api.trim() && new URL(api.trim(), viewerRoot).origin !== viewerOrigin) return null;
    const url = new URL(`./embed/profiles/${encodeURIComponent((this.getAttribute('profile') ?? '').trim())}`, here);
    url.searchParams.set('root', viewerRoot);
    if (this.compact) url.searchParams.set('layout', 'compact');
    if (this.auth === 'host') url.searchParams.set('join', 'host');
    return url.href;
  }

  #showFirstPaint(generation) {
    const url = this.firstPaintUrl;
    if (url === null) { this.#startApp(generation); return; }
    Promise.all([
      sheet(),
      fetch(url).then((r) => (r.ok ? r.text() : Promise.reject(new Error(`first paint: HTTP ${r.status}`)))),
    ]).then(([constructed, html]) => {
      if (generation !== this.#generation || !this.isConnected || this.#handle) return;
      const template = document.createElement('template');
      template.innerHTML = policy ? policy.createHTML(html) : html;
      const first = document.createElement('div');
      first.append(template.content);
      this.shadowRoot.adoptedStyleSheets = [constructed];
      this.shadowRoot.replaceChildren(first);
      this.#first = first;
      const profile = first.querySelector('[data-slug]');
      emit(this, 'ready', {
        profile: profile?.getAttribute('data-slug') ?? '',
        name: profile?.querySelector('.pv-profile__name, .pv-compact__name')?.textContent ?? '',
        firstPaint: true,
      });
    }).catch(() => {
      // No first paint for this profile: what was shown for another one goes.
      this.#first?.remove();
      this.#first = null;
      this.#startApp(generation);
    });
  }

  #onIntent = () => {
    if (this.#first && !this.#handle) this.#startApp(this.#generation);
  };

  // A button pressed on the first paint is pressed again on the app's render; meanwhile it
  // shows that it is on its way. Links work as links.
  #onPress = (event) => {
    // Until the app's render replaces it, the first paint is what the reader presses, even
    // once the app is mounted (hidden) beside it.
    if (!this.#first) return;
    const button = event.composedPath().find((n) => n instanceof HTMLButtonElement);
    if (!button || !this.#first.contains(button)) return;
    if (this.#pressLogin(button)) {
      this.#startApp(this.#generation);
      return;
    }
    event.preventDefault();
    this.#pressed = pathTo(this.#first, button);
    button.setAttribute('aria-busy', 'true');
    this.#startApp(this.#generation);
  };

  // "Log in" on the first paint (cookie mode) opens the first paint's own copy of the login
  // dialog at once, so the reader types while the app arrives; the takeover opens the app's
  // in its place (#reopenLogin). Gives back whether the press was the dialog's to answer.
  #pressLogin(button) {
    const dialog = this.#first?.querySelector(`dialog.${__PV_LOGIN_DIALOG_CLASS__}`);
    if (!(dialog instanceof HTMLDialogElement)) return false;
    if (!dialog.open && button.matches(__PV_LOGIN_OPENERS__)) {
      this.#login = { opener: pathTo(this.#first, button), submitted: false };
      dialog.addEventListener('close', () => {
        this.#login = null;
        dialog.querySelector('[aria-busy="true"]')?.removeAttribute('aria-busy');
      }, { once: true });
      showLogin(dialog);
      return true;
    }
    if (!dialog.contains(button)) return false;
    // A submit goes on to the browser's check of the fields, then #onSubmit; the other
    // button closes the dialog.
    if (button.getAttribute('type') !== 'submit') dialog.close();
    return true;
  }

  // Never the browser's own submission of the first paint's form (it would put the password
  // into the host page's address): the app makes it once it is in.
  #onSubmit = (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !this.#first?.contains(form)) return;
    event.preventDefault();
    if (!this.#login) return;
    this.#login.submitted = true;
    form.querySelector('button[type="submit"]')?.setAttribute('aria-busy', 'true');
  };

  #startApp(generation) {
    if (this.#starting) return;
    this.#starting = true;
    this.#stopObserving();
    Promise.all([app(), sheet()]).then(
      ([glue, constructed]) => {
        if (generation !== this.#generation || !this.isConnected) return;
        const root = this.shadowRoot;
        root.adoptedStyleSheets = [constructed];
        const mount = document.createElement('div');
        if (this.#first) {
          // The first paint stays until the app has rendered the same profile.
          mount.hidden = true;
          root.append(mount);
          this.addEventListener('profile-viewer:ready', () => this.#takeOverAfterPress(mount), { once: true });
          // The app's word that the profile is gone or unreadable replaces the first paint
          // too; without a network, the first paint is still the better page.
          this.addEventListener('profile-viewer:error', (event) => {
            if (!(event instanceof CustomEvent) || event.detail?.error !== 'network') this.#takeOverAfterPress(mount);
          }, { once: true });
        } else {
          root.replaceChildren(mount);
        }
        this.#handle = glue.mount_embed(this, mount, viewerRoot);
        if (this.#session) {
          try { this.#handle.set_session(this.#session); } catch (error) {
            this.#session = null;
            emit(this, 'error', { error: 'invalid_session', message: String(error?.message ?? error) });
          }
        }
      },
      (error) => {
        this.#starting = false;
        emit(this, 'error', { error: 'load_failed', message: String(error?.message ?? error) });
      },
    );
  }

  // A press under way on the first paint holds the takeover back until its click has been
  // answered: a click whose press and release land on different elements (the first
  // paint's and its twin) never fires.
  #onPressStart = (event) => {
    const target = event.composedPath()[0];
    if (this.#pressUnderWay || !(target instanceof Element) || !this.#first?.contains(target)) return;
    this.#pressUnderWay = releaseOf(event, target);
    this.#pressUnderWay?.then(() => (this.#pressUnderWay = null));
  };

  async #takeOverAfterPress(mount) {
    while (this.#pressUnderWay) await this.#pressUnderWay;
    this.#takeOver(mount);
  }

  // The app's render is the first paint's markup, so an element's path from the top finds
  // its twin: open disclosures, focus and a pressed button carry over.
  #takeOver(mount) {
    const first = this.#first;
    if (!first) return;
    const open = [...first.querySelectorAll('details[open]')].map((d) => pathTo(first, d));
    const focused = this.shadowRoot.activeElement;
    const focus = focused && first.contains(focused) ? pathTo(first, focused) : null;
    const caret = focused instanceof HTMLInputElement ? [focused.selectionStart, focused.selectionEnd] : null;
    const pressed = this.#pressed;
    const login = this.#login;
    const typed = [...first.querySelectorAll('dialog input')].map((el) => [pathTo(first, el), el.value]);
    first.remove();
    this.#first = null;
    this.#pressed = null;
    this.#login = null;
    mount.hidden = false;
    const twin = (path) => path?.reduce((node, i) => node?.children[i], mount.firstElementChild) ?? null;
    for (const path of open) {
      const details = twin(path);
      if (details instanceof HTMLDetailsElement) details.open = true;
    }
    if (login) {
      const dialog = mount.querySelector(`dialog.${__PV_LOGIN_DIALOG_CLASS__}`);
      this.#reopenLogin(login, dialog, typed.map(([path, value]) => [twin(path), value]), twin(focus), caret, twin(login.opener));
      return;
    }
    twin(focus ?? pressed)?.focus();
    twin(pressed)?.click();
  }

  // The app's login dialog, opened as the reader left the first paint's: its opener pressed
  // (focus goes back there on close), what was typed in place, and once the app has opened
  // it, the reader's field focused again and a submit made meanwhile made again.
  #reopenLogin({ submitted }, dialog, typed, field, caret, opener) {
    for (const [el, value] of typed) if (el instanceof HTMLInputElement) el.value = value;
    if (!(opener instanceof HTMLElement) || !(dialog instanceof HTMLDialogElement)) return;
    whenAppLoginOpens(dialog, field, caret, submitted);
    opener.focus();
    opener.click();
  }
}

if (!customElements.get('profile-viewer')) {
  customElements.define('profile-viewer', ProfileViewerElement);
}

// The embed's stylesheet (style/main.css made host-proof, and style/embed.css) travels in
// this file: a separate request would open a second connection before the first paint.
const STYLESHEET = __PV_STYLESHEET__;
