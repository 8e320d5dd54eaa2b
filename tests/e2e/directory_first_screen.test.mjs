// The directory's first screen from the server (crates/profile-views: the viewer's own
// directory components rendered to HTML, profile-server's shell for `/`) and the loader's
// takeover (web/loader.js): the results are in the HTML, for the address's query too, and
// read without the app; the app starts when the reader reaches for a control (the search
// box, a menu), and what was typed before it took over stays, with focus and caret, and
// filters once it is in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, VIEWPORTS, holdWasm, directoryTookOver, server, browser, useServerAndBrowser } from './harness.mjs';

// What the server marks `data-pv-first`: the description and the five elements of the body
// (the login dialog, closed, last).
const MARKED = 6;
useServerAndBrowser();

/** The server's index: what the directory lists. */
async function index() {
  return (await fetch(`${server.url}/api/profiles`)).json();
}

/** Names in the directory's order for "Name A–Z": lower-cased, code point order. */
const byName = (a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);

/** The slugs the directory lists, in order. */
function listed(page) {
  return page.locator('li.pv-card').evaluateAll((cards) => cards.map((c) => c.dataset.slug));
}

/** `<main>` as canonical text: attributes sorted, the server's marks and comments left out,
 *  and no text of only white space (the server writes an empty text as one space, so that
 *  its node is in the HTML; the rows hide such an element). */
function mainMarkup() {
  const canon = (node) => {
    let out = `<${node.localName}`;
    for (const name of node.getAttributeNames().filter((n) => n !== 'data-pv-first').sort()) {
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
      if (text.trim()) out += JSON.stringify(text);
      text = '';
      out += canon(child);
    }
    if (text.trim()) out += JSON.stringify(text);
    return `${out}</${node.localName}>`;
  };
  return canon(document.querySelector('main'));
}

test('the directory\'s results are in the HTML and read without the app, for the address\'s query too', async () => {
  const entries = await index();
  const newest = [...entries]
    .sort((a, b) => Date.parse(b.updated_at) - Date.parse(a.updated_at) || byName(a.name, b.name))
    .map((e) => e.slug);
  const html = await (await fetch(`${server.url}/`)).text();
  assert.match(html, /<meta name="pv-start" content="on-intent">/);
  assert.doesNotMatch(html, /rel="(module)?preload"/, 'a signed-out reader\'s directory preloads nothing');
  assert.match(html, /<footer data-pv-first id="pv-first-end" class="pv-site-footer">/);
  for (const [label, options] of VIEWPORTS) {
    // The wasm never comes: the list is the server's.
    const page = await newPage(browser, { ...options, serviceWorkers: 'block' });
    const api = [];
    page.on('request', (r) => new URL(r.url()).pathname.startsWith('/api/') && api.push(r.url()));
    await page.route('**/*_bg.wasm', (route) => route.abort('blockedbyclient'));
    await page.goto(`${server.url}/`);
    assert.deepEqual(await listed(page), newest.slice(0, 12), label);
    assert.equal(await page.locator('#pv-results-status').textContent(), `${entries.length} profiles`);
    assert.equal(await page.title(), 'Profiles — Profile viewer');
    // A shared link's query: its results, and the search box says what was searched.
    await page.goto(`${server.url}/?q=cable&sort=name`);
    const cables = entries
      .filter((e) => `${e.name} ${e.kind ?? ''} ${e.base ?? ''}`.toLowerCase().includes('cable'))
      .sort((a, b) => byName(a.name, b.name))
      .map((e) => e.slug);
    assert.ok(cables.length > 0 && cables.length < entries.length);
    assert.deepEqual(await listed(page), cables, label);
    assert.equal(await page.locator('#pv-search').inputValue(), 'cable');
    assert.equal(await page.locator('#pv-sort').inputValue(), 'name');
    assert.equal(await page.locator('[data-pv-first]').count(), MARKED, `${label}: the first screen stays`);
    assert.deepEqual(api, [], `${label}: a reading visit asks the API nothing`);
    await page.context().close();
  }
  // With no script at all, the form asks the server for its query's first page.
  const page = await newPage(browser, { ...VIEWPORTS[1][1], javaScriptEnabled: false });
  await page.goto(`${server.url}/`);
  await page.locator('#pv-search').fill('cable');
  await page.locator('#pv-search').press('Enter');
  await page.waitForURL(/[?&]q=cable/);
  assert.ok((await listed(page)).length < entries.length);
  await page.context().close();
});

