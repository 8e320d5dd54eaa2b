// The first screen the server sends with a profile's page (crates/profile-views: the
// viewer's own components rendered to HTML) and the loader's takeover
// (web/loader.js), in which the app makes the page's controls live in place
// (src/attach.rs): the profile is in the HTML, the page after the takeover is the same
// markup element for element and in the same place (and the browser's
// largest contentful paint stays the first screen's), and what a reader did before the app
// took over (focus, an opened legend, a button pressed) carries over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_CODE, newPage, signIn, trackProblems, VIEWPORTS, holdWasm, appTookOver, startApp, server, browser, useServerAndBrowser } from './harness.mjs';

// What the server marks `data-pv-first`: the description, the 12 discovery tags (canonical,
// Open Graph, Twitter, oEmbed, JSON-LD) and the five elements of the body (the login dialog,
// closed, last).
const MARKED = 18;
useServerAndBrowser();

/** Init script: defines `__pvSnapshot()` (the first-screen part of the body as canonical
 *  text, plus where its landmarks are) and takes one as soon as the HTML is parsed, before
 *  the wasm can have run (module scripts run before DOMContentLoaded, the loader's first
 *  `await` hands back control). */
function snapshotFirstScreen() {
  const canon = (node) => {
    let out = `<${node.localName}`;
    // The server's marks: which elements the app replaces, and the last of them.
    const marks = (n) => n === 'data-pv-first' || (n === 'id' && node.id === 'pv-first-end');
    for (const name of node.getAttributeNames().filter((n) => !marks(n)).sort()) {
      out += ` ${name}=${JSON.stringify(node.getAttribute(name))}`;
    }
    out += '>';
    let text = '';
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        text += child.data;
        continue;
      }
      if (child.nodeType !== Node.ELEMENT_NODE) continue;
      if (text) out += JSON.stringify(text);
      text = '';
      out += canon(child);
    }
    if (text) out += JSON.stringify(text);
    return `${out}</${node.localName}>`;
  };
  const box = (selector) => {
    const r = [...document.querySelectorAll(selector)].pop()?.getBoundingClientRect();
    return r && [r.x, r.y, r.width, r.height].map(Math.round);
  };
  window.__pvSnapshot = () => {
    const parts = [...document.body.children].filter((el) => el.matches('.pv-skip-link, .pv-site-header, main, .pv-site-footer, dialog.pv-login'));
    return {
      marked: document.querySelectorAll('[data-pv-first]').length,
      description: document.querySelector('meta[name="description"]')?.content,
      // The discovery tags (canonical, Open Graph, Twitter, oEmbed, JSON-LD), as data.
      discovery: [...document.head.querySelectorAll('link[rel="canonical"], link[rel="alternate"], meta[property], meta[name^="twitter:"], script[type="application/ld+json"]')]
        .map((e) => [e.localName, e.getAttribute('rel') ?? e.getAttribute('property') ?? e.getAttribute('name') ?? e.type,
          e.getAttribute('type') ?? '', e.getAttribute('href') ?? e.getAttribute('content') ?? e.textContent].join(' '))
        .sort(),
      html: parts.map(canon).join('\n'),
      // The first of each, but the last section and the last locked card.
      boxes: ['h1', '.pv-glance', '.pv-save__button', '.pv-session', 'section[data-section], .pv-key-points', '.pv-locked', '.pv-site-footer'].map(box),
    };
  };
  document.addEventListener('DOMContentLoaded', () => {
    window.__pvFirst = window.__pvSnapshot();
  });
  // Largest-contentful-paint entries: from the first screen, or (wrongly) from the app's
  // copy of it.
  window.__pvLcp = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const from = e.element?.closest('[data-pv-first]') ? 'first screen' : 'app';
      window.__pvLcp.push({ from, what: `${e.element?.localName}.${e.element?.className}`, at: Math.round(e.startTime) });
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true });
}


