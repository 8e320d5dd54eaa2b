// Discovery and long words (issue 21): a 300-character unbroken word in a name, a key point,
// a fact value and a related title never widens the page or a card at 320, 375 and 1280 px,
// standalone or embedded; the oEmbed answer's `html`, pasted into a news page, is a working
// embed; the discovery tags in the head, and no CSP error for the JSON-LD.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, newPage, startDirectory } from './harness.mjs';

const SITE = 'http://127.0.0.1:18139';
const WAIT = { timeout: 60_000 };
const WORD = 'W'.repeat(300);
const SLUG = 'long-words';
const WIDTHS = [320, 375, 1280];

let server;
let browser;
let content;
let siteDir;

before(async () => {
  content = await mkdtemp(join(tmpdir(), 'pv-discovery-'));
  await cp(process.env.PV_CONTENT, content, { recursive: true });
  const sample = JSON.parse(await readFile(join(content, 'profiles/us-officials-telecom-cyber-espionage.json'), 'utf8'));
  sample.slug = SLUG;
  sample.name = `Long ${WORD}`;
  sample.key_points[0] = `A key point with ${WORD} in it`;
  const facts = sample.sections.flatMap((s) => s.blocks).find((b) => b.type === 'facts');
  facts.facts[0].value = WORD;
  sample.related[0].title = `Related ${WORD}`;
  await writeFile(join(content, `profiles/${SLUG}.json`), JSON.stringify(sample));
  siteDir = await mkdtemp(join(tmpdir(), 'pv-discovery-site-'));
  await writeFile(join(siteDir, 'index.html'), '<!doctype html><title>empty</title>');
  server = await startServer(['--site', siteDir, '--site-addr', SITE.replace('http://', '')], { content });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await rm(content, { recursive: true, force: true });
  await rm(siteDir, { recursive: true, force: true });
});

/** How far the document scrolls sideways beyond the viewport (0 when nothing overflows). */
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test('a profile page with long words fits at every width, and its head has the discovery tags', async () => {
  for (const width of WIDTHS) {
    const page = await newPage(browser, { viewport: { width, height: 900 } });
    await page.goto(`${server.url}/profiles/${SLUG}`);
    await page.locator('h1').waitFor();
    assert.equal(await overflow(page), 0, `profile page at ${width} px`);
    if (width === 375) {
      const head = await page.evaluate(() => ({
        card: document.querySelector('meta[name="twitter:card"]')?.content,
        title: document.querySelector('meta[property="og:title"]')?.content,
        canonical: document.querySelector('link[rel="canonical"]')?.href,
        oembed: document.querySelector('link[type="application/json+oembed"]')?.href,
        ld: JSON.parse(document.querySelector('script[type="application/ld+json"]')?.textContent ?? 'null'),
      }));
      assert.equal(head.card, 'summary');
      assert.equal(head.title, `Long ${WORD}`);
      assert.equal(head.canonical, `${server.url}/profiles/${SLUG}`);
      assert.ok(head.oembed.startsWith(`${server.url}/oembed?url=`));
      assert.equal(head.ld['@type'], 'Article');
      assert.equal(head.ld.about.name, `Long ${WORD}`);
    }
    // The JSON-LD is data, not script: the strict CSP reports nothing.
    assert.deepEqual(page.problems, [], `${width}`);
    await page.context().close();
  }
});

test('the directory with a long name fits at every width, and the app keeps its feed link', async () => {
  for (const width of WIDTHS) {
    const page = await newPage(browser, { viewport: { width, height: 900 } });
    await page.goto(`${server.url}/`);
    await page.locator(`.pv-card[data-slug="${SLUG}"]`).waitFor(WAIT);
    assert.equal(await overflow(page), 0, `directory at ${width} px`);
    const card = await page.locator(`.pv-card[data-slug="${SLUG}"]`).evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.ok(card <= 0, `directory card at ${width} px: ${card}`);
    // Once it starts, the app replaces the server's tags with its own, the same: one of each.
    await startDirectory(page, WAIT);
    await page.waitForFunction(() => document.querySelectorAll('link[type="application/feed+json"]').length === 1
      && !document.querySelector('[data-pv-head]'), null, WAIT);
    assert.equal(await page.locator('link[rel="canonical"]').count(), 1);
    assert.equal(await page.locator('link[rel="canonical"]').getAttribute('href'), `${server.url}/`);
    assert.deepEqual(page.problems, [], `${width}`);
    await page.context().close();
  }
});

test('the oEmbed html is a working embed, and long words fit it and the compact card', async () => {
  const pageUrl = `${server.url}/profiles/${SLUG}`;
  const oembed = await (await fetch(`${server.url}/oembed?url=${encodeURIComponent(pageUrl)}&format=json`)).json();
  assert.equal(oembed.type, 'rich');
  assert.match(oembed.html, /^<script type="module" src="[^"]+\/embed\.js"><\/script><profile-viewer /);
  const compact = oembed.html.replace('<script type="module" src="' + server.url + '/embed.js"></script>', '')
    .replace('<profile-viewer ', '<profile-viewer id="side" compact ');
  await writeFile(join(siteDir, 'article.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Article</title><link rel="icon" href="data:,"></head>
     <body><main><h1>An article</h1>${oembed.html.replace('<profile-viewer ', '<profile-viewer id="main" ')}<aside>${compact}</aside></main></body></html>`);
  for (const width of WIDTHS) {
    const page = await newPage(browser, { viewport: { width, height: 900 } });
    await page.goto(`${SITE}/article.html`);
    for (const id of ['main', 'side']) {
      await page.waitForFunction((id) => document.getElementById(id)?.shadowRoot?.querySelector('.pv-embed h1, .pv-embed .pv-compact, .pv-embed h2'), id, WAIT);
    }
    const name = await page.evaluate(() => document.getElementById('main').shadowRoot.querySelector('h1')?.textContent);
    assert.equal(name, `Long ${WORD}`, 'the embed shows the profile');
    assert.equal(await overflow(page), 0, `news page at ${width} px`);
    const inner = await page.evaluate(() => ['main', 'side'].map((id) => {
      const el = document.getElementById(id);
      const box = el.shadowRoot.querySelector('.pv-embed');
      return box.scrollWidth - el.clientWidth;
    }));
    assert.deepEqual(inner.map((d) => d <= 0), [true, true], `embeds at ${width} px: ${inner}`);
    assert.deepEqual(page.problems, [], `${width}`);
    await page.context().close();
  }
});
