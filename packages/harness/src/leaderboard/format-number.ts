/**
 * Compact figures for tables and labels: whole numbers with thousands separators from 100 up,
 * 3 significant digits below (so a slow run shows 0.0412 steps/s, never 0.0).
 */
export function formatNumber(x: number | null | undefined, missing = '—'): string {
  if (x === null || x === undefined) return missing;
  if (Math.abs(x) >= 100) return Math.round(x).toLocaleString('en-US');
  return String(Number(x.toPrecision(3)));
}

export function formatPercent(x: number | null): string {
  if (x === null) return '—';
  return `${x > 0 ? '+' : ''}${x.toFixed(1)}%`;
}
