// Login and gated briefings, against the reference server: the card matrix for
// each demo member, unlock without reload, sign out, login errors and the rate limit,
// cross-tab sign-in/out, re-check on visibility, a failing briefing with Retry, raw
// response bytes never holding a briefing the reader may not read, no token in storage,
// and axe-core on the dialog, an error and the signed-in page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { startServer, launchBrowser, newPage, fillLogin, signIn, directoryTookOver } from './harness.mjs';
import { axeViolations } from './axe.mjs';

const SLUG = 'us-officials-telecom-cyber-espionage';
const CIRCLE = { email: 'circle@example.com', password: 'circle-demo-pass', name: 'Casey Circle', tier: 'strategy-circle' };
const LEADER = { email: 'leader@example.com', password: 'leader-demo-pass', name: 'Lee Leader', tier: 'leadership-alliance' };
const RANK = { 'strategy-circle': 1, 'leadership-alliance': 2 };

let server;
let browser;
/** Every briefing of the sample content: {slug, id, tier, sentences[]} (from the authoring files). */
let briefings = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const dir = path.join(process.env.PV_CONTENT, 'profiles');
  for (const file of await readdir(dir)) {
    if (!file.endsWith('.json')) continue;
    const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8'));
    for (const b of profile.briefings ?? []) {
      const texts = [];
      for (const block of b.body?.blocks ?? []) {
        if (block.text) texts.push(block.text);
        for (const item of block.items ?? []) texts.push(item);
        for (const fact of block.facts ?? []) texts.push(fact.value);
      }
      for (const s of b.body?.sources ?? []) texts.push(s.title);
      briefings.push({ slug: profile.slug, id: b.id, tier: b.tier, texts: texts.filter((t) => t.length >= 12) });
    }
  }
  assert.ok(briefings.some((b) => b.texts.some((t) => t.includes('MEMBER-ONLY'))));
  assert.ok(briefings.some((b) => b.texts.some((t) => t.includes('LEADERSHIP-ONLY'))));
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Records the raw body of every answer the page receives. */
function recordBodies(page) {
  const bodies = [];
  page.on('response', async (response) => {
    try {
      bodies.push({ url: response.url(), text: (await response.body()).toString('latin1') });
    } catch {
      // Redirects and aborted requests have no body.
    }
  });
  return bodies;
}

/** Asserts that no recorded answer contains a sentence of a briefing above `rank`. */
function assertNoLeak(bodies, rank, label) {
  assert.ok(bodies.length > 3, `${label}: recorded ${bodies.length} answers`);
  for (const b of briefings.filter((b) => RANK[b.tier] > rank)) {
    for (const sentence of b.texts) {
      // The bytes as sent: JSON escapes and UTF-8 in latin1 both keep ASCII prefixes intact.
      const needle = Buffer.from(sentence.slice(0, 40), 'utf8').toString('latin1');
      for (const { url, text } of bodies) {
        assert.ok(!text.includes(needle), `${label}: ${url} carries ${b.slug}/${b.id}`);
      }
    }
  }
}

async function cardStates(page) {
  return page.$$eval('.pv-locked', (cards) =>
    Object.fromEntries(cards.map((c) => [c.dataset.briefingId, c.dataset.state])),
  );
}

async function waitForStates(page, expected) {
  await page.waitForFunction(
    (expected) => {
      const cards = [...document.querySelectorAll('.pv-locked')];
      return (
        cards.length === Object.keys(expected).length &&
        cards.every((c) => expected[c.dataset.briefingId] === c.dataset.state)
      );
    },
    expected,
    { timeout: 10_000 },
  ).catch(async (e) => {
    throw new Error(`card states ${JSON.stringify(await cardStates(page))}, expected ${JSON.stringify(expected)}: ${e.message}`);
  });
}

async function openProfile(page, slug = SLUG) {
  await page.goto(`${server.url}/profiles/${slug}`);
  await page.locator('.pv-locked').first().waitFor();
  await page.locator('.pv-session__login, .pv-session__signout').first().waitFor();
}


