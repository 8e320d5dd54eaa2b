// The <profile-viewer> element on a hostile news page served from a second origin
// (the server's --site), under that page's strict CSP, in host-auth mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { newPage, server, browser, useServerAndBrowser, holdWasm } from './harness.mjs';

const SITE_DIR = fileURLToPath(new URL('../../examples/news-site', import.meta.url));
const AXE = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));
// The host page's origin: a fixed port from the embed's range (the viewer is on port 0).
const SITE = 'http://127.0.0.1:18132';
const MAIN_NAME = 'US security officials discuss Chinese cyber-espionage with telecom executives';
const WAIT = { timeout: 60_000 }; // a debug wasm takes a while to compile on a busy machine

useServerAndBrowser(['--site', SITE_DIR, '--site-addr', SITE.replace('http://', '')]);

/** A page that records CSP violations and every profile-viewer:* event, then opens `path`. */
async function open(path, { block } = {}) {
  const page = await newPage(browser, { viewport: { width: 1280, height: 1000 } });
  page.wasmRequests = 0;
  page.on('request', (r) => { if (r.url().endsWith('_bg.wasm')) page.wasmRequests += 1; });
  if (block) await page.route(block, (route) => route.abort());
  await page.addInitScript(() => {
    window.__pv = { events: [], csp: [] };
    for (const name of ['ready', 'error', 'login-requested', 'join-requested', 'session-changed']) {
      document.addEventListener(`profile-viewer:${name}`, (e) =>
        window.__pv.events.push({ name, target: e.target.id, detail: e.detail }));
    }
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__pv.csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(SITE + path);
  return page;
}

const events = (page, name) => page.evaluate((n) => window.__pv.events.filter((e) => e.name === n), name);

/** Waits until the app (not the server's first paint) has rendered in each element. */
async function appReady(page, ids) {
  await page.waitForFunction(
    (ids) => ids.every((id) => window.__pv.events.some((e) => e.name === 'ready' && e.target === id && !e.detail.firstPaint)),
    ids,
    WAIT,
  );
}

async function ready(page, ids = ['pv-main', 'pv-side']) {
  await page.waitForFunction(
    (ids) => ids.every((id) => window.__pv.events.some((e) => e.name === 'ready' && e.target === id)),
    ids,
    WAIT,
  );
}

/** Computed styles of elements inside a viewer's shadow root. */
function shadowStyles(page, id, selectors, props) {
  return page.evaluate(({ id, selectors, props }) => {
    const root = document.getElementById(id).shadowRoot;
    return Object.fromEntries(selectors.map((sel) => {
      const el = root.querySelector(sel);
      if (!el) return [sel, null];
      const cs = getComputedStyle(el);
      const rect = el.getBoundingClientRect();
      return [sel, { ...Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)])), width: Math.round(rect.width) }];
    }));
  }, { id, selectors, props });
}

const TEXT_PROPS = ['font-family', 'font-size', 'font-weight', 'font-style', 'line-height', 'letter-spacing',
  'word-spacing', 'text-transform', 'color', 'background-color', 'padding-top', 'margin-bottom', 'box-sizing',
  'display', 'border-left-width'];
const MAIN_SELECTORS = ['.pv-embed', '.pv-profile__name', '.pv-lede', '.pv-panel', '.pv-panel__title', '.pv-fact dt',
  '.pv-fact dd', '.pv-section__title', '.pv-key-points__list li', '.pv-locked', '.pv-locked__title',
  '.pv-locked__login', '.pv-locked__lock', '.pv-external', '.pv-profile__layout'];
const SIDE_SELECTORS = ['.pv-embed', '.pv-compact__name', '.pv-compact__points li', '.pv-compact__more'];

/** Same widths on both pages, so layout can be compared (CSSOM, allowed under the CSP). */
async function fixWidths(page) {
  await page.evaluate(() => {
    document.getElementById('pv-main').style.width = '760px';
    document.getElementById('pv-side').style.width = '320px';
  });
}

