// 3. Directory at scale: a 10,000-profile index. Time until the directory is first
// painted, then filter-as-you-type latency per keystroke, from the input event to the
// paint of the frame that shows the new results.
import { directoryProbe, keystrokeProbe } from './probes.mjs';
import { median, ms, percentile, row, verdict } from './stats.mjs';

// Words in the generated names (see xtask/src/bench/content_gen.rs): each keystroke narrows.
const QUERIES = ['ripe ncc south', 'cable tokyo', 'ietf global 12', 'linx coastal 7', 'cloudflare metro seoul'];

export async function measureDirectory(browser, base, runs) {
  const firstPaint = [];
  const marks = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    await context.addInitScript(directoryProbe, { count: 1 });
    const page = await context.newPage();
    await page.goto(`${base}/`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__pvDirectory !== null, null, { timeout: 60_000, polling: 50 });
    firstPaint.push(await page.evaluate(() => window.__pvDirectory.painted));
    await page.waitForTimeout(200); // the app's own mark comes two frames after its paint
    const mark = await page.evaluate(() => performance.getEntriesByName('pv:directory-visible', 'mark')[0]?.startTime ?? null);
    if (mark !== null) marks.push(mark);
    await context.close();
  }

  const context = await browser.newContext();
  await context.addInitScript(directoryProbe, { count: 1 });
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.waitForFunction(() => window.__pvDirectory !== null, null, { timeout: 60_000 });
  const rowsRendered = await page.locator('a[href*="/profiles/"]').count();
  let box = page.getByRole('searchbox').first();
  if ((await box.count()) === 0) box = page.getByLabel(/search/i).first();
  try {
    await box.waitFor({ timeout: 10_000 });
  } catch {
    await context.close();
    return { firstPaint, marks, rowsRendered, keystrokes: null, reason: 'no search box (role searchbox or a label containing "search") on the directory page' };
  }
  const keystrokes = await typeQueries(page, box);
  await context.close();

  // The floor: the same typing on a page with only the search box and the viewer's
  // stylesheet (`typing-floor.html`, written by `cargo xtask bench`).
  const floorContext = await browser.newContext();
  const floorPage = await floorContext.newPage();
  await floorPage.goto(`${base}/typing-floor.html`);
  // (A dist without it gets the app's shell back, not the floor page.)
  const floor = (await floorPage.title()) === 'Typing floor' ? await typeQueries(floorPage, floorPage.getByRole('searchbox').first()) : null;
  await floorContext.close();
  return { firstPaint, marks, rowsRendered, keystrokes, floor };
}

/** Types QUERIES into `box` one key at a time, clearing after each; the keystroke probe's
 *  latencies. */
async function typeQueries(page, box) {
  await page.evaluate(keystrokeProbe);
  await box.click();
  let expected = 0;
  for (const q of QUERIES) {
    for (const ch of q) {
      await page.keyboard.type(ch);
      expected++;
      await page.waitForFunction((n) => window.__pvLat.length >= n, expected, { timeout: 10_000, polling: 10 });
    }
    // Clearing is a keystroke too (back to the full list): measured with the rest.
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Backspace');
    expected++;
    await page.waitForFunction((n) => window.__pvLat.length >= n, expected, { timeout: 10_000, polling: 10 });
  }
  return page.evaluate(() => window.__pvLat);
}

export function directoryRows({ firstPaint, marks, rowsRendered, keystrokes, floor, reason }, runs, indexBytes) {
  const rows = [
    row('directory', '10,000 profiles: first painted (cold)', ms(median(firstPaint)), '', 'info', `median of ${runs}; navigation start to the paint of the first profile link; index JSON ${indexBytes}; ${rowsRendered} profile links in the DOM`),
    marks.length
      ? row('directory', "10,000 profiles: viewer's own mark pv:directory-visible", ms(median(marks)), '', 'info', 'cross-check; the viewer marks two animation frames after building the view')
      : row('directory', "10,000 profiles: viewer's own mark pv:directory-visible", 'n/a', '', 'n/a', 'the viewer sets no performance.mark("pv:directory-visible")'),
  ];
  if (!keystrokes) {
    rows.push(row('directory', 'filter latency p50', 'n/a', '', 'n/a', reason));
    rows.push(row('directory', 'filter latency p95', 'n/a', '≤ 16.0 ms', 'n/a', reason));
    return rows;
  }
  const lat = keystrokes.map((k) => k.ms);
  const unchanged = keystrokes.filter((k) => !k.changed).length;
  const p95 = percentile(lat, 95);
  rows.push(row('directory', 'filter latency p50', ms(percentile(lat, 50)), '', 'info', `${lat.length} keystrokes typed into the search box, input event → paint of the frame with the new results${unchanged ? `; ${unchanged} changed nothing in the DOM (same results), counted to the next paint` : ''}`));
  rows.push(row('directory', 'filter latency p95', ms(p95), '≤ 16.0 ms', verdict(p95 <= 16)));
  rows.push(row('directory', 'filter latency max', ms(Math.max(...lat)), '', 'info'));
  if (floor?.length) {
    const f = floor.map((k) => k.ms);
    rows.push(row('directory', 'filter latency floor p50 / p95 (a page with only the search box)', `${ms(percentile(f, 50))} / ${ms(percentile(f, 95))}`, '', 'info', `the same ${f.length} keystrokes and probe on typing-floor.html (the viewer's stylesheet, no script): what the browser and the probe cost with no work per keystroke; a p95 below it is out of reach on this machine`));
  }
  return rows;
}