/** Everything the page keeps in localStorage, sessionStorage and IndexedDB, as text. */
async function storageDump(page) {
  return page.evaluate(async () => {
    const out = [];
    for (const store of [localStorage, sessionStorage]) {
      for (let i = 0; i < store.length; i++) out.push(store.key(i), store.getItem(store.key(i)));
    }
    const dbs = indexedDB.databases ? await indexedDB.databases() : [];
    for (const info of dbs) {
      const db = await new Promise((res, rej) => {
        const r = indexedDB.open(info.name);
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      for (const name of db.objectStoreNames) {
        const all = await new Promise((res) => {
          const r = db.transaction(name).objectStore(name).getAll();
          r.onsuccess = () => res(r.result);
          r.onerror = () => res([]);
        });
        out.push(info.name, name, JSON.stringify(all));
      }
      db.close();
    }
    return { text: out.join('\n'), cookie: document.cookie };
  });
}

test('signed out: both cards offer Log in and Join, and nothing gated reaches the page', async () => {
  const page = await newPage(browser);
  const bodies = recordBodies(page);
  await openProfile(page);
  await waitForStates(page, { 'deeper-profile-context': 'signed-out', 'ownership-and-exposure': 'signed-out' });
  const first = page.locator('[data-briefing-id="deeper-profile-context"]');
  await first.getByRole('button', { name: 'Log in' }).waitFor();
  assert.equal(await first.getByRole('link', { name: 'Join Strategy Circle' }).getAttribute('href'), '/join.html#strategy-circle');
  const second = page.locator('[data-briefing-id="ownership-and-exposure"]');
  await second.getByRole('link', { name: 'Join Leadership Alliance' }).waitFor();
  // Open other profiles too, so more answers are checked.
  for (const slug of ['linx', 'ripe-ncc', 'de-cix']) await openProfile(page, slug);
  assertNoLeak(bodies, 0, 'signed out');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

for (const member of [CIRCLE, LEADER]) {
  test(`${member.email}: card matrix, unlock without reload, no leak, no token in storage, sign out locks`, async () => {
    const page = await newPage(browser);
    const bodies = recordBodies(page);
    await openProfile(page);
    await page.evaluate(() => {
      window.pvNoReload = 'still here';
    });
    // Log in from a card: focus comes back to that card once it has unlocked.
    await page.locator('[data-briefing-id="deeper-profile-context"]').getByRole('button', { name: 'Log in' }).click();
    await fillLogin(page, member);
    await page.locator('.pv-session__signout').waitFor();
    const leader = member === LEADER;
    await waitForStates(page, {
      'deeper-profile-context': 'open',
      'ownership-and-exposure': leader ? 'open' : 'below-tier',
    });
    assert.equal(await page.evaluate(() => window.pvNoReload), 'still here', 'unlocked without a reload');
    assert.equal(
      await page.evaluate(() => document.activeElement?.closest('.pv-locked')?.dataset.briefingId),
      'deeper-profile-context',
    );
    await page.getByText('MEMBER-ONLY SAMPLE TEXT').waitFor();
    const header = page.locator('.pv-session');
    assert.match(await header.textContent(), new RegExp(member.name));
    assert.match(await header.textContent(), leader ? /Leadership Alliance/ : /Strategy Circle/);
    const second = page.locator('[data-briefing-id="ownership-and-exposure"]');
    if (leader) {
      await page.getByText('LEADERSHIP-ONLY SAMPLE TEXT').waitFor();
    } else {
      await second.getByRole('link', { name: 'Upgrade to Leadership Alliance' }).waitFor();
      assert.match(await second.textContent(), /For owners and management of IP-holding companies/);
      assert.equal(await second.getByRole('button', { name: 'Log in' }).count(), 0);
    }
    // Other profiles unlock according to the tier too. The directory is the whole app's page
    // (a page of its own: the profile page's app has no directory), and a profile opened
    // from it is navigated inside that app.
    await page.locator('a.pv-brand').click();
    await directoryTookOver(page);
    await page.evaluate(() => {
      window.pvNoReload = 'still here';
    });
    await page.getByRole('link', { name: /LINX/ }).first().click();
    await waitForStates(page, {
      'member-vote-preview': 'open',
      'regulatory-exposure': leader ? 'open' : 'below-tier',
    });
    assert.equal(await page.evaluate(() => window.pvNoReload), 'still here');
    if (!leader) assertNoLeak(bodies, RANK[member.tier], `signed in as ${member.email}`);

    // No session id in script-readable storage: the cookie is HttpOnly and nothing is copied.
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'pv_session');
    assert.ok(session?.httpOnly, 'HttpOnly session cookie');
    const dump = await storageDump(page);
    assert.ok(!dump.text.includes(session.value), 'session id in web storage');
    assert.ok(!dump.cookie.includes(session.value), 'session id readable by script');

    // Sign out: cards lock again, bodies are gone from the page, the server forgot it.
    await page.locator('.pv-session__signout').click();
    await page.locator('.pv-session__login').waitFor();
    await waitForStates(page, { 'member-vote-preview': 'signed-out', 'regulatory-exposure': 'signed-out' });
    // Focus moves in the frame after the server has answered the sign-out.
    await page.waitForFunction(() => document.activeElement?.classList.contains('pv-session__login'), null, { timeout: 5_000 });
    assert.ok(!(await page.content()).includes('ONLY SAMPLE TEXT'));
    const after = await fetch(`${server.url}/api/auth/session`, { headers: { cookie: `pv_session=${session.value}` } });
    assert.equal(after.status, 401, 'logout revoked the session on the server');
    assert.equal(await page.evaluate(() => window.pvNoReload), 'still here');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}

test("a signed-out first visit asks nobody about a session; a member's reload restores it; sign-out stops asking", async () => {
  const page = await newPage(browser);
  const sessionChecks = [];
  const failures = [];
  const briefingRequests = [];
  page.on('request', (r) => {
    const { pathname } = new URL(r.url());
    if (pathname.includes('/briefings/')) briefingRequests.push(pathname);
  });
  page.on('response', (r) => {
    if (new URL(r.url()).pathname === '/api/auth/session') sessionChecks.push(r.status());
    if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
  });
  const consoleErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await openProfile(page);
  await waitForStates(page, { 'deeper-profile-context': 'signed-out', 'ownership-and-exposure': 'signed-out' });
  // A background check that had been started would answer well within this.
  await page.waitForTimeout(500);
  assert.deepEqual(sessionChecks, [], 'no GET /auth/session without a sign of a session');
  assert.deepEqual(failures, [], 'no 4xx answer on a signed-out first visit');
  assert.deepEqual(consoleErrors, [], 'no console error (Lighthouse best practices)');
  // Becoming visible again does not ask either.
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await page.waitForTimeout(300);
  assert.deepEqual(sessionChecks, []);

  // Signed in, a reload asks the server and gets the member back.
  await signIn(page, CIRCLE);
  const hint = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('profile-viewer:signed-in:')));
  assert.equal(hint.length, 1, 'the non-secret hint is stored');
  briefingRequests.length = 0;
  await page.reload();
  await page.locator('.pv-session__signout').waitFor();
  await waitForStates(page, { 'deeper-profile-context': 'open', 'ownership-and-exposure': 'below-tier' });
  assert.deepEqual(sessionChecks, [200], 'the reload checked the session once');
  assert.match(await page.locator('.pv-session').textContent(), /Casey Circle/);
  // The server's page preloaded the session and the one body this member may read, and the
  // app used those answers: one request each, none for the briefing above the tier.
  const preloads = await page.evaluate(() =>
    [...document.querySelectorAll('link[rel="preload"][as="fetch"]')].map((l) => new URL(l.href).pathname),
  );
  assert.deepEqual(preloads, [
    `/api/profiles/${SLUG}`,
    '/api/auth/session',
    `/api/profiles/${SLUG}/briefings/deeper-profile-context`,
  ]);
  assert.deepEqual(briefingRequests, [`/api/profiles/${SLUG}/briefings/deeper-profile-context`]);

  // Signed out, the next visit asks nobody again.
  await page.locator('.pv-session__signout').click();
  await page.locator('.pv-session__login').waitFor();
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), hint[0]), null, 'sign-out removes the hint');
  await page.reload();
  await openProfile(page);
  await page.waitForTimeout(500);
  assert.deepEqual(sessionChecks, [200]);

  // A session revoked elsewhere: the one check answers 401, which removes the hint too.
  await signIn(page, CIRCLE);
  const { value } = (await page.context().cookies()).find((c) => c.name === 'pv_session');
  const res = await fetch(`${server.url}/api/auth/logout`, {
    method: 'POST',
    headers: { cookie: `pv_session=${value}`, 'x-profile-viewer': '1' },
  });
  assert.equal(res.status, 204);
  await page.reload();
  await page.locator('.pv-session__login').waitFor();
  assert.deepEqual(sessionChecks, [200, 401]);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), hint[0]), null, 'a 401 removes the hint');
  await page.reload();
  await openProfile(page);
  await page.waitForTimeout(500);
  assert.deepEqual(sessionChecks, [200, 401], 'after the 401, no more checks');
  await page.context().close();
});