test('both elements paint without the app, which comes on intent, once, under the strict CSP', async () => {
  const page = await open('/');
  const res = await fetch(SITE + '/');
  assert.match(res.headers.get('content-security-policy'), /script-src 'self' http:\/\/127\.0\.0\.1:\d+ 'wasm-unsafe-eval'/);
  assert.doesNotMatch(res.headers.get('content-security-policy'), /unsafe-inline/);
  await ready(page);
  const main = page.locator('#pv-main');
  await main.getByRole('heading', { level: 1, name: MAIN_NAME }).waitFor();
  await page.locator('#pv-side').getByRole('heading', { name: 'RIPE NCC' }).waitFor();
  await page.locator('#pv-side').getByRole('link', { name: /Read the full profile/ }).waitFor();
  assert.equal(page.wasmRequests, 0, 'the server paints both profiles; no app before intent');
  assert.ok((await events(page, 'ready')).every((e) => e.detail.firstPaint));
  // Reaching for an element brings the app, whose render replaces the first paint.
  await main.hover();
  await appReady(page, ['pv-main']);
  await page.locator('#pv-side').hover();
  await appReady(page, ['pv-side']);
  assert.equal(page.wasmRequests, 1, 'the wasm is fetched once for two elements');
  await main.getByRole('heading', { level: 1, name: MAIN_NAME }).waitFor();
  assert.equal(await main.getByRole('heading', { level: 1 }).count(), 1, 'no first paint left beside the app');
  assert.deepEqual(await page.evaluate(() => window.__pv.csp), []);
  // No style attribute anywhere in the viewers' trees (the CSP would refuse inline styles).
  const styled = await page.evaluate(() => ['pv-main', 'pv-side']
    .flatMap((id) => [...document.getElementById(id).shadowRoot.querySelectorAll('[style]')]).length);
  assert.equal(styled, 0);
  // The sidebar's link goes to the viewer's own page, on the viewer's origin.
  const href = await page.locator('#pv-side').getByRole('link', { name: /Read the full profile/ }).getAttribute('href');
  assert.equal(href, `${server.url}/profiles/ripe-ncc`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the news page's preloads are the requests embed.js makes: one fetch per first paint", async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 1000 } });
  const firstPaints = [];
  const unused = [];
  page.on('request', (r) => { if (r.url().includes('/embed/profiles/')) firstPaints.push(r.url()); });
  page.on('console', (m) => { if (m.text().includes('preloaded using link preload but not used')) unused.push(m.text()); });
  await page.goto(SITE + '/');
  await page.locator('#pv-side').getByRole('heading', { name: 'RIPE NCC' }).waitFor(WAIT);
  await page.locator('#pv-main').getByRole('heading', { level: 1, name: MAIN_NAME }).waitFor(WAIT);
  const preloads = await page.evaluate(() =>
    [...document.querySelectorAll('link[rel=preload][as=fetch]')].map((l) => l.href));
  assert.equal(preloads.length, 2);
  const asked = await page.evaluate(() => ['pv-main', 'pv-side'].map((id) => document.getElementById(id).firstPaintUrl));
  assert.deepEqual([...asked].sort(), [...preloads].sort(), 'firstPaintUrl says what to preload');
  // A preload embed.js did not ask for would show as a second request for that element.
  assert.deepEqual([...firstPaints].sort(), [...preloads].sort(), 'each first paint fetched once, by its preload');
  await page.waitForTimeout(3500); // Chromium warns of an unused preload after 3 s
  assert.deepEqual(unused, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the host page cannot restyle the viewer: computed styles match a page with no CSS', async () => {
  const hostile = await open('/');
  const plain = await open('/plain.html');
  await Promise.all([ready(hostile), ready(plain)]);
  await fixWidths(hostile);
  await fixWidths(plain);
  for (const [id, selectors] of [['pv-main', MAIN_SELECTORS], ['pv-side', SIDE_SELECTORS]]) {
    const a = await shadowStyles(hostile, id, selectors, TEXT_PROPS.filter((p) => p !== 'color' && p !== 'background-color'));
    const b = await shadowStyles(plain, id, selectors, TEXT_PROPS.filter((p) => p !== 'color' && p !== 'background-color'));
    for (const sel of selectors) assert.ok(a[sel], `${id} ${sel} rendered`);
    assert.deepEqual(a, b);
  }
  // Colours match too, except the accent the news site sets on purpose (--pv-accent).
  const colours = ['.pv-profile__name', '.pv-fact dd', '.pv-section__title', '.pv-embed'];
  assert.deepEqual(
    await shadowStyles(hostile, 'pv-main', colours, ['color', 'background-color']),
    await shadowStyles(plain, 'pv-main', colours, ['color', 'background-color']),
  );
  const kicker = await shadowStyles(hostile, 'pv-main', ['.pv-kicker'], ['color']);
  assert.equal(kicker['.pv-kicker'].color, 'rgb(176, 0, 32)', 'the host themes through --pv-accent');
  await hostile.context().close();
  await plain.context().close();
});

test("the viewer does not change the host's own styles, title or history; host links work", async () => {
  const HOST = ['body', 'h1', '.article > p', '.masthead a', '.sidebar h2', '.promo', 'div.page', 'button#login-cancel'];
  const styles = (page) => page.evaluate((sels) => Object.fromEntries(sels.map((s) => {
    const cs = getComputedStyle(document.querySelector(s));
    return [s, ['font-family', 'font-size', 'color', 'background-color', 'padding-top', 'margin-top', 'box-sizing',
      'line-height', 'letter-spacing', 'display'].map((p) => cs.getPropertyValue(p))];
  })), HOST);
  const without = await open('/', { block: '**/embed.js' });
  await without.waitForLoadState('load');
  const before = await styles(without);
  const page = await open('/');
  const titleBefore = await page.title();
  const historyBefore = await page.evaluate(() => history.length);
  await ready(page);
  assert.deepEqual(await styles(page), before);
  // Use the viewer: open a disclosure, click a button; then check title and history.
  await page.locator('#pv-main').getByText('How confidence is graded').click();
  assert.equal(await page.title(), titleBefore);
  assert.equal(await page.evaluate(() => history.length), historyBefore);
  assert.equal(new URL(page.url()).pathname, '/');
  await page.locator('#nav-world').click();
  await page.waitForURL(`${SITE}/world.html`);
  await page.getByRole('heading', { name: 'World' }).waitFor();
  await without.context().close();
  await page.context().close();
});

test('host mode: Log in asks the host; setSession unlocks entitled briefings in both; clearSession locks', async () => {
  const page = await open('/');
  await ready(page);
  const main = page.locator('#pv-main');
  const side = page.locator('#pv-side');
  const circleCard = main.locator('[data-briefing-id="deeper-profile-context"]');
  const leaderCard = main.locator('[data-briefing-id="ownership-and-exposure"]');
  await circleCard.getByRole('button', { name: 'Log in' }).waitFor(WAIT);

  // Pressed on the first paint: the app comes, and the press reaches it.
  await circleCard.getByRole('button', { name: 'Log in' }).click();
  await page.waitForFunction(() => window.__pv.events.some((e) => e.name === 'login-requested'), null, WAIT);
  const asked = await events(page, 'login-requested');
  assert.deepEqual(asked.map((e) => e.target), ['pv-main']);

  // The news site's own dialog (host.js) logs in for a token and calls setSession on both.
  await page.getByLabel('E-mail').fill('circle@example.com');
  await page.getByLabel('Password').fill('circle-demo-pass');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Signed in as Casey Circle').waitFor(WAIT);
  await circleCard.getByRole('button', { name: 'Log in' }).waitFor({ state: 'detached', ...WAIT });
  await leaderCard.getByText(/Upgrade to/).waitFor(WAIT);
  // The body arrives with the bearer token, across origins.
  await circleCard.getByText('MEMBER-ONLY SAMPLE TEXT', { exact: false }).waitFor(WAIT);
  assert.equal(await main.getByText('LEADERSHIP-ONLY', { exact: false }).count(), 0);
  await side.getByText('2 member briefings · 1 open to you').waitFor(WAIT);
  const changed = await events(page, 'session-changed');
  assert.deepEqual(changed.map((e) => [e.target, e.detail.signedIn, e.detail.tier]).sort(),
    [['pv-main', true, 'strategy-circle'], ['pv-side', true, 'strategy-circle']]);

  // Join in host mode is the host's business: an event with the tier.
  await leaderCard.getByRole('button', { name: /Upgrade to/ }).click();
  const joins = await events(page, 'join-requested');
  assert.equal(joins.at(-1).detail.tier, 'leadership-alliance');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await circleCard.getByRole('button', { name: 'Log in' }).waitFor(WAIT);
  await side.getByText('2 member briefings', { exact: true }).waitFor(WAIT);
  assert.equal((await events(page, 'session-changed')).filter((e) => !e.detail.signedIn).length, 2);

  // A malformed session is refused with a TypeError, not half-applied.
  const refused = await page.evaluate(() => {
    try { document.getElementById('pv-main').setSession({ name: 'x', tier: 'strategy-circle' }); return 'accepted'; }
    catch (e) { return e.constructor.name; }
  });
  assert.equal(refused, 'TypeError');
  await circleCard.getByRole('button', { name: 'Log in' }).waitFor(WAIT);
  await page.context().close();
});

test('removing and re-adding an element works; changing profile swaps it', async () => {
  const page = await open('/');
  await ready(page);
  await page.evaluate(() => {
    const el = document.getElementById('pv-main');
    window.__parked = { el, parent: el.parentNode, next: el.nextSibling };
    el.remove();
  });
  assert.equal(await page.evaluate(() => window.__parked.el.shadowRoot.childNodes.length), 0, 'disposed on removal');
  await page.evaluate(() => { const p = window.__parked; p.parent.insertBefore(p.el, p.next); });
  await page.waitForFunction(() => window.__pv.events.filter((e) => e.name === 'ready' && e.target === 'pv-main').length === 2, null, WAIT);
  await page.locator('#pv-main').getByRole('heading', { level: 1, name: MAIN_NAME }).waitFor();

  await page.evaluate(() => document.getElementById('pv-main').setAttribute('profile', 'ietf'));
  await page.locator('#pv-main').getByRole('heading', { level: 1, name: 'Internet Engineering Task Force (IETF)' }).waitFor();
  assert.equal(await page.locator('#pv-main').getByRole('heading', { level: 1 }).count(), 1);
  assert.equal((await events(page, 'ready')).at(-1).detail.profile, 'ietf');

  await page.evaluate(() => document.getElementById('pv-side').setAttribute('profile', 'no-such-profile'));
  await page.waitForFunction(() => window.__pv.events.some((e) => e.name === 'error' && e.detail.error === 'not_found'), null, WAIT);
  await page.locator('#pv-side').getByText('Profile not found').waitFor();
  // compact off turns the sidebar card into the full view.
  await page.evaluate(() => {
    const el = document.getElementById('pv-side');
    el.setAttribute('profile', 'de-cix');
    el.removeAttribute('compact');
  });
  await page.locator('#pv-side').getByRole('heading', { level: 1, name: 'DE-CIX' }).waitFor();
  assert.equal(page.wasmRequests, 1);
  // The one 404 is the API's answer for no-such-profile.
  assert.deepEqual(page.problems.filter((p) => !p.includes('status of 404')), []);
  await page.context().close();
});

test('axe-core finds no violations inside the viewers on the news page', async () => {
  const page = await open('/');
  await ready(page);
  // addScriptTag would inline the source, which the page's CSP forbids: evaluate it instead.
  await page.evaluate(await readFile(AXE, 'utf8'));
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target) }));
  });
  const inViewer = result.filter((v) => v.targets.some((t) => Array.isArray(t[0]) || String(t[0]).includes('profile-viewer')));
  assert.deepEqual(inViewer, []);
  await page.context().close();
});