test('the HTML of every sample profile is the whole page, with locked briefings and no body', async () => {
  const index = await (await fetch(`${server.url}/api/profiles`)).json();
  assert.ok(index.length >= 9);
  for (const { slug, name } of index) {
    const html = await (await fetch(`${server.url}/profiles/${slug}`)).text();
    const escaped = name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    assert.ok(html.includes(`<title>${escaped} — Profile viewer</title>`), `${slug}: title`);
    assert.ok(html.includes(`<h1 part="title" class="pv-profile__name">${escaped}</h1>`), `${slug}: h1`);
    assert.equal(html.match(/data-pv-first/g)?.length, MARKED, `${slug}: the description, 12 discovery tags and five elements of the body, marked`);
    assert.match(html, /<meta name="description" content="[^"]+" data-pv-first>/, `${slug}: description`);
    assert.doesNotMatch(html, /MEMBER-ONLY|LEADERSHIP-ONLY/, `${slug}: a briefing's body in the HTML`);
    assert.match(html, /<footer data-pv-first id="pv-first-end" class="pv-site-footer">/, `${slug}: the footer`);
    // A signed-out reader reads it without the app: no preload of its JSON, wasm or glue.
    assert.match(html, /<meta name="pv-start" content="on-intent">/, `${slug}: waits for intent`);
    assert.doesNotMatch(html, /rel="(module)?preload"/, `${slug}: a preload`);
    // The JSON-LD is data, not script.
    assert.doesNotMatch(html, /<script(?![^>]*type="module" src=)(?! type="application\/ld\+json")|style=/, `${slug}: inline script or style`);
  }
  // Not for a profile that does not exist, nor for other pages but the directory
  // (directory_first_screen.test.mjs); those preload the wasm, while a page with a first
  // screen fetches it once that is painted.
  for (const path of ['/profiles/no-such-profile', '/saved', '/map']) {
    const html = await (await fetch(`${server.url}${path}`)).text();
    assert.doesNotMatch(html, /data-pv-first/, path);
    assert.match(html, /<link rel="preload" href="[^"]+_bg\.wasm" as="fetch" type="application\/wasm"/, path);
  }
  assert.doesNotMatch(await (await fetch(`${server.url}/profiles/linx`)).text(), /_bg\.wasm/);
  const linx = await (await fetch(`${server.url}/profiles/linx`)).text();
  assert.match(linx, /<article part="card" data-briefing-id="[^"]+" data-tier="[^"]+" data-state="signed-out" tabindex="-1" class="pv-locked">/);
});