test('wrong password and unknown e-mail say so; Escape closes and focus returns', async () => {
  const page = await newPage(browser);
  await openProfile(page);
  const opener = page.locator('.pv-session__login');
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'Log in' });
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete')), 'username');
  assert.equal(await dialog.getByLabel('Password').getAttribute('autocomplete'), 'current-password');
  await fillLogin(page, { email: CIRCLE.email, password: 'not-the-password' });
  const alert = dialog.locator('.pv-login__error');
  await page.waitForFunction(() => document.querySelector('.pv-login__error')?.textContent === 'E-mail or password is wrong');
  assert.equal(await alert.getAttribute('aria-live'), 'assertive');
  assert.equal(await dialog.getByLabel('Password').getAttribute('aria-invalid'), 'true');
  await fillLogin(page, { email: 'nobody@example.com', password: 'whatever-pass' });
  await page.waitForFunction(() => document.querySelector('.pv-login__error')?.textContent === 'E-mail or password is wrong');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('pv-session__login')), true);
  // The close button dismisses it too.
  await opener.click();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await waitForStates(page, { 'deeper-profile-context': 'signed-out', 'ownership-and-exposure': 'signed-out' });
  await page.context().close();
});

test('the rate limit says how long to wait', async () => {
  // A window long enough that three slow (argon2) attempts on a loaded machine fit in it.
  const limited = await startServer(['--login-limit', '2', '--login-window-secs', '20']);
  try {
    const page = await newPage(browser);
    await page.goto(`${limited.url}/profiles/${SLUG}`);
    await page.locator('.pv-session__login').click();
    const attempt = async (credentials) => {
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
      await fillLogin(page, credentials);
      return (await answer).status();
    };
    for (let i = 0; i < 2; i++) {
      assert.equal(await attempt({ email: LEADER.email, password: `wrong-${i}` }), 401);
      await page.waitForFunction(() => document.querySelector('.pv-login__error')?.textContent === 'E-mail or password is wrong');
    }
    assert.equal(await attempt(LEADER), 429);
    await page.waitForFunction(() => /^Too many attempts, try again in \d+ s$/.test(document.querySelector('.pv-login__error')?.textContent ?? ''));
    const text = await page.locator('.pv-login__error').textContent();
    const secs = Number(text.match(/(\d+) s/)[1]);
    assert.ok(secs >= 1 && secs <= 20, text);
    // After the window the right password works.
    await page.waitForTimeout((secs + 1) * 1000);
    await fillLogin(page, LEADER);
    await page.locator('.pv-session__signout').waitFor();
    await page.context().close();
  } finally {
    await limited.stop();
  }
});