test("cookie mode across origins: the viewer's own dialog, credentials included, bodies unlock", async () => {
  const page = await open('/plain.html');
  await ready(page);
  // Switching auth rebuilds the element in cookie mode (it asks the API who is signed in).
  await page.evaluate(() => document.getElementById('pv-main').setAttribute('auth', 'cookie'));
  const main = page.locator('#pv-main');
  const leaderCard = main.locator('[data-briefing-id="ownership-and-exposure"]');
  await leaderCard.getByRole('button', { name: 'Log in' }).click();
  assert.equal((await events(page, 'login-requested')).length, 0, 'cookie mode opens its own dialog');
  const dialog = main.getByRole('dialog');
  await dialog.getByLabel('E-mail').fill('leader@example.com');
  await dialog.getByLabel('Password').fill('leader-demo-pass');
  await dialog.getByRole('button', { name: 'Log in' }).click();
  await main.getByText('LEADERSHIP-ONLY SAMPLE TEXT', { exact: false }).waitFor(WAIT);
  await main.getByText('MEMBER-ONLY SAMPLE TEXT', { exact: false }).waitFor();
  const changed = await events(page, 'session-changed');
  assert.deepEqual(changed.filter((e) => e.target === 'pv-main').map((e) => [e.detail.signedIn, e.detail.tier]),
    [[true, 'leadership-alliance']]);
  // The host-mode sidebar is not affected by the cookie session.
  await page.locator('#pv-side').getByText('2 member briefings', { exact: true }).waitFor();
  assert.equal(await page.title(), 'The same viewers on a page with no styles of its own');
  assert.deepEqual(await page.evaluate(() => window.__pv.csp), []);
  await page.context().close();
});

