// Offline reading: the service worker and the device's saved copies, in Chromium
// with a real worker. The server runs over temporary copies of dist/ and content/, so a
// test can ship a "new build" (alter sw.js) and publish a new revision (SIGHUP).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, newPage, controlled, startApp, startDirectory, fillLogin } from './harness.mjs';
import { axeViolations } from './axe.mjs';

const SAVED = 'de-cix';
const SAVED_NAME = 'DE-CIX';
const VISITED = 'linx';
const VISITED_NAME = 'LINX (London Internet Exchange)';
const UNVISITED = 'ietf';
const CIRCLE = { email: 'circle@example.com', password: 'circle-demo-pass' };

let server;
let browser;
let dist;
let content;

before(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pv-offline-'));
  dist = path.join(tmp, 'dist');
  content = path.join(tmp, 'content');
  fs.cpSync(process.env.PV_DIST, dist, { recursive: true });
  fs.cpSync(process.env.PV_CONTENT, content, { recursive: true });
  server = await startServer([], { dist, content });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (dist) fs.rmSync(path.dirname(dist), { recursive: true, force: true });
});

/** No network for the page or its worker. */
async function goOffline(context) {
  await context.setOffline(true);
  await context.route('**/*', (route) => route.abort('internetdisconnected'));
}

// Chromium 148 forgets the emulated offline state on a navigation (navigator.onLine is true
// in the new document, and no `online` event ever comes): a page opened offline that must
// see the connection come back is told again.
async function offlineAgain(context) {
  await context.setOffline(false);
  await context.setOffline(true);
}

async function goOnline(context) {
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  await context.setOffline(false);
}

const wasmPanics = (page) => page.problems.filter((p) => p.startsWith('pageerror'));

async function openFromDirectory(page, name) {
  await page.getByRole('link', { name: 'All profiles' }).click();
  await page.getByRole('link', { name }).first().click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

test('saved and visited profiles open offline with the banner; an unvisited one says it is offline', async () => {
  const page = await newPage(browser);
  const context = page.context();
  await page.goto(server.url + '/');
  await controlled(page);

  await openFromDirectory(page, SAVED_NAME);
  await page.getByRole('button', { name: 'Save for offline' }).click();
  await page.getByText('Saved for offline. Find it under Saved').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Saved for offline' }).getAttribute('aria-pressed'), 'true');
  await openFromDirectory(page, VISITED_NAME);
  // Online, a live profile has no offline banner.
  assert.equal(await page.locator('[data-notice="offline"]').count(), 0);

  await goOffline(context);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: VISITED_NAME }).waitFor();
  await page.getByText(/^Offline — saved copy from .+, revision 3$/).waitFor();

  await page.goto(server.url + '/saved');
  await page.getByRole('heading', { level: 1, name: 'Saved for offline' }).waitFor();
  const saved = page.locator('section', { has: page.getByRole('heading', { name: 'Saved profiles' }) });
  const recent = page.locator('section', { has: page.getByRole('heading', { name: 'Recently viewed' }) });
  await saved.getByRole('link', { name: SAVED_NAME }).waitFor();
  await recent.getByRole('link', { name: VISITED_NAME }).waitFor();
  assert.match(await saved.locator('li').first().textContent(), /Saved .+ · copy from .+ · revision 5 · \d+\.\d KB/);
  assert.equal(await saved.getByRole('link', { name: VISITED_NAME }).count(), 0);
  assert.deepEqual(await axeViolations(page), [], 'axe on /saved');

  await saved.getByRole('link', { name: SAVED_NAME }).click();
  await page.getByRole('heading', { level: 1, name: SAVED_NAME }).waitFor();
  await page.getByText(/^Offline — saved copy from .+, revision 5$/).waitFor();
  // The whole profile is there, not only the header.
  await page.getByRole('heading', { name: 'Key points' }).waitFor();
  await page.getByRole('heading', { name: 'Sources' }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'axe on an offline copy');

  await page.goto(`${server.url}/profiles/${UNVISITED}`);
  await page.getByRole('heading', { level: 1, name: 'This profile is not available offline' }).waitFor();
  await page.getByText('this profile is not saved on this device').first().waitFor();

  // The server publishes a new revision; back online, the saved copy's page says so.
  const file = path.join(content, 'profiles', `${SAVED}.json`);
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  doc.revision += 1;
  fs.writeFileSync(file, JSON.stringify(doc));
  server.reload();
  for (let i = 0; i < 50; i++) {
    const live = await (await fetch(`${server.url}/api/profiles/${SAVED}`)).json();
    if (live.revision === doc.revision) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await page.goto(`${server.url}/profiles/${SAVED}`);
  await page.getByText(/Offline — saved copy from/).waitFor();
  await offlineAgain(context);
  assert.equal(await page.evaluate(() => navigator.onLine), false);
  await goOnline(context);
  // The page reloads the profile itself when the browser is online again.
  await page.getByText(/^Updated since your saved copy \(revision 5 → 6\)/).waitFor();
  await page.getByText('Revision 6').waitFor();
  assert.equal(await page.locator('[data-notice="offline"]').count(), 0);

  // Remove one, then all: gone from /saved and from the worker's cache.
  await page.goto(server.url + '/saved');
  await page.getByRole('button', { name: `Remove ${VISITED_NAME}` }).click();
  await page.getByText(`Removed “${VISITED_NAME}” from this device.`).waitFor();
  await page.getByRole('button', { name: 'Remove all' }).click();
  await page.getByText('Nothing saved yet.').waitFor();
  const left = await page.evaluate(async () => {
    const cache = await caches.open('pv-data-v1');
    const keys = (await cache.keys()).map((r) => new URL(r.url).pathname);
    const stored = Object.keys(localStorage).filter((k) => k.includes(':profile:'));
    return { keys, stored };
  });
  assert.deepEqual(left.stored, []);
  assert.ok(!left.keys.some((k) => k.startsWith('/api/profiles/')), JSON.stringify(left.keys));
  assert.deepEqual(wasmPanics(page), []);
  await context.close();
});

