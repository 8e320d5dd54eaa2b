// The standalone app where readers are: Lighthouse's slow 4G (embed.mjs, SLOW_4G), service
// workers blocked so the page's own requests are what is throttled. Rows: the profile
// visible (viewer / static); the first press, "Log in" → the dialog's e-mail field focused
// (and → the app's dialog in its place), A/B in one run: a reader whose pointer moved when the page showed (the loader fetches the
// app's code on that first sign) and presses a second later, and a press with no sign before
// it (the code comes with the press); "Save for offline" → saved; the directory's first
// paint; a signed-in member's cold visit → the first member briefing painted.
import { SLOW_4G } from './embed.mjs';
import { directoryProbe, visibleProbe } from './probes.mjs';
import { median, ms, row, verdict } from './stats.mjs';

const TIMEOUT = 60_000;
// How long after the first sign the reader presses: a pointer's trip to a button.
const REACH_MS = 1_000;

/** In the page: window.__pvPress = ms from pressing "Log in" to its dialog's e-mail field
 *  focused and painted (the first screen's own dialog, or the app's); window.__pvPressApp =
 *  the same to the app's dialog open in its place (a submit is the app's own from then on). */
function pressProbe() {
  window.__pvPress = null;
  window.__pvPressApp = null;
  let start = null;
  const painted = (name) => {
    const mc = new MessageChannel();
    mc.port1.onmessage = () => { window[name] = performance.now() - start; };
    mc.port2.postMessage(0);
  };
  addEventListener('pointerdown', (event) => {
    if (start !== null || !event.target.closest?.('.pv-session__login')) return;
    start = performance.now();
    let usable = false;
    const check = () => {
      const email = document.querySelector('dialog[open] input[type="email"]');
      if (!usable && email && document.activeElement === email) {
        usable = true;
        painted('__pvPress');
      }
      if (document.querySelector('dialog[open]:not([data-pv-first])')) painted('__pvPressApp');
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, true);
}

/** In the page: window.__pvPainted[name] = when `selector` first matched (`attribute`
 *  present, when given) and a frame with it was painted. */
function paintedProbe(marks) {
  window.__pvPainted = {};
  const check = () => {
    for (const [name, selector] of Object.entries(marks)) {
      if (window.__pvPainted[name] !== undefined || !document.querySelector(selector)) continue;
      window.__pvPainted[name] = null;
      requestAnimationFrame(() => {
        const mc = new MessageChannel();
        mc.port1.onmessage = () => { window.__pvPainted[name] = performance.now(); };
        mc.port2.postMessage(0);
      });
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  addEventListener('pointerdown', (event) => {
    if (event.target.closest?.('.pv-save__button')) window.__pvSavePressed ??= performance.now();
  }, true);
}

const MARKS = { saved: '.pv-save__button[aria-pressed="true"]', briefing: '.pv-briefing__body' };
const painted = (page, name) =>
  page.waitForFunction((n) => typeof window.__pvPainted[n] === 'number', name, { timeout: TIMEOUT, polling: 50 })
    .then(() => page.evaluate((n) => window.__pvPainted[n], name));

async function throttledPage(browser, probeArgs, listed = 12) {
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 1000 } });
  await context.addInitScript(visibleProbe, probeArgs);
  await context.addInitScript(pressProbe);
  await context.addInitScript(paintedProbe, MARKS);
  await context.addInitScript(directoryProbe, { count: listed });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  return { context, page };
}

async function visibleAt(page, url) {
  await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT });
  await page.waitForFunction(() => window.__pvVisible !== null, null, { timeout: TIMEOUT, polling: 50 });
  return page.evaluate(() => window.__pvVisible.painted);
}

/** One visit of the viewer's page: visible, then "Log in" pressed, after a first sign
 *  `REACH_MS` earlier (`signFirst`) or with none. */
async function visitAndPress(browser, url, probeArgs, signFirst) {
  const { context, page } = await throttledPage(browser, probeArgs);
  try {
    const visible = await visibleAt(page, url);
    if (signFirst) {
      await page.mouse.move(4, 4);
      await page.waitForTimeout(REACH_MS);
    }
    await page.locator('.pv-session__login').first().click({ timeout: TIMEOUT });
    await page.waitForFunction(() => window.__pvPress !== null && window.__pvPressApp !== null, null, { timeout: TIMEOUT, polling: 50 });
    return { visible, press: await page.evaluate(() => window.__pvPress), pressApp: await page.evaluate(() => window.__pvPressApp) };
  } finally {
    await context.close();
  }
}

async function visitStatic(browser, url, probeArgs) {
  const { context, page } = await throttledPage(browser, probeArgs);
  try {
    return { visible: await visibleAt(page, url) };
  } finally {
    await context.close();
  }
}

/** "Save for offline" pressed once the page shows, with no sign before: ms to saved. */
async function visitAndSave(browser, url, probeArgs) {
  const { context, page } = await throttledPage(browser, probeArgs);
  try {
    await visibleAt(page, url);
    await page.locator('.pv-save__button').first().click({ timeout: TIMEOUT });
    const saved = await painted(page, 'saved');
    return { save: saved - (await page.evaluate(() => window.__pvSavePressed)) };
  } finally {
    await context.close();
  }
}