test('a signed-out reader reads the whole page without the app: it is not downloaded, the worker keeps the page for offline, its code comes on a first sign and it starts when the reader reaches for a button', async () => {
  for (const [label, options] of VIEWPORTS) {
    const page = await newPage(browser, options);
    const requests = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    // Everything this browser fetches, the service worker's requests included.
    const everything = [];
    page.context().on('request', (r) => everything.push(new URL(r.url()).pathname));
    await page.goto(`${server.url}/profiles/de-cix`);
    // Once idle after the load, the service worker keeps the page (and its JSON) for offline
    // reading; the app draws nothing and is not even downloaded.
    await page.waitForFunction(
      async () => (await (await caches.open('pv-pages-v1')).keys()).some((r) => r.url.endsWith('/profiles/de-cix')),
      null,
      { timeout: 15_000, polling: 100 },
    );
    await page.waitForTimeout(300);
    assert.equal(await page.locator('[data-pv-first]').count(), MARKED, `${label}: the first screen is still the server's`);
    assert.equal(await page.evaluate(() => performance.getEntriesByName('pv:profile-visible').length), 0, `${label}: the app rendered`);
    const appCode = () => everything.filter((p) => APP_CODE.test(p));
    assert.deepEqual(appCode(), [], `${label}: the app was downloaded: ${everything}`);
    const api = () => requests.filter((p) => p.startsWith('/api/')).sort();
    assert.deepEqual(api(), [], `${label}: the page asked the API: ${requests}`);
    // Everything a reader reads is there: locked briefings, related links, sources, publisher.
    for (const part of ['.pv-locked', '.pv-related a', '.pv-sources li', '.pv-site-footer']) {
      assert.ok(await page.locator(part).first().isVisible(), `${label}: ${part}`);
    }
    const publisher = (await (await fetch(`${server.url}/api/site`)).json()).publisher.name;
    assert.equal(await page.locator('.pv-site-footer p').first().textContent(), `Profiles published by ${publisher}.`);
    // The first sign of a reader who may press something (here the pointer moving, away
    // from any button) downloads the app's code, and starts nothing.
    await page.mouse.move(2, 2);
    await page.waitForFunction(() => performance.getEntriesByName('pv:wasm-ready').length === 1, null, { timeout: 30_000 });
    assert.ok(appCode().some((p) => p.endsWith('.wasm')), `${label}: ${everything}`);
    assert.equal(await page.locator('[data-pv-first]').count(), MARKED, `${label}: the app took over on a mere sign`);
    assert.deepEqual(api(), [], `${label}: the page asked the API before a reach: ${requests}`);
    await startApp(page);
    // The takeover fetches the app and the page's JSON and the site config, once each.
    assert.deepEqual(api(), ['/api/profiles/de-cix', '/api/site'], `${label}: ${requests}`);
    assert.ok(appCode().some((p) => p.endsWith('.wasm')), `${label}: ${everything}`);
    assert.equal(await page.locator('.pv-save__button').getAttribute('aria-pressed'), 'false');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

test('when the app or the page\'s JSON cannot load, the page stays readable, says so, and the next reach tries again', async () => {
  for (const pattern of ['**/*_bg.wasm', '**/api/profiles/linx']) {
    // No worker: its own requests would not meet the page's route.
    const page = await newPage(browser, { ...VIEWPORTS[1][1], serviceWorkers: 'block' });
    await page.route(pattern, (route) => route.abort('internetdisconnected'));
    await page.goto(`${server.url}/profiles/linx`);
    const failed = 'The viewer could not load. Check the connection and try again.';
    await page.locator('.pv-save__button').click();
    await page.locator('.pv-save__status', { hasText: failed }).waitFor();
    assert.equal(await page.locator('[data-pv-first]').count(), MARKED, `${pattern}: the first screen stays`);
    assert.equal(await page.locator('[aria-busy="true"]').count(), 0, `${pattern}: the pressed button still looks busy`);
    // The next reach tries again; with the login dialog open (the rest of the page is inert
    // then), the dialog says so.
    await page.locator('.pv-session__login').click();
    await page.locator('dialog[data-pv-first][open] [role="alert"]', { hasText: failed }).waitFor();
    await page.unroute(pattern);
    await page.keyboard.press('Tab');
    await appTookOver(page);
    await page.getByRole('dialog', { name: 'Log in' }).waitFor();
    assert.equal(await page.locator('.pv-login__error').textContent(), '');
    // The failed download is the only problem the page reported.
    assert.ok(page.problems.every((p) => /could not start|_bg\.wasm|api\/profiles\/linx|ERR_INTERNET_DISCONNECTED|Failed to fetch|WebAssembly/i.test(p)), JSON.stringify(page.problems));
    await page.context().close();
  }
});

test('keyboard: the app starts when a button gets focus, and the focus stays on it', async () => {
  const page = await newPage(browser, VIEWPORTS[1][1]);
  await page.goto(`${server.url}/profiles/linx`);
  const onLogin = () => page.evaluate(() => document.activeElement?.classList.contains('pv-session__login'));
  for (let i = 0; i < 12 && !(await onLogin()); i++) await page.keyboard.press('Tab');
  await appTookOver(page);
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'pv-button pv-button--secondary pv-session__login');
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'Log in' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the app renders the first screen of every sample profile element for element, in the same place', async () => {
  const index = await (await fetch(`${server.url}/api/profiles`)).json();
  for (const [label, options] of VIEWPORTS) {
    for (const { slug } of index) {
      // A fresh context each time: a cold visit, the server's HTML (not the worker's shell).
      const page = await newPage(browser, options);
      await page.addInitScript(snapshotFirstScreen);
      await page.goto(`${server.url}/profiles/${slug}`);
      await startApp(page);
      const first = await page.evaluate(() => window.__pvFirst);
      const app = await page.evaluate(() => window.__pvSnapshot());
      assert.equal(first.marked, MARKED, `${label} ${slug}: the first screen was there before the app`);
      assert.equal(app.marked, 0);
      assert.equal(app.html, first.html, `${label} ${slug}: the app's render differs from the server's first screen`);
      assert.deepEqual(app.boxes, first.boxes, `${label} ${slug}: something moved when the app took over`);
      // The paint of the first screen counts as the largest contentful paint, and the app's
      // copy of it is no new one (that would put LCP at the app's start).
      const lcp = await page.evaluate(() => window.__pvLcp);
      assert.equal(lcp[0]?.from, 'first screen', `${label} ${slug}: ${JSON.stringify(lcp)}`);
      assert.ok(lcp.every((e) => e.from !== 'app'), `${label} ${slug}: ${JSON.stringify(lcp)}`);
      assert.equal(await page.title(), first.html.match(/<h1 [^>]*>"([^"]*)"/)?.[1] + ' — Profile viewer');
      // One document title (an SVG's own `<title>` names its drawing only).
      assert.equal(await page.locator('head > title').count(), 1);
      // One description, the app's, saying what the server's said.
      const descriptions = await page.locator('meta[name="description"]').evaluateAll((m) => m.map((e) => e.content));
      assert.deepEqual(descriptions, [first.description], `${label} ${slug}`);
      // The app's discovery tags say what the server's said, once each.
      await page.waitForFunction((n) => document.querySelectorAll('script[type="application/ld+json"]').length === 1
        && document.head.querySelectorAll('meta[property], meta[name^="twitter:"]').length === n, first.discovery.length - 3);
      assert.equal(first.discovery.length, 12);
      assert.deepEqual((await page.evaluate(() => window.__pvSnapshot())).discovery, first.discovery, `${label} ${slug}: discovery tags`);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }
  }
});

test('on a profile page the app makes the server\'s controls live in place: the rest stays the server\'s elements, and only the small build comes', async () => {
  const page = await newPage(browser, { ...VIEWPORTS[1][1], serviceWorkers: 'block' });
  const code = [];
  page.on('request', (r) => APP_CODE.test(new URL(r.url()).pathname) && code.push(new URL(r.url()).pathname));
  await page.goto(`${server.url}/profiles/linx`);
  // The server's elements, held by reference across the attach.
  await page.evaluate(() => {
    window.__pvServer = { h1: document.querySelector('h1'), sources: document.querySelector('.pv-sources'),
      card: document.querySelector('.pv-locked'), login: document.querySelector('.pv-session__login'),
      save: document.querySelector('.pv-save__button') };
  });
  await startApp(page);
  const same = () => page.evaluate(() => Object.fromEntries(Object.entries(window.__pvServer)
    .map(([name, el]) => [name, el.isConnected])));
  // Read without change: the heading and the sources are the very nodes the server sent; the
  // controls are the app's twins in their place.
  assert.deepEqual(await same(), { h1: true, sources: true, card: false, login: false, save: false });
  assert.ok(code.length > 0 && code.every((p) => p.includes('/profile-attach-')), `app code: ${code}`);
  // They are live: a member signs in, and the card they may read opens in place with its body.
  await signIn(page, { email: 'circle@example.com', password: 'circle-demo-pass' });
  await page.locator('.pv-locked[data-state="open"] .pv-briefing__body').first().waitFor();
  assert.deepEqual(await same(), { h1: true, sources: true, card: false, login: false, save: false });
  // "Save for offline" keeps the copy the attach stored, and says so.
  await page.locator('.pv-save__button').click();
  await page.locator('.pv-save__button[aria-pressed="true"]').waitFor();
  assert.match(await page.locator('.pv-save__status').textContent(), /Saved for offline/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('focus, an opened legend and a button pressed before the app took over carry over', async () => {
  const page = await newPage(browser, VIEWPORTS[1][1]);
  const release = await holdWasm(page);
  await page.goto(`${server.url}/profiles/de-cix`);
  // Before the app: the server's markup only.
  assert.equal(await page.locator('[data-pv-first]').count(), MARKED);
  await page.locator('.pv-save__button').click();
  await page.locator('.pv-legend summary').click();
  assert.equal(await page.locator('.pv-legend[open]').count(), 1);
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'How confidence is graded');
  release();
  await appTookOver(page);
  assert.equal(await page.locator('.pv-legend[open]').count(), 1, 'the legend closed');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'How confidence is graded', 'focus was lost');
  // The press reached the app's own button: the profile is saved.
  await page.locator('.pv-save__button[aria-pressed="true"]').waitFor();
  assert.match(await page.locator('.pv-save__status').textContent(), /Saved for offline/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

/** Resolves once the page's wasm is compiled and instantiated (web/loader.js). */
function wasmReady(page) {
  return page.waitForFunction(() => performance.getEntriesByName('pv:wasm-ready').length > 0);
}

test('a press under way as the app arrives (pointer or Space held down) finishes on the first screen and carries over', async () => {
  const page = await newPage(browser, { ...VIEWPORTS[1][1], serviceWorkers: 'block' });
  let release = await holdWasm(page);
  await page.goto(`${server.url}/profiles/linx`);
  // The pointer goes down on "Log in" (the app starts) and stays down while the app arrives.
  const box = await page.locator('[data-pv-first] .pv-session__login').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  release();
  await wasmReady(page);
  await page.waitForTimeout(300);
  assert.equal(await page.locator('[data-pv-first]').count(), MARKED, 'the takeover waits for the release');
  await page.mouse.up();
  await appTookOver(page);
  await page.locator('dialog.pv-login[open]').waitFor();
  assert.equal(await page.locator('dialog[open]').count(), 1);
  await page.waitForFunction(() => document.activeElement?.id === 'pv-login-email-0');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('dialog[open]').count(), 0);
  await page.context().close();

  // Space acts on its release: held on "Save for offline" while the app arrives.
  const second = await newPage(browser, { ...VIEWPORTS[1][1], serviceWorkers: 'block' });
  release = await holdWasm(second);
  await second.goto(`${server.url}/profiles/linx`);
  await second.locator('[data-pv-first] .pv-save__button').focus();
  await second.keyboard.down(' ');
  release();
  await wasmReady(second);
  await second.waitForTimeout(300);
  assert.equal(await second.locator('[data-pv-first]').count(), MARKED, 'the takeover waits for the release');
  await second.keyboard.up(' ');
  await appTookOver(second);
  await second.locator('.pv-save__button[aria-pressed="true"]').waitFor();
  assert.equal(await second.evaluate(() => document.activeElement?.classList.contains('pv-save__button')), true);
  assert.deepEqual([...page.problems, ...second.problems], []);
  await second.context().close();
});

test('"Log in" pressed before the app has arrived opens the dialog at once; typing, focus and a submit carry over', async () => {
  // No worker: once it has precached the wasm it answers the loader's fetch itself, past the
  // hold on the page's requests, and the app could take over before the assertions below.
  const page = await newPage(browser, { ...VIEWPORTS[0][1], serviceWorkers: 'block' });
  const release = await holdWasm(page);
  await page.goto(`${server.url}/profiles/linx`);
  const login = page.locator('[data-pv-first] .pv-session__login');
  // Escape closes the first screen's dialog, and focus goes back to "Log in".
  await login.click();
  await page.locator('dialog[data-pv-first][open]').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'pv-login-email-0');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('dialog[open]').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement?.className), await login.getAttribute('class'));
  // Again, and the reader types: an unfinished password, focus in it.
  await login.click();
  await page.keyboard.type('leader@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type('leader-demo');
  assert.equal(await page.locator('[data-pv-first]').count(), MARKED, 'the app is still held back');
  release();
  await appTookOver(page);
  await page.locator('dialog.pv-login[open]').waitFor();
  assert.equal(await page.locator('dialog[open]').count(), 1);
  await page.waitForFunction(() => document.activeElement?.id === 'pv-login-password-0');
  assert.equal(await page.inputValue('#pv-login-email-0'), 'leader@example.com');
  assert.equal(await page.evaluate(() => document.activeElement.selectionStart), 'leader-demo'.length);
  await page.keyboard.type('-pass');
  await page.keyboard.press('Enter');
  await page.locator('.pv-session__signout').waitFor();
  assert.match(await page.locator('.pv-session__name').textContent(), /Lee Leader/);
  assert.equal(await page.locator('dialog[open]').count(), 0);
  await page.waitForFunction(() => document.activeElement?.classList.contains('pv-session__signout'));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('typing in the login dialog right through the takeover loses no keystroke', async () => {
  const page = await newPage(browser, { ...VIEWPORTS[1][1], serviceWorkers: 'block' });
  const release = await holdWasm(page);
  await page.goto(`${server.url}/profiles/linx`);
  await page.locator('[data-pv-first] .pv-session__login').click();
  await page.keyboard.press('Tab');
  release();
  // Ten keys at a time until the app has taken the page over, then ten more times.
  let typed = '';
  const firstScreen = () => page.evaluate(() => document.querySelector('[data-pv-first]:not(dialog)') !== null);
  for (let after = 0; after < 10; ) {
    if (!(await firstScreen())) after += 1;
    await page.keyboard.type('abcdefghij');
    typed += 'abcdefghij';
    assert.ok(typed.length < 20_000, 'the app never took over');
  }
  await appTookOver(page);
  await page.locator('dialog.pv-login[open]').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'pv-login-password-0');
  assert.equal((await page.inputValue('#pv-login-password-0')).length, typed.length);
  assert.equal(await page.locator('dialog[open]').count(), 1);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a login submitted before the app has arrived is made by the app; a wrong password says so', async () => {
  const page = await newPage(browser, { ...VIEWPORTS[1][1], serviceWorkers: 'block' });
  const release = await holdWasm(page);
  await page.goto(`${server.url}/profiles/linx`);
  const address = page.url();
  await page.locator('[data-pv-first] .pv-session__login').click();
  // The browser checks the fields first: an empty form is not submitted.
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('[data-pv-first] .pv-login__submit').getAttribute('aria-busy'), null);
  await page.keyboard.type('leader@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type('not-the-password');
  await page.keyboard.press('Enter');
  // Waiting for the app, and never the browser's own submission (the password in the address).
  assert.equal(await page.locator('[data-pv-first] .pv-login__submit').getAttribute('aria-busy'), 'true');
  assert.equal(page.url(), address);
  release();
  await appTookOver(page);
  await page.locator('.pv-login__error', { hasText: /.+/ }).waitFor();
  assert.equal(await page.locator('dialog.pv-login[open]').count(), 1);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'pv-login-password-0');
  assert.equal(page.url(), address);
  await page.keyboard.type('leader-demo-pass');
  await page.keyboard.press('Enter');
  await page.locator('.pv-session__signout').waitFor();
  assert.deepEqual(page.problems.filter((p) => !/401/.test(p)), []);
  await page.context().close();
});

test("a member's first screen shows the member and the briefings they may read, and the app's render is the same", async () => {
  const page = await newPage(browser, VIEWPORTS[1][1]);
  await page.goto(`${server.url}/profiles/linx`);
  await signIn(page, { email: 'circle@example.com', password: 'circle-demo-pass' });
  // The session cookie and the "signed in here" flag, without the service worker (whose
  // shell has no first screen): the first visit of a new tab before the worker is installed.
  const signedIn = await browser.newContext({ ...VIEWPORTS[1][1], serviceWorkers: 'block', storageState: await page.context().storageState() });
  const next = trackProblems(await signedIn.newPage());
  await next.addInitScript(snapshotFirstScreen);
  const slug = 'us-officials-telecom-cyber-espionage';
  await next.goto(`${server.url}/profiles/${slug}`);
  await appTookOver(next);
  const first = await next.evaluate(() => window.__pvFirst);
  assert.equal(first.marked, MARKED);
  assert.match(first.html, /<span class="pv-session__name">"Casey Circle"<\/span>/);
  assert.match(first.html, /data-state="open"[^]*"MEMBER-ONLY SAMPLE TEXT/);
  assert.match(first.html, /data-state="below-tier"[^]*"Upgrade to Leadership Alliance"/);
  assert.doesNotMatch(first.html, /LEADERSHIP-ONLY/);
  // The app's first render, from the session and the body the page preloaded, is the same.
  await next.locator('.pv-briefing__body').first().waitFor();
  const app = await next.evaluate(() => window.__pvSnapshot());
  assert.equal(app.marked, 0);
  assert.equal(app.html, first.html, "the app's render differs from the member's first screen");
  assert.deepEqual(app.boxes, first.boxes, 'something moved when the app took over');
  assert.deepEqual(next.problems, []);
  await signedIn.close();
  await page.context().close();
});

test('a session cookie that came without this browser\'s hint (signed in elsewhere) shows the member', async () => {
  const context = await browser.newContext({ ...VIEWPORTS[1][1], serviceWorkers: 'block' });
  const login = await context.request.post(`${server.url}/api/auth/login`, {
    headers: { 'content-type': 'application/json', 'x-profile-viewer': '1' },
    data: { email: 'leader@example.com', password: 'leader-demo-pass' },
  });
  assert.equal(login.status(), 200);
  const page = trackProblems(await context.newPage());
  await page.goto(`${server.url}/profiles/us-officials-telecom-cyber-espionage`);
  await page.locator('.pv-session__signout').waitFor();
  assert.match(await page.locator('.pv-session__name').textContent(), /Lee Leader/);
  await page.locator('.pv-briefing__body').first().waitFor();
  assert.deepEqual(page.problems, []);
  await context.close();
});