test('a profile read without the app opens offline as the kept page with its note; /saved lists it, and Remove all deletes it', async () => {
  const page = await newPage(browser);
  const context = page.context();
  const everything = [];
  context.on('request', (r) => everything.push(new URL(r.url()).pathname));
  const name = (await (await fetch(`${server.url}/api/profiles/${UNVISITED}`)).json()).name;
  await page.goto(`${server.url}/profiles/${UNVISITED}`);
  const keptPages = () => page.evaluate(async () => (await (await caches.open('pv-pages-v1')).keys()).map((r) => new URL(r.url).pathname));
  for (let i = 0; i < 150 && !(await keptPages()).length; i++) await page.waitForTimeout(100);
  assert.deepEqual(await keptPages(), [`/profiles/${UNVISITED}`]);
  assert.ok(!everything.some((p) => p.endsWith('.wasm')), `the app was downloaded: ${everything}`);

  await goOffline(context);
  await page.goto(`${server.url}/profiles/${UNVISITED}`);
  await page.getByText(/^Offline — saved copy from \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC, revision \d+$/).waitFor();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.getByRole('heading', { name: 'Sources' }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'axe on a kept page');
  // The app is not on this device: reaching for it says so, and the page stays.
  await page.locator('.pv-save__button').click();
  await page.locator('.pv-save__status', { hasText: 'The viewer could not load. Check the connection and try again.' }).waitFor();
  // The description, 12 discovery tags and five elements of the body.
  assert.equal(await page.locator('[data-pv-first]').count(), 18);

  await goOnline(context);
  await page.goto(`${server.url}/saved`);
  const recent = page.locator('section', { has: page.getByRole('heading', { name: 'Recently viewed' }) });
  await recent.getByRole('link', { name }).waitFor();
  assert.match(await recent.locator('li').first().textContent(), /Viewed .+ · copy from .+ · revision \d+ · \d+\.\d KB/);
  await page.getByRole('button', { name: 'Remove all' }).click();
  await page.getByText('No recently viewed profiles.').waitFor();
  const left = await page.evaluate(async () => ({
    pages: (await caches.keys()).includes('pv-pages-v1') ? (await (await caches.open('pv-pages-v1')).keys()).length : 0,
    data: (await (await caches.open('pv-data-v1')).keys()).map((r) => new URL(r.url).pathname),
  }));
  assert.equal(left.pages, 0);
  assert.ok(!left.data.includes(`/api/profiles/${UNVISITED}`), JSON.stringify(left.data));
  assert.ok(page.problems.every((p) => /could not start|ERR_INTERNET_DISCONNECTED|ERR_FAILED|Failed to fetch/i.test(p)), JSON.stringify(page.problems));
  await context.close();
});

