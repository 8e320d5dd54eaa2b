// Shared set-up for the end-to-end tests: the real reference server on a free loopback port
// (started per test file, so each file can choose its flags) and the system Chromium.
import { spawn } from 'node:child_process';
import { after, before } from 'node:test';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const SERVER = process.env.PV_SERVER_BIN;
const DIST = process.env.PV_DIST;
const CONTENT = process.env.PV_CONTENT;

/** Starts profile-server on 127.0.0.1:0 and resolves with its base URL once it listens.
 *  `content`, `dist` and `bin` default to PV_CONTENT, PV_DIST and PV_SERVER_BIN (the bench's
 *  tools pass their own). Plain http, so `--insecure-cookies`: the session cookie is
 *  `pv_session` without `Secure`. */
export async function startServer(extraArgs = [], { content = CONTENT, dist = DIST, bin = SERVER } = {}) {
  if (!bin || !dist || !content) {
    throw new Error('PV_SERVER_BIN, PV_DIST and PV_CONTENT must be set (run through `cargo xtask test`)');
  }
  // Each server its own SQLite file, seeded from the content's members.json.
  const data = mkdtempSync(join(tmpdir(), 'pv-e2e-db-'));
  const database = extraArgs.includes('--database') ? [] : ['--database', join(data, 'members.db')];
  const child = spawn(bin, ['--content', content, '--dist', dist, '--addr', '127.0.0.1:0', '--insecure-cookies', ...database, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
    // One access-log line per request would bury the test output: warnings and errors only.
    env: { RUST_LOG: 'warn', ...process.env },
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
    lines.on('line', (line) => {
      const m = line.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    });
  });
  return {
    url,
    pid: child.pid,
    /** Asks the server to re-read its content folder (SIGHUP). */
    reload() {
      child.kill('SIGHUP');
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** The reference server and Chromium of a test file that calls `useServerAndBrowser`: started
 *  before its first test, stopped after its last (node runs each test file in a process of
 *  its own). Imported, they are live: read them inside the tests. */
export let server = null;
export let browser = null;
export function useServerAndBrowser(serverArgs = [], options = {}) {
  before(async () => {
    server = await startServer(serverArgs, options);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.PV_CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A page that records console errors, page errors and CSP violations, so a test can
 *  assert that none happened (a wasm panic shows up here). */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext(options);
  return trackProblems(await context.newPage());
}

/** Gives `page` the `problems` list that `newPage` pages have (for a page opened in a
 *  shared context, which keeps the compiled viewer cached between pages). */
export function trackProblems(page) {
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // The session check's 401 ("nobody is signed in") is an answer, not a problem.
    const sessionCheck = m.location()?.url?.endsWith('/api/auth/session') && m.text().includes('401');
    if (m.type() === 'error' && !sessionCheck) page.problems.push(`console: ${m.text()}`);
  });
  return page;
}

/** Fills the viewer's login dialog (once it is open) and submits it; returns the dialog. */
export async function fillLogin(page, { email, password }) {
  const dialog = page.getByRole('dialog', { name: 'Log in' });
  await dialog.waitFor();
  await dialog.getByLabel('E-mail').fill(email);
  await dialog.getByLabel('Password').fill(password);
  await dialog.getByLabel('Password').press('Enter');
  return dialog;
}

/** Signs `member` in through the header's "Log in" button and waits for "Sign out". */
export async function signIn(page, member, options = {}) {
  await page.locator('.pv-session__login').click();
  const dialog = await fillLogin(page, member);
  await page.locator('.pv-session__signout').waitFor(options).catch(async (error) => {
    // What the dialog says tells a refused or failed login from one never made.
    const said = await dialog.locator('[role="alert"]').allTextContents().catch(() => []);
    throw new Error(`${error.message}\nthe login dialog says: ${JSON.stringify(said)}`);
  });
}

/** Resolves once the service worker controls the page. */
export async function controlled(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      );
    }
  });
}

/** Lighthouse's phone and a desktop: `[label, context options]`. */
// The app's code as the build names it: the whole app (profile-viewer-<hash>) and the profile
// page's own (profile-page-<hash>, src/bin/profile-page.rs) and the one that makes a profile
// page the server drew live (profile-attach-<hash>), each a `.js` glue and a wasm.
export const APP_CODE = /\/profile-(viewer|page|attach)-[0-9a-f]+(_bg\.wasm|\.js)$/;

export const VIEWPORTS = [
  ['phone', { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true }],
  ['desktop', { viewport: { width: 1350, height: 940 } }],
];

/** Holds back the viewer's wasm in `page` until the returned function is called: the time
 *  before the app runs, made as long as a test needs. */
export async function holdWasm(page) {
  let release;
  const held = new Promise((r) => (release = r));
  await page.route('**/*_bg.wasm', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** Starts the app on a profile page whose first screen waits for the reader's intent (a
 *  signed-out first visit, web/loader.js): moves the pointer over the first
 *  screen's first button, as a reader reaching for it does. Resolves once it has taken
 *  the page over. */
export async function startApp(page, options = {}) {
  await page.locator('[data-pv-first] button').first().hover();
  await appTookOver(page, options);
}

/** Resolves once the app has taken a profile page over: its own render is painted
 *  (`pv:profile-visible`) and the server's first screen (`data-pv-first`) is gone. */
export function appTookOver(page, options = {}) {
  return page.waitForFunction(
    () => performance.getEntriesByName('pv:profile-visible').length > 0 && !document.querySelector('[data-pv-first]'),
    null,
    options,
  );
}

/** Resolves once the app has taken the directory over: its own render is painted
 *  (`pv:directory-visible`) and the server's first screen (`data-pv-first`) is gone. */
export function directoryTookOver(page, options = {}) {
  return page.waitForFunction(
    () => performance.getEntriesByName('pv:directory-visible').length > 0 && !document.querySelector('[data-pv-first]'),
    null,
    options,
  );
}

/** Starts the app on the directory, whose first screen waits for the reader's intent (a
 *  signed-out visit, web/loader.js): moves the pointer over the search box, as a reader
 *  reaching for it does. Resolves once it has taken the page over. */
export async function startDirectory(page, options = {}) {
  await page.locator('[data-pv-first] #pv-search').hover();
  await directoryTookOver(page, options);
}