test('cookie mode: Log in on the first paint opens its dialog at once; what was typed and a submit carry over to the app', async () => {
  const page = await open('/plain.html');
  let release;
  const held = new Promise((r) => (release = r));
  await page.route('**/*_bg.wasm', async (route) => {
    await held;
    await route.continue();
  });
  await ready(page);
  await page.evaluate(() => document.getElementById('pv-main').setAttribute('auth', 'cookie'));
  const main = page.locator('#pv-main');
  // The first paint in cookie mode, with its own dialog, closed.
  await page.waitForFunction(() => document.getElementById('pv-main').shadowRoot.querySelector('dialog.pv-login:not([open])'), null, WAIT);
  await main.locator('[data-briefing-id="ownership-and-exposure"]').getByRole('button', { name: 'Log in' }).click();
  const dialog = main.getByRole('dialog', { name: 'Log in' });
  await dialog.waitFor();
  const active = () => page.evaluate(() => document.getElementById('pv-main').shadowRoot.activeElement?.getAttribute('name'));
  assert.equal(await active(), 'email');
  await page.keyboard.type('leader@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type('leader-demo-pass');
  await page.keyboard.press('Enter');
  assert.equal(await main.locator('.pv-login__submit').getAttribute('aria-busy'), 'true', 'waiting for the app');
  assert.equal(page.url(), `${SITE}/plain.html`, "the browser's own submission");
  release();
  await main.getByText('LEADERSHIP-ONLY SAMPLE TEXT', { exact: false }).waitFor(WAIT);
  assert.equal(await main.getByRole('dialog').count(), 0);
  assert.equal(page.url(), `${SITE}/plain.html`);
  assert.deepEqual(await page.evaluate(() => window.__pv.csp), []);
  await page.context().close();
});

test('a press under way on the first paint as the app arrives finishes there and carries over', async () => {
  const page = await open('/plain.html');
  const release = await holdWasm(page);
  await ready(page);
  await page.evaluate(() => document.getElementById('pv-main').setAttribute('auth', 'cookie'));
  const main = page.locator('#pv-main');
  await page.waitForFunction(() => document.getElementById('pv-main').shadowRoot.querySelector('dialog.pv-login:not([open])'), null, WAIT);
  // The pointer goes down on a card's "Log in" (the app starts) and stays down while it arrives.
  const login = main.locator('[data-briefing-id="ownership-and-exposure"]').getByRole('button', { name: 'Log in' });
  await login.scrollIntoViewIfNeeded();
  const box = await login.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  release();
  await appReady(page, ['pv-main']);
  await page.waitForTimeout(300);
  const parts = () => page.evaluate(() => document.getElementById('pv-main').shadowRoot.children.length);
  assert.equal(await parts(), 2, 'the first paint stays until the release (the app waits beside it)');
  await page.mouse.up();
  await page.waitForFunction(() => document.getElementById('pv-main').shadowRoot.children.length === 1, null, WAIT);
  await main.getByRole('dialog', { name: 'Log in' }).waitFor();
  assert.equal(await main.locator('dialog[open]').count(), 1);
  assert.deepEqual(await page.evaluate(() => window.__pv.csp), []);
  await page.context().close();
});
