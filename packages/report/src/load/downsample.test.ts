import { describe, expect, it } from 'vitest';
import { downsampleLogSpaced } from './downsample.js';

/** Evaluations as the train loop makes them: dense early, then every `every` steps to `last`. */
function evaluations(every: number, last: number) {
  const early = [0, 1, 2, 3, 5, 8, 13, 20, 30, 50, 80];
  const regular = Array.from({ length: Math.floor(last / every) }, (_, i) => (i + 1) * every);
  return [...new Set([...early, ...regular])].sort((a, b) => a - b).map((step) => ({ step }));
}

describe('downsampleLogSpaced', () => {
  it('keeps a short curve as it is', () => {
    const points = evaluations(50, 1000);
    expect(downsampleLogSpaced(points, 200)).toEqual(points);
  });

  it('keeps at most maxPoints, the first and the last, in order', () => {
    const points = evaluations(100, 100_000);
    const kept = downsampleLogSpaced(points, 120);
    expect(kept.length).toBeLessThanOrEqual(120);
    expect(kept[0]).toBe(points[0]);
    expect(kept.at(-1)).toBe(points.at(-1));
    expect(kept.map((p) => p.step)).toEqual([...kept.map((p) => p.step)].sort((a, b) => a - b));
  });

  it('spreads the kept points evenly on the log axis: every decade keeps its share', () => {
    const kept = downsampleLogSpaced(evaluations(100, 100_000), 120).map((p) => p.step);
    const inDecade = (lo: number) => kept.filter((s) => s >= lo && s < lo * 10).length;
    // 1,000 evaluations lie in [10^4, 10^5) and 90 in [10^3, 10^4): kept, they count alike.
    expect(Math.abs(inDecade(10_000) - inDecade(1_000))).toBeLessThanOrEqual(3);
    expect(inDecade(10_000)).toBeGreaterThan(15);
    // The early evaluations, sparse to begin with, are all kept.
    expect(kept.filter((s) => s <= 80)).toEqual([0, 1, 2, 3, 5, 8, 13, 20, 30, 50, 80]);
  });
});
