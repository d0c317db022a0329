import { quantileType7 } from './quantile.js';

/**
 * Multi-seed summary of one figure. A null value is a run in which the figure does not exist
 * (for tGrok: the run never grokked within its budget). Such runs are counted, never dropped:
 * `n` counts all runs, `count` those with a value, and `reached` is "count/n" (for tGrok this
 * is the leaderboard's `grokked: k/n`). median, q1, q3 and iqr are over the `count` runs with a
 * value only — conditional on reaching it — and are null when none did. Read them together
 * with `reached`: "median tGrok 4000, 2/5 grokked" is not the same result as "4000, 5/5".
 */
export interface Summary {
  n: number;
  count: number;
  reached: string;
  median: number | null;
  q1: number | null;
  q3: number | null;
  iqr: number | null;
}

/** Quantiles are R type 7 / numpy default (`quantileType7`). Throws on NaN or ±Infinity. */
export function summarize(values: readonly (number | null)[]): Summary {
  const present = values.filter((value): value is number => value !== null);
  const bad = present.find((value) => !Number.isFinite(value));
  if (bad !== undefined) throw new RangeError(`cannot summarize non-finite value ${bad}`);
  const sorted = [...present].sort((x, y) => x - y);
  const base = { n: values.length, count: sorted.length, reached: `${sorted.length}/${values.length}` };
  if (sorted.length === 0) return { ...base, median: null, q1: null, q3: null, iqr: null };
  const q1 = quantileType7(sorted, 0.25);
  const q3 = quantileType7(sorted, 0.75);
  return { ...base, median: quantileType7(sorted, 0.5), q1, q3, iqr: q3 - q1 };
}
