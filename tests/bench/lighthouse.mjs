// 5. Lighthouse 12 (pinned in package.json) against the system Chromium, default (mobile)
// settings; the median of the runs per category, and the failing audits as a to-do list.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { median, row, verdict } from './stats.mjs';

const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices'];
export const LH_BUDGET = { performance: 95, accessibility: 100, 'best-practices': 100 };

async function once(url) {
  const chrome = await chromeLauncher.launch({ chromePath: process.env.PV_CHROMIUM || '/usr/bin/chromium', chromeFlags: FLAGS });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
    if (!result?.lhr) throw new Error('lighthouse returned no report');
    if (result.lhr.runtimeError) throw new Error(`${result.lhr.runtimeError.code}: ${result.lhr.runtimeError.message}`);
    return result.lhr;
  } finally {
    await chrome.kill();
  }
}

/** `runs` reports; a run that fails (e.g. NO_NAVSTART when the machine is overloaded) is
 *  retried up to twice, and the section fails only when no run succeeds at all. */
export async function measureLighthouse(url, runs) {
  const reports = [];
  const errors = [];
  for (let i = 0; i < runs; i++) {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        reports.push(await once(url));
        break;
      } catch (e) {
        errors.push(String(e.message ?? e));
        console.error(`bench: lighthouse run ${i + 1} attempt ${attempt + 1} failed: ${e.message ?? e}`);
      }
    }
  }
  if (reports.length === 0) throw new Error(errors[errors.length - 1] ?? 'no run');
  reports.errors = errors;
  return reports;
}

export function lighthouseRows(reports) {
  const last = reports[reports.length - 1];
  return CATEGORIES.map((id) => {
    const scores = reports.map((r) => (r.categories[id]?.score ?? NaN) * 100);
    const score = Math.round(median(scores));
    const failing = (last.categories[id]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0)
      .map((ref) => last.audits[ref.id])
      .filter((a) => a && a.score !== null && a.score < 1)
      .map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ''}`);
    return row(
      'lighthouse',
      id,
      Number.isFinite(score) ? String(score) : 'n/a',
      `≥ ${LH_BUDGET[id]}`,
      Number.isFinite(score) ? verdict(score >= LH_BUDGET[id]) : 'n/a',
      `median of ${reports.length} (${scores.join(', ')})${reports.errors?.length ? `, ${reports.errors.length} failed attempt(s) retried` : ''}, Lighthouse ${last.lighthouseVersion} mobile defaults${failing.length ? `; not full marks: ${failing.slice(0, 8).join(', ')}` : ''}`,
    );
  });
}