test('sign-in and sign-out in one tab reach the other tab', async () => {
  const page = await newPage(browser);
  const other = await page.context().newPage();
  await openProfile(page);
  await other.goto(`${server.url}/profiles/${SLUG}`);
  await other.locator('.pv-session__login').waitFor();
  await signIn(page, LEADER);
  await waitForStates(other, { 'deeper-profile-context': 'open', 'ownership-and-exposure': 'open' });
  await page.locator('.pv-session__signout').click();
  await waitForStates(other, { 'deeper-profile-context': 'signed-out', 'ownership-and-exposure': 'signed-out' });
  await other.locator('.pv-session__login').waitFor();
  assert.ok(!(await other.content()).includes('ONLY SAMPLE TEXT'));
  await page.context().close();
});

test('a session ended elsewhere shows as signed out when the tab becomes visible, and any 401 signs out', async () => {
  const page = await newPage(browser);
  await openProfile(page);
  await signIn(page, CIRCLE);
  await waitForStates(page, { 'deeper-profile-context': 'open', 'ownership-and-exposure': 'below-tier' });
  const revoke = async () => {
    const { value } = (await page.context().cookies()).find((c) => c.name === 'pv_session');
    const res = await fetch(`${server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: `pv_session=${value}`, 'x-profile-viewer': '1' },
    });
    assert.equal(res.status, 204);
  };
  await revoke();
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await waitForStates(page, { 'deeper-profile-context': 'signed-out', 'ownership-and-exposure': 'signed-out' });
  await page.locator('.pv-session__login').waitFor();

  // Signed in again, the session dies, then a briefing request answers 401.
  await signIn(page, CIRCLE);
  await waitForStates(page, { 'deeper-profile-context': 'open', 'ownership-and-exposure': 'below-tier' });
  await revoke();
  await page.locator('a.pv-brand').click();
  await page.getByRole('link', { name: /LINX/ }).first().click();
  await waitForStates(page, { 'member-vote-preview': 'signed-out', 'regulatory-exposure': 'signed-out' });
  await page.locator('.pv-session__login').waitFor();
  await page.context().close();
});

test('a briefing that fails shows the error on its card only, and Retry loads it', async () => {
  const page = await newPage(browser);
  await openProfile(page);
  let fail = true;
  await page.route('**/briefings/deeper-profile-context', (route) => (fail ? route.abort() : route.continue()));
  await signIn(page, LEADER);
  await waitForStates(page, { 'deeper-profile-context': 'error', 'ownership-and-exposure': 'open' });
  const card = page.locator('[data-briefing-id="deeper-profile-context"]');
  assert.match(await card.getByRole('alert').textContent(), /cannot reach the server/);
  assert.equal(await page.locator('.pv-locked__error').count(), 1);
  fail = false;
  await card.getByRole('button', { name: 'Retry' }).click();
  await waitForStates(page, { 'deeper-profile-context': 'open', 'ownership-and-exposure': 'open' });
  await page.locator('.pv-session__signout').waitFor();
  await page.context().close();
});

test('axe: no violations with the dialog open, with an error shown, and signed in', async () => {
  const page = await newPage(browser);
  await openProfile(page);
  await page.locator('.pv-session__login').click();
  await page.getByRole('dialog', { name: 'Log in' }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'dialog open');
  await fillLogin(page, { email: CIRCLE.email, password: 'wrong-password' });
  await page.waitForFunction(() => document.querySelector('.pv-login__error')?.textContent === 'E-mail or password is wrong');
  assert.deepEqual(await axeViolations(page), [], 'error shown');
  await fillLogin(page, CIRCLE);
  await page.locator('.pv-session__signout').waitFor();
  await waitForStates(page, { 'deeper-profile-context': 'open', 'ownership-and-exposure': 'below-tier' });
  assert.deepEqual(await axeViolations(page), [], 'signed in');
  await page.context().close();
});