test('a member\'s briefing stays readable offline, and is gone from every store after sign-out', async () => {
  const page = await newPage(browser);
  const context = page.context();
  const NOTE = 'MEMBER-ONLY LINX VOTE NOTE';
  await page.goto(`${server.url}/profiles/${VISITED}`);
  await controlled(page);
  await page.locator('.pv-session__login').click();
  await fillLogin(page, CIRCLE);
  await page.locator('.pv-session__signout').waitFor();
  await page.getByText(NOTE).waitFor();

  // Offline, opening the profile again (in the app) loads the body from the member's shelf.
  await openFromDirectory(page, SAVED_NAME);
  await goOffline(context);
  await openFromDirectory(page, VISITED_NAME);
  await page.getByText(/^Offline — saved copy from/).waitFor();
  await page.getByText(NOTE).waitFor();

  // Everything the page can see on the device: web storage and every cache.
  const deviceText = () =>
    page.evaluate(async () => {
      const out = [];
      for (let i = 0; i < localStorage.length; i++) out.push(localStorage.key(i), localStorage.getItem(localStorage.key(i)));
      for (let i = 0; i < sessionStorage.length; i++) out.push(sessionStorage.getItem(sessionStorage.key(i)));
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          out.push(request.url);
          const response = await cache.match(request);
          if (response && !request.url.endsWith('.wasm')) out.push(await response.text());
        }
      }
      return out.join('\n');
    });
  assert.ok((await deviceText()).includes(NOTE), 'the shelf holds the body while signed in');

  await goOnline(context);
  await page.locator('.pv-session__signout').click();
  await page.locator('.pv-session__login').waitFor();
  const left = await deviceText();
  assert.ok(!left.includes('MEMBER-ONLY'), 'a briefing body outlived the session');
  assert.ok(!left.includes(':briefings'), 'the briefing shelf is still there');

  await goOffline(context);
  await openFromDirectory(page, SAVED_NAME);
  await openFromDirectory(page, VISITED_NAME);
  await page.locator('.pv-locked[data-briefing-id="member-vote-preview"][data-state="signed-out"]').waitFor();
  assert.ok(!(await page.content()).includes('MEMBER-ONLY'));
  assert.deepEqual(wasmPanics(page), []);
  await context.close();
});

test('a briefing answer that arrives after sign-out is neither shown nor kept', async () => {
  const page = await newPage(browser);
  const NOTE = 'MEMBER-ONLY LINX VOTE NOTE';
  // The server answers the body while the session is live; the answer reaches the page only
  // after the reader has signed out (a slow network, or a sign-out while it loads).
  let release;
  const held = new Promise((resolve) => (release = resolve));
  let answered;
  const answeredOnce = new Promise((resolve) => (answered = resolve));
  await page.route('**/api/profiles/*/briefings/**', async (route) => {
    const response = await route.fetch();
    answered();
    await held;
    await route.fulfill({ response });
  });
  await page.goto(`${server.url}/profiles/${VISITED}`);
  await page.locator('.pv-session__login').click();
  await fillLogin(page, CIRCLE);
  await answeredOnce;
  await page.locator('.pv-session__signout').click();
  await page.locator('.pv-session__login').waitFor();
  const delivered = page.waitForEvent('requestfinished', (r) => r.url().includes('/briefings/'));
  release();
  await delivered;
  // The app's answer handling runs after the body is read: give it a few turns.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  const shelf = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.endsWith(':briefings'))
      .map((k) => localStorage.getItem(k))
      .join('\n'),
  );
  assert.ok(!shelf.includes(NOTE), 'the late body was kept after sign-out');
  assert.ok(!(await page.content()).includes('MEMBER-ONLY'), 'the late body was shown after sign-out');
  await page.locator('.pv-locked[data-briefing-id="member-vote-preview"][data-state="signed-out"]').waitFor();
  assert.deepEqual(wasmPanics(page), []);
  await page.context().close();
});

