// Sub-path deployment: the viewer built with `trunk build --public-url /viewer/`
// and served with `--base-path /viewer`. The standalone app (directory, profile, deep-link
// reload, back, login, service worker scope) and the embed on another origin both work, and
// neither ever requests anything outside /viewer/ on the viewer's origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startServer, launchBrowser, newPage, signIn } from './harness.mjs';

const DIST = process.env.PV_DIST_SUBPATH;
const SITE_DIR = fileURLToPath(new URL('../../examples/news-site', import.meta.url));
// The host page's origin: a fixed port from the embed's range (the viewer is on port 0).
const SITE = 'http://127.0.0.1:18134';
const SLUG = 'us-officials-telecom-cyber-espionage';
const NAME = 'US security officials discuss Chinese cyber-espionage with telecom executives';
const CIRCLE = { email: 'circle@example.com', password: 'circle-demo-pass' };
const WAIT = { timeout: 60_000 };

let server;
let browser;
let viewer; // the viewer's root URL: <origin>/viewer

before(async () => {
  assert.ok(DIST, 'PV_DIST_SUBPATH must name a build made with --public-url /viewer/ (run through `cargo xtask test`)');
  server = await startServer(
    ['--base-path', '/viewer', '--site', SITE_DIR, '--site-addr', SITE.replace('http://', '')],
    { dist: DIST },
  );
  viewer = `${server.url}/viewer`;
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Every path the page requests from the viewer's origin. */
function viewerPaths(page) {
  const paths = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.origin === server.url) paths.push(url.pathname);
  });
  return paths;
}

test('standalone app under /viewer/: directory, profile, reload, back, login, worker scope', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  const paths = viewerPaths(page);

  // The site root leads to the viewer.
  await page.goto(`${server.url}/`);
  assert.equal(page.url(), `${viewer}/`);
  const link = page.locator(`a[href="/viewer/profiles/${SLUG}"]`);
  await link.waitFor(WAIT);

  await link.click();
  await page.getByRole('heading', { level: 1, name: NAME }).waitFor(WAIT);
  assert.equal(page.url(), `${viewer}/profiles/${SLUG}`);

  // A deep link reloads into the same page (the server's fallback under the prefix).
  await page.reload();
  await page.getByRole('heading', { level: 1, name: NAME }).waitFor(WAIT);

  // The app's own links stay under the prefix: the header's home link goes back to it.
  await page.goBack();
  await page.waitForURL(`${viewer}/`);
  await link.waitFor(WAIT);
  await page.goForward();
  await page.getByRole('heading', { level: 1, name: NAME }).waitFor(WAIT);

  // Login through the prefixed API; the cookie (Path=/viewer/) carries the session.
  await signIn(page, CIRCLE, WAIT);
  await page.getByText(/MEMBER-ONLY/).first().waitFor(WAIT);
  const cookies = await page.context().cookies(`${viewer}/`);
  assert.deepEqual(cookies.map((c) => [c.name, c.path]), [['pv_session', '/viewer/']]);

  // The service worker belongs to the prefix.
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, `${viewer}/`);

  const outside = paths.filter((p) => p !== '/' && !p.startsWith('/viewer/'));
  assert.deepEqual(outside, [], 'every request after the root redirect stays under /viewer/');
  assert.ok(paths.some((p) => p.startsWith('/viewer/api/profiles')), 'the API is under the prefix');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('embed from another origin loads the viewer under /viewer/', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 1000 } });
  const paths = viewerPaths(page);
  await page.addInitScript(() => {
    window.__pv = { ready: [], csp: [] };
    document.addEventListener('profile-viewer:ready', (e) => window.__pv.ready.push(e.target.id));
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__pv.csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${SITE}/`);
  await page.waitForFunction(() => ['pv-main', 'pv-side'].every((id) => window.__pv.ready.includes(id)), null, WAIT);
  const title = await page.evaluate(() =>
    document.getElementById('pv-main').shadowRoot.querySelector('h1')?.textContent?.trim());
  assert.equal(title, NAME);

  assert.ok(paths.includes('/viewer/embed.js'), `embed.js from the prefix: ${paths.join(', ')}`);
  assert.ok(paths.some((p) => p.startsWith('/viewer/embed/profiles/')), 'the first paint is under the prefix');
  // The app, on intent, reads the API under the prefix.
  await page.locator('#pv-main').hover();
  await page.waitForFunction(() => window.__pv.ready.filter((id) => id === 'pv-main').length === 2, null, WAIT);
  assert.ok(paths.some((p) => p.startsWith('/viewer/api/profiles/')), 'the API is under the prefix');
  assert.deepEqual(paths.filter((p) => !p.startsWith('/viewer/')), []);
  assert.deepEqual(await page.evaluate(() => window.__pv.csp), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
