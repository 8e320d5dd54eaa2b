// `cargo xtask bench` runs this after building: every section in one run,
// each in its own try/catch so one that cannot run becomes "n/a" rows with the reason.
// Writes PV_BENCH_OUT (target/bench/results.json): {date, machine, rows, raw}.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { startServer, launchBrowser } from '../e2e/harness.mjs';
import { bundleRows, firstVisitRows, get, measureBundle, measureFirstVisit, measureStackFloor } from './bundle.mjs';
import { directoryRows, measureDirectory } from './directory.mjs';
import { embedRows, measureEmbed } from './embed.mjs';
import { measureThrottled, throttledRows } from './throttled.mjs';
import { lighthouseRows, LH_BUDGET, measureLighthouse } from './lighthouse.mjs';
import { measureMemory, memoryRows } from './memory.mjs';
import { kb, naRows } from './stats.mjs';
import { measureVisible, visibleRows } from './visible.mjs';

const env = (k, d) => process.env[k] ?? d;
const OUT = env('PV_BENCH_OUT', 'target/bench/results.json');
const SLUG = env('PV_BENCH_SLUG', 'us-officials-telecom-cyber-espionage');
const RUNS = Math.max(1, Number(env('PV_BENCH_RUNS', '10')));
const CONTENT_10K = env('PV_BENCH_CONTENT_10K', '');
const LIGHTHOUSE = env('PV_BENCH_LIGHTHOUSE', '1') === '1';
const LH_RUNS = Math.max(1, Number(env('PV_BENCH_LH_RUNS', '3')));
const STACK_FLOOR = env('PV_BENCH_STACK_FLOOR', '');
// `--sections embed,throttled`: those sections; the others are reported as skipped.
const ONLY = env('PV_BENCH_SECTIONS', '').split(',').map((s) => s.trim()).filter(Boolean);

const rows = [];
const raw = {};
const log = (...a) => console.error('bench:', ...a);

async function section(name, fallback, body) {
  if (ONLY.length && !ONLY.includes(name)) {
    rows.push(...naRows(name, fallback, 'skipped (--sections)'));
    return;
  }
  const t0 = Date.now();
  log(`${name}…`);
  try {
    rows.push(...(await body()));
  } catch (e) {
    log(`${name} failed: ${e.stack ?? e}`);
    rows.push(...naRows(name, fallback, `could not run: ${String(e.message ?? e).split('\n')[0]}`));
  }
  log(`${name} took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

const server = await startServer();
const browser = await launchBrowser();
const machine = {
  cores: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
  os: `${os.type()} ${os.release()}`,
  browser: `Chromium ${browser.version()}`,
  node: process.version,
  load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
};
let server10k = null;
try {
  const profile = JSON.parse((await get(`${server.url}/api/profiles/${SLUG}`, 'identity')).body);
  const index = JSON.parse((await get(`${server.url}/api/profiles`, 'identity')).body);
  const profiles = [];
  for (const e of index) profiles.push(JSON.parse((await get(`${server.url}/api/profiles/${e.slug}`, 'identity')).body));

  await section('bundle', [['the page and all of the app, br (served)']], async () => {
    raw.bundle = await measureBundle(server.url, SLUG);
    raw.stackFloor = STACK_FLOOR ? measureStackFloor(STACK_FLOOR) : null;
    return bundleRows(raw.bundle, raw.stackFloor);
  });

  await section('first visit', [['first-visit transfer, everything fetched, br (a signed-out reader, in Chromium)', '≤ 150.0 KB']], async () => {
    raw.firstVisit = await measureFirstVisit(browser, server.url, SLUG);
    return firstVisitRows(raw.firstVisit);
  });

  await section('visible', [['cold: ratio viewer / static', '≤ 1.50×']], async () => {
    raw.visible = await measureVisible(browser, server.url, profile, RUNS);
    return visibleRows(raw.visible, RUNS);
  });

  await section('embed', [['throttled: ratio embed / static', '≤ 1.30×'], ['transfer before intent, news page with two embeds (everything, wire bytes)', '≤ 60.0 KB']], async () => {
    const runs = Math.max(3, Math.ceil(RUNS / 2));
    raw.embed = await measureEmbed(browser, server.url, profile, runs);
    return embedRows(raw.embed, runs);
  });

  await section('throttled', [['profile visible: ratio viewer / static', '≤ 1.10×'], ['press "Log in" → dialog usable, pointer moved 1000 ms before', '≤ 1000.0 ms'], ['press "Log in" → dialog usable, no sign before the press', '≤ 1000.0 ms'], ['directory: ratio viewer / static', '≤ 1.30×'], ["a signed-in member's cold visit → first member briefing painted", '≤ 2000.0 ms']], async () => {
    const runs = Math.max(3, Math.ceil(RUNS / 2));
    raw.throttled = await measureThrottled(browser, server.url, profile, runs, Math.min(12, index.length));
    return throttledRows(raw.throttled, runs);
  });

  await section('directory', [['10,000 profiles: first painted (cold)'], ['filter latency p95', '≤ 16.0 ms']], async () => {
    if (!CONTENT_10K) throw new Error('PV_BENCH_CONTENT_10K is not set');
    server10k = await startServer([], { content: CONTENT_10K });
    const indexRes = await get(`${server10k.url}/api/profiles`, 'br');
    const indexBytes = `${kb(indexRes.body.length)} raw, ${kb(indexRes.wire)} ${indexRes.encoding}`;
    const runs = Math.max(3, Math.ceil(RUNS / 2));
    raw.directory = await measureDirectory(browser, server10k.url, runs);
    return directoryRows(raw.directory, runs, indexBytes);
  });

  await section('memory', [['JS heap after 1 profile → after 100 navigations', 'no growth trend']], async () => {
    raw.memory = await measureMemory(browser, server.url, profiles, SLUG);
    return memoryRows(raw.memory);
  });

  const lhMetrics = Object.entries(LH_BUDGET).map(([id, b]) => [id, `≥ ${b}`]);
  if (LIGHTHOUSE) {
    await section('lighthouse', lhMetrics, async () => {
      const reports = await measureLighthouse(`${server.url}/profiles/${SLUG}`, LH_RUNS);
      raw.lighthouse = reports.map((r) => Object.fromEntries(Object.entries(r.categories).map(([k, c]) => [k, c.score])));
      writeFileSync(OUT.replace(/results\.json$/, 'lighthouse.json'), JSON.stringify(reports[reports.length - 1]));
      return lighthouseRows(reports);
    });
  } else {
    rows.push(...naRows('lighthouse', lhMetrics, 'skipped (--no-lighthouse)'));
  }
} finally {
  await browser.close().catch(() => {});
  await server10k?.stop();
  await server.stop();
}

const results = { date: new Date().toISOString(), slug: SLUG, runs: RUNS, machine, rows, raw };
writeFileSync(OUT, JSON.stringify(results, null, 2) + '\n');
log(`wrote ${OUT}`);
