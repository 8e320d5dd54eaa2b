// Renders docs/link-preview.png: the card a chat app or social site shows for a shared
// profile link, drawn from nothing but the page's own og:/twitter: tags as the server sends
// them. Run after a build, like an e2e file:
//   PV_SERVER_BIN=target/debug/profile-server PV_DIST=dist PV_CONTENT=content \
//     node tests/e2e/link-preview.mjs [slug]
import { fileURLToPath } from 'node:url';
import { startServer, launchBrowser } from './harness.mjs';

const slug = process.argv[2] ?? 'de-cix';
const out = fileURLToPath(new URL('../../docs/link-preview.png', import.meta.url));
const server = await startServer(['--public-origin', 'https://news.example']);
const browser = await launchBrowser();
try {
  const html = await (await fetch(`${server.url}/profiles/${slug}`)).text();
  const page = await browser.newPage({ viewport: { width: 560, height: 400 }, deviceScaleFactor: 2 });
  // Parse the served HTML without running it, and read its tags as a link unfurler does.
  const tags = await page.evaluate((html) => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const meta = (key) => doc.querySelector(`meta[property="${key}"], meta[name="${key}"]`)?.content ?? '';
    return {
      site: meta('og:site_name'), title: meta('og:title'), description: meta('og:description'),
      url: meta('og:url'), card: meta('twitter:card'),
    };
  }, html);
  await page.setContent(`<!doctype html><html><head><style>
    body { margin: 0; padding: 24px; background: #f0f2f5; font: 15px/1.4 system-ui, sans-serif; }
    .chat { background: #fff; border-radius: 12px; padding: 14px 16px; max-width: 500px; box-shadow: 0 1px 2px #0002; }
    .link { color: #0b57d0; word-break: break-all; }
    .card { margin-top: 10px; border-left: 4px solid #a4161a; padding: 6px 12px; background: #f7f7f8; border-radius: 4px; }
    .site { color: #555; font-size: 13px; }
    .title { font-weight: 700; margin: 2px 0; color: #0b57d0; }
    .desc { color: #222; }
    .note { margin-top: 10px; color: #666; font-size: 12px; }
  </style></head><body><div class="chat">
    <div>Worth a read: <span class="link"></span></div>
    <div class="card"><div class="site"></div><div class="title"></div><div class="desc"></div></div>
    <div class="note"></div></div></body></html>`);
  await page.evaluate((t) => {
    document.querySelector('.link').textContent = t.url;
    document.querySelector('.site').textContent = t.site;
    document.querySelector('.title').textContent = t.title;
    document.querySelector('.desc').textContent = t.description;
    document.querySelector('.note').textContent = `twitter:card = ${t.card} · from the page's own og: tags`;
  }, tags);
  await page.locator('.chat').screenshot({ path: out });
  console.log(`wrote ${out}`, tags);
} finally {
  await browser.close();
  await server.stop();
}
