// Small statistics and formatting helpers for the bench rows.

export function median(xs) {
  return percentile(xs, 50);
}

/** Nearest-rank percentile (p in 0..100) of the numbers in xs; NaN when empty. */
export function percentile(xs, p) {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[Math.min(rank, s.length) - 1];
}

export const kb = (bytes) => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB` : 'n/a');
export const mb = (bytes) => (Number.isFinite(bytes) ? `${(bytes / 1048576).toFixed(2)} MB` : 'n/a');
export const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : 'n/a');

/** One table row. verdict: 'ok', 'over' (misses the budget), 'info' (no budget), 'n/a'. */
export function row(section, metric, value, budget = '', verdict = 'info', note = '') {
  return { section, metric, value, budget, verdict, note };
}

export const verdict = (ok) => (ok ? 'ok' : 'over');

/** Rows saying a whole section could not be measured, and why. */
export function naRows(section, metrics, reason) {
  return metrics.map(([metric, budget]) => row(section, metric, 'n/a', budget ?? '', 'n/a', reason));
}
