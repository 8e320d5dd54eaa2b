// Member tokens from the publisher's own accounts (contract section 7): the
// news-site example signs the reader in through its own backend (the demo publisher on the
// --site origin), the embedded member briefing unlocks with the signed token, and when a
// token stops working (refused by the API, or its short lifetime runs out) the element asks
// the host again with reason "expired" and unlocks once the host calls setSession anew.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launchBrowser, newPage } from './harness.mjs';

const SITE_DIR = fileURLToPath(new URL('../../examples/news-site', import.meta.url));
// The host page's origin: a fixed port from the embed's range (the viewer is on port 0).
const SITE = 'http://127.0.0.1:18136';
const MAIN_NAME = 'US security officials discuss Chinese cyber-espionage with telecom executives';
const TTL_SECS = 12;
const WAIT = { timeout: 60_000 };

let server;
let browser;
let keys;

before(async () => {
  keys = await mkdtemp(join(tmpdir(), 'pv-member-token-'));
  const secret = join(keys, 'secret');
  await writeFile(secret, randomBytes(32));
  server = await startServer([
    '--site', SITE_DIR, '--site-addr', SITE.replace('http://', ''),
    '--member-token-secret', secret, '--member-token-issuer', 'https://dailypacket.example',
    '--site-member-token-ttl', `${TTL_SECS}s`,
  ]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (keys) await rm(keys, { recursive: true, force: true });
});

/** The news page, recording every profile-viewer:* event and every API and publisher request. */
async function open() {
  const page = await newPage(browser, { viewport: { width: 1280, height: 1000 } });
  page.requests = [];
  page.on('request', (r) => page.requests.push({ url: r.url(), auth: r.headers().authorization ?? null }));
  await page.addInitScript(() => {
    window.__pv = { events: [] };
    for (const name of ['ready', 'login-requested', 'session-changed']) {
      document.addEventListener(`profile-viewer:${name}`, (e) =>
        window.__pv.events.push({ name, target: e.target.id, detail: e.detail }));
    }
  });
  await page.goto(`${SITE}/`);
  await page.waitForFunction(() => window.__pv.events.some((e) => e.name === 'ready' && e.target === 'pv-main'), null, WAIT);
  return page;
}

const expiredAsks = (page) => page.evaluate(() =>
  window.__pv.events.filter((e) => e.name === 'login-requested' && e.detail?.reason === 'expired').map((e) => e.target));
const bearer = (page, path) => page.requests.filter((r) => r.url.includes(path) && r.auth).map((r) => r.auth);

test('the news site signs in with its own accounts; an expired token is renewed without losing the page', async () => {
  const page = await open();
  const main = page.locator('#pv-main');
  const circleCard = main.locator('[data-briefing-id="deeper-profile-context"]');
  const leaderCard = main.locator('[data-briefing-id="ownership-and-exposure"]');
  assert.equal(await page.locator('meta[name="dp-sign-in"]').getAttribute('content'), 'publisher');
  // Every token the publisher hands out, in order (as promises: bodies arrive later).
  const answers = [];
  page.on('response', (r) => {
    const signs = [`${SITE}/publisher/login`, `${SITE}/publisher/member-token`].includes(r.url());
    if (signs && r.ok()) answers.push(r.json().then((b) => b.token));
  });
  const tokens = () => Promise.all(answers);

  // The reader signs in on the news site's own dialog; the password goes to the publisher only.
  // (The app first: a press on the server's first paint is embed.test.mjs's subject.)
  await main.hover();
  await page.waitForFunction(() => window.__pv.events.some((e) => e.name === 'ready' && e.target === 'pv-main' && !e.detail.firstPaint), null, WAIT);
  await circleCard.getByRole('button', { name: 'Log in' }).click();
  await page.getByLabel('E-mail').fill('circle@example.com');
  await page.getByLabel('Password').fill('circle-demo-pass');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Signed in as Casey Circle').waitFor();
  const [token] = await tokens();
  assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a JWT');

  // A token the API refuses (its signature broken) reads as expired: the element locks and
  // asks, and the site's fresh token for its own session unlocks it again.
  const bad = `${token.split('.').slice(0, 2).join('.')}.AAAA`;
  await page.evaluate(() => document.getElementById('pv-main').clearSession());
  await circleCard.getByRole('button', { name: 'Log in' }).waitFor();
  await page.evaluate((bad) => document.getElementById('pv-main')
    .setSession({ token: bad, name: 'Casey Circle', tier: 'strategy-circle' }), bad);
  await page.waitForFunction(() => window.__pv.events.some((e) => e.detail?.reason === 'expired'), null, WAIT);
  assert.deepEqual(await expiredAsks(page), ['pv-main']);
  await circleCard.getByText('MEMBER-ONLY SAMPLE TEXT', { exact: false }).waitFor(WAIT);
  await leaderCard.getByText(/Upgrade to/).waitFor();
  assert.equal(await main.getByText('LEADERSHIP-ONLY', { exact: false }).count(), 0);
  let issued = await tokens();
  assert.equal(issued.length, 2);
  assert.equal(bearer(page, '/briefings/deeper-profile-context').at(-1), `Bearer ${issued[1]}`,
    'the fresh token goes to the API unchanged');
  assert.ok(bearer(page, '/api/').every((a) => [...issued, bad].some((t) => a === `Bearer ${t}`)));
  assert.equal(page.requests.filter((r) => r.url.startsWith(`${server.url}/api/auth/login`)).length, 0,
    'the viewer server never sees the password');
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  assert.ok(issued.every((t) => !stored.includes(t.split('.')[2])), 'no token in any storage of the page');

  // The short lifetime runs out: every element asks, the page keeps its profile while the
  // host fetches one fresh token for all of them, and no dialog bothers the reader.
  let release;
  const held = new Promise((r) => (release = r));
  let renewals = 0;
  await page.route(`${SITE}/publisher/member-token`, async (route) => {
    renewals += 1;
    await held;
    await route.continue();
  });
  await page.waitForFunction(() => window.__pv.events.filter((e) => e.detail?.reason === 'expired').length >= 3, null,
    { timeout: (TTL_SECS + 20) * 1000 });
  assert.deepEqual((await expiredAsks(page)).slice(1).sort(), ['pv-main', 'pv-side']);
  await circleCard.getByRole('button', { name: 'Log in' }).waitFor();
  await main.getByRole('heading', { level: 1, name: MAIN_NAME }).waitFor();
  assert.equal(await page.locator('#login-dialog').isVisible(), false);
  release();
  await circleCard.getByText('MEMBER-ONLY SAMPLE TEXT', { exact: false }).waitFor(WAIT);
  await page.locator('#pv-side').getByText('2 member briefings · 1 open to you').waitFor();
  assert.equal(renewals, 1, 'one fresh token for both elements');
  issued = await tokens();
  assert.equal(issued.length, 3);
  assert.equal(bearer(page, '/briefings/deeper-profile-context').at(-1), `Bearer ${issued[2]}`);
  assert.equal(await page.locator('#login-dialog').isVisible(), false);

  // Signing out on the site locks the cards again.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await circleCard.getByRole('button', { name: 'Log in' }).waitFor();
  // The refused briefing request above is the only console error (Chromium logs a 401).
  assert.deepEqual(page.problems.filter((p) => !p.includes('401')), []);
  await page.context().close();
});