test('a 401 (the session ended elsewhere) empties the member\'s briefing shelf', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/profiles/${VISITED}`);
  await page.locator('.pv-session__login').click();
  await fillLogin(page, CIRCLE);
  await page.getByText('MEMBER-ONLY LINX VOTE NOTE').waitFor();
  const shelf = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.endsWith(':briefings')));
  assert.equal((await shelf()).length, 1);

  // The server forgets the session; the next check of it answers 401.
  const cookie = (await page.context().cookies()).find((c) => c.name === 'pv_session');
  const out = await fetch(`${server.url}/api/auth/logout`, {
    method: 'POST',
    headers: { cookie: `pv_session=${cookie.value}`, 'X-Profile-Viewer': '1', origin: server.url },
  });
  assert.equal(out.status, 204);
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await page.locator('.pv-session__login').waitFor();
  assert.deepEqual(await shelf(), []);
  await page.context().close();
});

test('the worker never stores briefing or auth answers', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/profiles/us-officials-telecom-cyber-espionage`);
  await controlled(page);
  const urls = await page.evaluate(async () => {
    // Ask through the worker, as the app would, then look in every cache.
    await fetch('/api/profiles/us-officials-telecom-cyber-espionage/briefings/deeper-profile-context');
    await fetch('/api/auth/session');
    await fetch('/api/profiles/us-officials-telecom-cyber-espionage');
    const all = [];
    for (const name of await caches.keys()) {
      for (const r of await (await caches.open(name)).keys()) all.push(new URL(r.url).pathname);
    }
    return all;
  });
  assert.ok(urls.includes('/api/profiles/us-officials-telecom-cyber-espionage'), JSON.stringify(urls));
  assert.ok(!urls.some((u) => u.includes('/briefings/') || u.includes('/auth/')), JSON.stringify(urls));
  await page.context().close();
});

test('storage that refuses writes shows a clear message and the viewer keeps working', async () => {
  const page = await newPage(browser);
  await page.addInitScript(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.goto(`${server.url}/profiles/${SAVED}`);
  // The worker keeps the page read without the app (Cache Storage); the app keeps its copy
  // in localStorage, and says so when it cannot.
  await startApp(page);
  await page.getByRole('heading', { level: 1, name: SAVED_NAME }).waitFor();
  await page.getByText('storage for the viewer is full').first().waitFor();
  await page.getByRole('button', { name: 'Save for offline' }).click();
  await page.locator('.pv-save__status', { hasText: 'storage for the viewer is full' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Save for offline' }).getAttribute('aria-pressed'), 'false');
  await openFromDirectory(page, VISITED_NAME);
  assert.deepEqual(wasmPanics(page), []);
  await page.context().close();
});

test('a new build replaces the old shell cache after "Reload"', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '/');
  // The app says a new version is there; a signed-out reader's directory starts it on intent.
  await startDirectory(page);
  await controlled(page);
  const shells = () =>
    page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('pv-shell-')).sort());
  const before = await shells();
  assert.equal(before.length, 1, JSON.stringify(before));

  // "Deploy" another build: the post-build step writes a new VERSION into sw.js.
  const swPath = path.join(dist, 'sw.js');
  const original = fs.readFileSync(swPath, 'utf8');
  const next = original.replace(/const VERSION = "([^"]*)";/, 'const VERSION = "$1-next";');
  assert.notEqual(next, original, 'sw.js has a generated VERSION');
  assert.doesNotMatch(original, /__PV_[A-Z]|const PRECACHE = \[\];/, 'post-build filled in every name and the precache list');
  fs.writeFileSync(swPath, next);
  // The server prefers precompressed siblings; they would still hold the old build.
  for (const ext of ['.br', '.gz']) fs.rmSync(swPath + ext, { force: true });
  try {
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    const prompt = page.getByRole('status').filter({ hasText: 'A new version is available' });
    await prompt.waitFor();
    await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: 'Reload' }).click()]);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    let after = [];
    for (let i = 0; i < 50; i++) {
      after = await shells();
      if (after.length === 1 && after[0] !== before[0]) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(after, [`${before[0]}-next`]);
    assert.deepEqual(wasmPanics(page), []);
  } finally {
    fs.writeFileSync(swPath, original);
    await page.context().close();
  }
});