/** The directory (or its static twin at `path`): navigation start to its first `listed`
 *  profile links painted. */
async function visitDirectory(browser, base, probeArgs, listed, path = '/') {
  const { context, page } = await throttledPage(browser, probeArgs, listed);
  try {
    await page.goto(`${base}${path}`, { waitUntil: 'commit', timeout: TIMEOUT });
    await page.waitForFunction(() => window.__pvDirectory !== null, null, { timeout: TIMEOUT, polling: 50 });
    return { directory: await page.evaluate(() => window.__pvDirectory.painted) };
  } finally {
    await context.close();
  }
}

/** A member signed in earlier (the session cookie is there) opens the profile cold:
 *  navigation start to the first member briefing's body painted. */
async function visitAsMember(browser, base, url, probeArgs, member) {
  const { context, page } = await throttledPage(browser, probeArgs);
  try {
    const login = await context.request.post(`${base}/api/auth/login`, {
      headers: { 'content-type': 'application/json', 'x-profile-viewer': '1' },
      data: member,
    });
    if (!login.ok()) throw new Error(`member login: HTTP ${login.status()}`);
    await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT });
    return { briefing: await painted(page, 'briefing') };
  } finally {
    await context.close();
  }
}

const MEMBER = { email: 'leader@example.com', password: 'leader-demo-pass' };

/** `listed`: how many profile links the directory's first page shows (12, or fewer
 *  profiles). */
export async function measureThrottled(browser, base, profile, runs, listed) {
  const probeArgs = { name: profile.name, keyPoint: profile.key_points?.[0] ?? '' };
  const viewer = `${base}/profiles/${profile.slug}`;
  const out = { signed: [], unsigned: [], static: [], save: [], directory: [], staticDirectory: [], member: [] };
  for (let i = 0; i < runs; i++) {
    // Interleaved, so each variant sees the same machine load.
    out.signed.push(await visitAndPress(browser, viewer, probeArgs, true));
    out.unsigned.push(await visitAndPress(browser, viewer, probeArgs, false));
    out.static.push(await visitStatic(browser, `${base}/static-profile.html`, probeArgs));
    out.save.push(await visitAndSave(browser, viewer, probeArgs));
    out.directory.push(await visitDirectory(browser, base, probeArgs, listed));
    out.staticDirectory.push(await visitDirectory(browser, base, probeArgs, listed, '/static-directory.html'));
    out.member.push(await visitAsMember(browser, base, viewer, probeArgs, MEMBER));
  }
  return out;
}

export function throttledRows({ signed, unsigned, static: still, save, directory, staticDirectory, member }, runs) {
  const med = (xs, key) => median(xs.map((x) => x[key]));
  const viewer = med([...signed, ...unsigned], 'visible');
  const st = med(still, 'visible');
  const ratio = viewer / st;
  const [warm, cold] = [med(signed, 'press'), med(unsigned, 'press')];
  const [dir, dirStatic] = [med(directory, 'directory'), med(staticDirectory, 'directory')];
  const dirRatio = dir / dirStatic;
  const note = `median of ${runs} (${2 * runs} for the viewer), slow 4G (150 ms RTT, 1.6 Mb/s down, 750 kb/s up), service workers blocked, signed out, first visit`;
  return [
    row('throttled', 'profile visible: viewer', ms(viewer), '', 'info', note),
    row('throttled', 'profile visible: static page', ms(st), '', 'info'),
    row('throttled', 'profile visible: ratio viewer / static', Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a', '≤ 1.10×', verdict(ratio <= 1.1)),
    row('throttled', `press "Log in" → dialog usable, pointer moved ${REACH_MS} ms before`, ms(warm), '≤ 1000.0 ms', verdict(warm <= 1000), "the first screen's own dialog; the loader fetched the app on the first sign"),
    row('throttled', 'press "Log in" → dialog usable, no sign before the press', ms(cold), '≤ 1000.0 ms', verdict(cold <= 1000), "the first screen's own dialog; the app is fetched on the press"),
    row('throttled', `press "Log in" → the app's dialog in its place, pointer moved ${REACH_MS} ms before`, ms(med(signed, 'pressApp')), '', 'info', 'what was typed carries over'),
    row('throttled', "press \"Log in\" → the app's dialog in its place, no sign before the press", ms(med(unsigned, 'pressApp')), '', 'info'),
    row('throttled', 'press "Save for offline" → saved, no sign before the press', ms(med(save, 'save')), '', 'info'),
    row('throttled', 'directory: its first page of profile links painted', ms(dir), '', 'info', 'the server draws the first page (profile-views); the app waits for intent'),
    row('throttled', 'directory: the same first screen as a static page', ms(dirStatic), '', 'info'),
    row('throttled', 'directory: ratio viewer / static', Number.isFinite(dirRatio) ? `${dirRatio.toFixed(2)}×` : 'n/a', '≤ 1.30×', verdict(dirRatio <= 1.3)),
    row('throttled', "a signed-in member's cold visit → first member briefing painted", ms(med(member, 'briefing')), '≤ 2000.0 ms', verdict(med(member, 'briefing') <= 2000), 'Lee Leader (all tiers), session cookie from an earlier sign-in'),
  ];
}
