/**
 * Metrics end up in run.json and leaderboard.json, where JSON.stringify would silently turn
 * NaN and ±Infinity into null or fail schema validation. Every derived quantity that can
 * divide by zero passes through here so "undefined" is always an explicit null.
 */
export function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}
