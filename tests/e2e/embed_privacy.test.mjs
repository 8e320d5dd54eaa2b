// What the embed leaves on a news site and sends elsewhere: no member data in the host
// page's storage at any step (host mode and cookie mode), and a member's token or password
// only ever to the viewer's own API, never to an `api` that injected markup names.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { startServer, launchBrowser, newPage } from './harness.mjs';

const SITE_DIR = fileURLToPath(new URL('../../examples/news-site', import.meta.url));
// The host page's origin: a fixed port from the embed's range, other than embed.test.mjs's.
const SITE = 'http://127.0.0.1:18134';
const WAIT = { timeout: 60_000 };
// What must never be found on the host's origin: briefing bodies and who is reading.
const SECRETS = ['MEMBER-ONLY', 'LEADERSHIP-ONLY', 'Casey Circle', 'Lee Leader', 'circle@example.com', 'leader@example.com'];

let server;
let browser;
let other; // another API: records what reaches it, answers with the real server's data
const received = [];

before(async () => {
  server = await startServer(['--site', SITE_DIR, '--site-addr', SITE.replace('http://', '')]);
  browser = await launchBrowser();
  other = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    received.push({ method: req.method, path: req.url, headers: req.headers, body });
    const cors = {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-credentials': 'true',
      'access-control-allow-headers': 'authorization, content-type, x-profile-viewer',
    };
    if (req.method === 'OPTIONS') { res.writeHead(204, cors); res.end(); return; }
    const answer = await fetch(server.url + req.url.replace(/^\/api/, '/api'));
    res.writeHead(answer.status, { ...cors, 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise((resolve) => other.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  await browser?.close();
  await server?.stop();
  other?.close();
});

async function open(path, options = {}) {
  const page = await newPage(browser, { viewport: { width: 1280, height: 1000 }, ...options });
  await page.addInitScript(() => {
    window.__pv = { events: [] };
    for (const name of ['ready', 'error', 'login-requested', 'session-changed']) {
      document.addEventListener(`profile-viewer:${name}`, (e) =>
        window.__pv.events.push({ name, target: e.target.id, detail: e.detail }));
    }
  });
  await page.goto(SITE + path);
  await page.waitForFunction(() => window.__pv.events.some((e) => e.name === 'ready' && e.target === 'pv-main'), null, WAIT);
  return page;
}

/** Everything the host page's origin keeps: both storages, IndexedDB, Cache Storage, cookies. */
async function hostStorage(page) {
  return page.evaluate(async () => {
    const all = (s) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`);
    const caches_ = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) caches_.push(`${name} ${request.url} ${await (await cache.match(request)).text()}`);
    }
    return {
      local: all(localStorage),
      session: all(sessionStorage),
      indexedDB: (await indexedDB.databases()).map((d) => d.name),
      caches: caches_,
      cookies: document.cookie,
    };
  });
}

async function assertNothingKept(page, step) {
  const kept = await hostStorage(page);
  assert.deepEqual(kept, { local: [], session: [], indexedDB: [], caches: [], cookies: '' }, step);
  const text = JSON.stringify(kept);
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${step}: ${secret}`);
}

test('host mode: nothing of the member reaches the news site\'s storage, at any step', async () => {
  const page = await open('/');
  const main = page.locator('#pv-main');
  const card = main.locator('[data-briefing-id="deeper-profile-context"]');
  await assertNothingKept(page, 'first paint');
  await card.getByRole('button', { name: 'Log in' }).click();
  await page.getByLabel('E-mail').fill('circle@example.com');
  await page.getByLabel('Password').fill('circle-demo-pass');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await card.getByText('MEMBER-ONLY SAMPLE TEXT', { exact: false }).waitFor(WAIT);
  await assertNothingKept(page, 'a member briefing open');
  // Another tab, then back: the element re-checks nothing from storage.
  const other = await page.context().newPage();
  await other.goto(SITE + '/world.html');
  await page.bringToFront();
  await assertNothingKept(page, 'after a tab switch');
  await page.evaluate(() => document.getElementById('pv-main').setAttribute('profile', 'linx'));
  await main.getByRole('heading', { level: 1, name: /LINX/ }).waitFor(WAIT);
  await assertNothingKept(page, 'after a profile change');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('Not signed in').waitFor();
  await assertNothingKept(page, 'after the site\'s sign-out');
  await page.evaluate(() => document.getElementById('pv-main').remove());
  await assertNothingKept(page, 'after the element is removed');
  await page.context().close();
});

test('cookie mode: the viewer\'s own dialog signs in, and the news site keeps nothing', async () => {
  const page = await open('/plain.html');
  await page.evaluate(() => document.getElementById('pv-main').setAttribute('auth', 'cookie'));
  const main = page.locator('#pv-main');
  await main.locator('[data-briefing-id="ownership-and-exposure"]').getByRole('button', { name: 'Log in' }).click();
  const dialog = main.getByRole('dialog');
  await dialog.getByLabel('E-mail').fill('leader@example.com');
  await dialog.getByLabel('Password').fill('leader-demo-pass');
  await dialog.getByRole('button', { name: 'Log in' }).click();
  await main.getByText('LEADERSHIP-ONLY SAMPLE TEXT', { exact: false }).waitFor(WAIT);
  await assertNothingKept(page, 'a member briefing open');
  await page.evaluate(() => document.getElementById('pv-main').setAttribute('profile', 'linx'));
  await main.getByRole('heading', { level: 1, name: /LINX/ }).waitFor(WAIT);
  await assertNothingKept(page, 'after a profile change');
  await page.evaluate(() => document.getElementById('pv-main').remove());
  await assertNothingKept(page, 'after the element is removed');
  await page.context().close();
});

test('an element whose api is another origin gets no token and no password', async () => {
  // The news page's CSP would stop the injected element from reaching the other API at all;
  // this test lets it through to show that the viewer itself sends nothing secret there.
  const page = await open('/', { bypassCSP: true });
  const evil = `http://127.0.0.1:${other.address().port}/api`;
  await page.evaluate((api) => {
    const el = document.createElement('profile-viewer');
    Object.assign(el, { id: 'pv-evil' });
    el.setAttribute('profile', 'linx');
    el.setAttribute('api', api);
    el.setAttribute('auth', 'host');
    el.setAttribute('loading', 'eager');
    document.querySelector('main, body').prepend(el);
  }, evil);
  // Another API gets no first paint from the viewer's server: the app reads it.
  await page.waitForFunction(() => window.__pv.events.some((e) => e.name === 'ready' && e.target === 'pv-evil'), null, WAIT);
  // The site's login hands the session to every element on the page, the injected one too.
  await page.locator('#pv-main [data-briefing-id="deeper-profile-context"]').getByRole('button', { name: 'Log in' }).click();
  await page.getByLabel('E-mail').fill('circle@example.com');
  await page.getByLabel('Password').fill('circle-demo-pass');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#pv-main').getByText('MEMBER-ONLY SAMPLE TEXT', { exact: false }).waitFor(WAIT);
  await page.waitForFunction(() => window.__pv.events.some((e) => e.name === 'error' && e.target === 'pv-evil' && e.detail.error === 'untrusted_api'), null, WAIT);
  // A briefing request would carry the token: the element asks for none and sends none.
  const evilCard = page.locator('#pv-evil .pv-locked').first();
  await evilCard.getByRole('button', { name: 'Log in' }).waitFor(WAIT);
  // In cookie mode its own dialog would post a password there: refused, no dialog.
  await page.evaluate(() => document.getElementById('pv-evil').setAttribute('auth', 'cookie'));
  await page.locator('#pv-evil .pv-locked').first().getByRole('button', { name: 'Log in' }).click();
  await page.waitForFunction(() => window.__pv.events.filter((e) => e.name === 'error' && e.target === 'pv-evil' && e.detail.error === 'untrusted_api').length >= 2, null, WAIT);
  assert.equal(await page.locator('#pv-evil').getByRole('dialog').count(), 0);
  assert.ok(received.some((r) => r.path.startsWith('/api/profiles/linx')), 'the other API was read');
  for (const r of received) {
    assert.equal(r.headers.authorization, undefined, `${r.method} ${r.path}: a token`);
    assert.ok(!r.body.includes('circle-demo-pass'), `${r.method} ${r.path}: a password`);
    assert.ok(!r.path.startsWith('/api/auth/login'), 'a login attempt');
  }
  await page.context().close();
});
