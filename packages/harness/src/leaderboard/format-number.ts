/** Compact figures for tables and labels: whole numbers from 100 up, 3 significant digits below. */
export function formatNumber(x: number | null, missing = '—'): string {
  if (x === null) return missing;
  if (Math.abs(x) >= 100) return String(Math.round(x));
  return String(Number(x.toPrecision(3)));
}

export function formatPercent(x: number | null): string {
  if (x === null) return '—';
  return `${x > 0 ? '+' : ''}${x.toFixed(1)}%`;
}
