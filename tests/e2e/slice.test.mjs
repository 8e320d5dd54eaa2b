// The vertical slice: directory -> profile -> deep link reload, under the
// server's strict CSP, with no console errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, server, browser, useServerAndBrowser } from './harness.mjs';

const SLUG = 'us-officials-telecom-cyber-espionage';
const NAME = 'US security officials discuss Chinese cyber-espionage with telecom executives';
useServerAndBrowser();

test('the directory lists the sample profiles', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '/');
  await page.getByRole('link', { name: NAME }).waitFor();
  const index = await (await fetch(server.url + '/api/profiles')).json();
  assert.ok(index.length >= 6, `expected at least 6 sample profiles, got ${index.length}`);
  for (const entry of index) {
    await page.getByRole('link', { name: entry.name }).first().waitFor({ timeout: 5000 });
  }
  assert.deepEqual(page.problems, []);
});

test('clicking a profile shows its name, grade and key points; the deep link reloads', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '/');
  await page.getByRole('link', { name: NAME }).click();
  await page.waitForURL(`**/profiles/${SLUG}`);
  const h1 = page.getByRole('heading', { level: 1 });
  await h1.waitFor();
  assert.equal((await h1.textContent()).trim(), NAME);
  await page.getByText('B/C', { exact: false }).first().waitFor();
  await page.getByText('U.S. authorities have identified sophisticated cyber-espionage').waitFor();

  await page.reload();
  await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
  await page.getByText('These actions, amidst growing U.S.-China tensions').waitFor();
  assert.deepEqual(page.problems, []);
});

test('the shell carries no inline script and loads under the strict CSP', async () => {
  const res = await fetch(server.url + `/profiles/${SLUG}`);
  assert.equal(res.status, 200);
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  const html = await res.text();
  // JSON-LD is data that no browser runs, so the CSP lets it be.
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)(?![^>]*type="application\/ld\+json")[^>]*>/, 'an inline <script> would be blocked by the CSP');
  assert.match(html, /<script type="application\/ld\+json"/, 'the page has its JSON-LD');
});
