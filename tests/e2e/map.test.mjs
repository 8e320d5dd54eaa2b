// The relationship map: on a profile page (the server's first screen and the app's render)
// at a phone's and a desktop's width without widening the page, its linked nodes reachable
// by keyboard in order and opening their profiles, axe-clean in both themes; and the
// site-wide map at /map with its filters, overview and a chosen profile's neighbourhood.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, startApp } from './harness.mjs';
import { axeViolations } from './axe.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});


async function visibleMap(page) {
  const svgs = page.locator('.pv-profile .pv-map svg');
  const n = await svgs.count();
  for (let i = 0; i < n; i++) {
    if (await svgs.nth(i).isVisible()) return svgs.nth(i);
  }
  throw new Error('no visible relationship map');
}

/** Text boxes of the visible map that overlap, as "a / b" pairs. */
async function overlappingLabels(svg) {
  return svg.evaluate((el) => {
    const boxes = [...el.querySelectorAll('text')].map((t) => ({ text: t.textContent, b: t.getBoundingClientRect() }));
    const out = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i].b, boxes[j].b];
        if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) {
          out.push(`${boxes[i].text} / ${boxes[j].text}`);
        }
      }
    }
    return out;
  });
}

for (const width of [320, 1280]) {
  test(`a profile's map at ${width} px: no horizontal overflow, no overlapping labels`, async () => {
    const page = await newPage(browser, { viewport: { width, height: 900 } });
    await page.goto(`${server.url}/profiles/de-cix`);
    await startApp(page);
    const svg = await visibleMap(page);
    const box = await svg.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= width, `map ${JSON.stringify(box)} within ${width}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'the page does not scroll sideways');
    assert.deepEqual(await overlappingLabels(svg), []);
    // The narrow drawing on a phone, the wide one on a desktop.
    const wide = await page.locator('.pv-profile .pv-map__view--wide').isVisible();
    assert.equal(wide, width >= 1000);
    // The list stays beside the map.
    assert.equal(await page.locator('.pv-relationships__list li').count(), 3);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}

test('keyboard: Tab goes from the first linked node to the last; Enter opens its profile', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/profiles/de-cix`);
  await startApp(page);
  const svg = await visibleMap(page);
  const links = svg.locator('a');
  const names = await links.evaluateAll((as) => as.map((a) => a.getAttribute('aria-label')));
  assert.deepEqual(names, ['DE-CIX, peer exchange LINX', 'DE-CIX, connected network Cloudflare']);
  await links.first().focus();
  const focused = [];
  for (let i = 0; i < names.length; i++) {
    focused.push(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')));
    // A visible focus ring: the box's stroke changes when focused by keyboard.
    const stroke = await page.evaluate(() => getComputedStyle(document.activeElement.querySelector('rect')).strokeWidth);
    assert.equal(stroke, '4px');
    await page.keyboard.press('Tab');
  }
  assert.deepEqual(focused, names);
  await links.last().focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/profiles\/cloudflare$/);
  await page.locator('h1.pv-profile__name', { hasText: 'Cloudflare' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a click on a linked node opens that profile', async () => {
  const page = await newPage(browser, { viewport: { width: 320, height: 900 } });
  await page.goto(`${server.url}/profiles/ripe-ncc`);
  await startApp(page);
  const svg = await visibleMap(page);
  await svg.locator('a').first().click();
  await page.waitForURL(/\/profiles\/iana-functions$/);
  await page.locator('h1.pv-profile__name', { hasText: 'IANA' }).waitFor();
  await page.context().close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe-core finds no violations in the maps (${colorScheme})`, async () => {
    for (const width of [320, 1280]) {
      const page = await newPage(browser, { viewport: { width, height: 900 }, colorScheme });
      await page.goto(`${server.url}/profiles/ripe-ncc`);
      await startApp(page);
      assert.deepEqual(await axeViolations(page), [], `profile at ${width}`);
      await page.goto(`${server.url}/map?focus=iana-functions`);
      await page.locator('.pv-site-map .pv-map').waitFor();
      assert.deepEqual(await axeViolations(page), [], `/map at ${width}`);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }
  });
}

test('/map: overview per group, a chosen profile with incoming and outgoing edges, filters', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  // From the directory's link.
  await page.goto(`${server.url}/`);
  await page.getByRole('link', { name: /relationship map/ }).click();
  await page.waitForURL(/\/map$/);
  await page.getByRole('heading', { name: 'Relationship map', level: 1 }).waitFor();
  const overview = page.locator('.pv-site-map__table');
  // The heading comes before the map's data; a full page load (the directory's first
  // screen links without the app) makes that gap visible.
  await overview.locator('tbody tr').nth(1).waitFor();
  assert.ok((await overview.locator('tbody tr').count()) > 1, 'one row per type');
  // Choose IANA functions through the search.
  await page.getByLabel('Find a profile').fill('IANA');
  await page.locator('.pv-site-map__picks a', { hasText: 'IANA functions' }).click();
  await page.waitForURL(/focus=iana-functions/);
  const map = page.locator('.pv-site-map .pv-map__view--wide svg');
  await map.waitFor();
  const names = await map.locator('[aria-label]').evaluateAll((as) => as.map((a) => a.getAttribute('aria-label')));
  // Its own relationships, then the profiles that relate to it.
  assert.ok(names.includes('IANA functions (Public Technical Identifiers), allocates to RIPE NCC'), names.join('\n'));
  assert.ok(names.includes('RIPE NCC, receives number blocks from IANA functions (Public Technical Identifiers)'), names.join('\n'));
  assert.ok(names.includes('Internet Engineering Task Force (IETF), maintains registries for IANA functions (Public Technical Identifiers)'), names.join('\n'));
  // A filter applies to the nodes.
  const kind = await page.evaluate(() => document.querySelector('#pv-map-kind option[value]:not([value=""])')?.value);
  await page.selectOption('#pv-map-kind', kind);
  await page.waitForURL(/kind=/);
  const status = await page.locator('.pv-results-status').textContent();
  assert.match(status, /^\d+ of \d+ profiles/);
  assert.deepEqual(page.problems, []);
  // A direct load of /map is the app, a sub-path of it is not found.
  const ok = await fetch(`${server.url}/map?focus=linx`);
  assert.equal(ok.status, 200);
  const missing = await fetch(`${server.url}/map/nothing`);
  assert.equal(missing.status, 404);
  await page.context().close();
});

test('screenshots of the map (target/screenshots/, copied into docs/ by hand)', async () => {
  const { fileURLToPath } = await import('node:url');
  const shots = fileURLToPath(new URL('../../target/screenshots/', import.meta.url));
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
  await page.goto(`${server.url}/profiles/ripe-ncc`);
  await startApp(page);
  await page.evaluate(() => document.fonts.ready);
  await page.locator('.pv-profile .pv-relationships').screenshot({ path: `${shots}map-1280-light.png`, animations: 'disabled' });
  await page.goto(`${server.url}/map?focus=iana-functions`);
  await page.locator('.pv-site-map .pv-map').waitFor();
  await page.screenshot({ path: `${shots}site-map-1280-light.png`, fullPage: true, animations: 'disabled' });
  await page.context().close();
});