test('the app renders the directory\'s first screen element for element', async () => {
  for (const path of ['/', '/?q=ix&grade=a']) {
    const page = await newPage(browser, VIEWPORTS[1][1]);
    await page.goto(`${server.url}${path}`);
    const first = await page.evaluate(mainMarkup);
    await page.locator('#pv-search').hover();
    await directoryTookOver(page);
    assert.equal(await page.evaluate(mainMarkup), first, `${path}: the app's render differs from the server's`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

test('typing before the app takes over keeps the text, focus and caret, and filters once it is in', async () => {
  const entries = await index();
  const matching = (q) => entries.filter((e) => `${e.name} ${e.kind ?? ''} ${e.base ?? ''}`.toLowerCase().includes(q));
  for (const [label, options] of VIEWPORTS) {
    const page = await newPage(browser, { ...options, serviceWorkers: 'block' });
    const release = await holdWasm(page);
    await page.goto(`${server.url}/`);
    // Focus in the search box is the reader's intent: the app starts loading (held here).
    await page.locator('#pv-search').click();
    await page.keyboard.type('cabel');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Shift+ArrowLeft');
    assert.equal(await page.locator('[data-pv-first]').count(), MARKED, `${label}: the app took over before the wasm came`);
    assert.equal(await page.locator('li.pv-card').count(), Math.min(entries.length, 12), `${label}: the server's list filtered`);
    release();
    await directoryTookOver(page);
    const state = () => page.evaluate(() => {
      const el = document.activeElement;
      return { id: el?.id, value: el?.value, caret: [el?.selectionStart, el?.selectionEnd, el?.selectionDirection] };
    });
    assert.deepEqual(await state(), { id: 'pv-search', value: 'cabel', caret: [3, 4, 'backward'] }, label);
    // The app filtered for what was typed; the address follows once typing pauses.
    await page.waitForFunction((n) => document.querySelectorAll('li.pv-card').length === n, matching('cabel').length);
    await page.waitForURL(/[?&]q=cabel/);
    // And the reader types on, in the app's own box, over the selection ("e"): "cabll",
    // then fixes the end: "cable".
    await page.keyboard.type('l');
    assert.equal(await page.locator('#pv-search').inputValue(), 'cabll', label);
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('e');
    assert.equal(await page.locator('#pv-search').inputValue(), 'cable', label);
    const cables = matching('cable');
    assert.ok(cables.length > 0);
    await page.waitForFunction((n) => document.querySelectorAll('li.pv-card').length === n, cables.length);
    assert.deepEqual((await listed(page)).sort(), cables.map((e) => e.slug).sort(), label);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

test('a search typed before the loader has run starts the app, which filters for it', async () => {
  const page = await newPage(browser, { ...VIEWPORTS[1][1], serviceWorkers: 'block' });
  // The loader held: the reader is quicker than the script (a slow link, a busy phone).
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/\/loader-[0-9a-f]+\.js$/, async (route) => { await held; await route.continue(); });
  await page.goto(`${server.url}/`, { waitUntil: 'commit' });
  await page.locator('[data-pv-first] #pv-search').fill('cable');
  release();
  await directoryTookOver(page);
  await page.waitForURL(/[?&]q=cable/);
  assert.equal(await page.locator('#pv-search').inputValue(), 'cable');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a menu chosen before the app takes over is the app\'s query once it is in', async () => {
  const page = await newPage(browser, { ...VIEWPORTS[1][1], serviceWorkers: 'block' });
  const release = await holdWasm(page);
  await page.goto(`${server.url}/`);
  // A reader reaching for the menu (focus is the intent), and choosing.
  await page.locator('#pv-sort').focus();
  await page.locator('#pv-sort').selectOption('name');
  release();
  await directoryTookOver(page);
  await page.waitForURL(/[?&]sort=name/);
  const names = await page.locator('li.pv-card .pv-card__link').allTextContents();
  assert.deepEqual(names, [...names].sort(byName));
  assert.equal(await page.locator('#pv-sort').inputValue(), 'name');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a reader with a session cookie gets "Checking sign-in…" and the app at once', async () => {
  const html = await (await fetch(`${server.url}/`, { headers: { cookie: 'pv_session=expired' } })).text();
  assert.match(html, /<span class="pv-session__checking">Checking sign-in…<\/span>/);
  assert.match(html, /<link rel="preload" href="api\/profiles" as="fetch" crossorigin="use-credentials">/);
  assert.doesNotMatch(html, /pv-start/);
});
