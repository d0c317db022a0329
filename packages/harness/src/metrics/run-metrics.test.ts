import { describe, expect, it } from 'vitest';
import { computeRunMetrics } from './run-metrics.js';
import { allNumbers, curveOf, point } from './test-curves.js';

function expectJsonSafe(value: unknown): void {
  for (const number of allNumbers(value)) expect(Number.isFinite(number)).toBe(true);
  expect(JSON.parse(JSON.stringify(value))).toEqual(value);
}

const CHANCE = 0.01;
const grokking = curveOf(
  100,
  [0.01, ...Array(20).fill(1)],
  [...Array(11).fill(0.01), 0.3, 0.6, 0.9, 0.97, ...Array(6).fill(1)],
);

describe('computeRunMetrics', () => {
  it('measures a clean grokking curve', () => {
    const metrics = computeRunMetrics(grokking, { chance: CHANCE });
    expect(metrics.phase).toBe('grokking');
    expect(metrics.primary).toMatchObject({ theta: 0.95, tFit: 100, tGrok: 1400, delay: 1300, delayRatio: 14 });
    expect(metrics.strict).toMatchObject({ theta: 0.99, tFit: 100, tGrok: 1500, delay: 1400, delayRatio: 15 });
    expect(metrics.final).toEqual({ train: 1, heldout: 1, step: 2000 });
    expect(metrics.chance).toBe(CHANCE);
    // Levels 0.01 + 0.1·0.99 = 0.109 and 0.01 + 0.9·0.99 = 0.901:
    // 1000 + (0.099/0.29)·100 = 1034.1379310 and 1300 + (0.001/0.07)·100 = 1301.4285714.
    const width = 1301.4285714 - 1034.137931;
    expect(metrics.sharpness.width10to90).toBeCloseTo(width, 5);
    expect(metrics.sharpness.relativeSharpness).toBeCloseTo(1400 / width, 5);
    const fit = metrics.sharpness.erfFit!;
    expect(fit.tStar).toBeGreaterThan(1100);
    expect(fit.tStar).toBeLessThan(1300);
    expect(fit.r2).toBeGreaterThan(0.99);
    expectJsonSafe(metrics);
  });

  it('classifies comprehension, memorization and confusion', () => {
    const comprehension = curveOf(100, [0, 0.5, 0.96, 1, 1], [0, 0.2, 0.5, 0.96, 1]); // 300/200
    expect(computeRunMetrics(comprehension, { chance: 0 }).phase).toBe('comprehension');
    expect(computeRunMetrics(comprehension, { chance: 0 }).primary.delayRatio).toBe(1.5);

    const memorization = computeRunMetrics(curveOf(100, [0, 1, 1, 1], [0, 0.3, 0.6, 0.9]), { chance: 0 });
    expect(memorization.phase).toBe('memorization');
    expect(memorization.primary).toMatchObject({ tFit: 100, tGrok: null, tGrokSustained: null, delay: null, delayRatio: null });
    // A rise that never reached θ is no transition: no width or t* is reported for it, and the reason says why.
    expect(memorization.sharpness).toMatchObject({ width10to90: null, relativeSharpness: null, tStar: null, s: null, erfFit: null });
    expect(memorization.sharpness.reason).toMatch(/never grokked/);
    expectJsonSafe(memorization);

    const confusion = computeRunMetrics(curveOf(100, [0, 0.4, 0.6, 0.7], [0, 0.05, 0.05, 0.05]), { chance: 0 });
    expect(confusion.phase).toBe('confusion');
    expect(confusion.sharpness).toMatchObject({ width10to90: null, relativeSharpness: null, tStar: null, s: null, erfFit: null });
  });

  it('uses the primary threshold option for the phase', () => {
    const metrics = computeRunMetrics(grokking, { chance: CHANCE, thetaPrimary: 0.5, thetaStrict: 0.9 });
    expect(metrics.primary).toMatchObject({ theta: 0.5, tFit: 100, tGrok: 1200 });
    expect(metrics.strict).toMatchObject({ theta: 0.9, tGrok: 1300 });
  });

  it('is JSON-safe with only nulls for degenerate curves', () => {
    const single = computeRunMetrics([point(0, 0.01, 0.01)], { chance: CHANCE });
    expect(single.phase).toBe('confusion');
    expect(single.sharpness).toMatchObject({ width10to90: null, relativeSharpness: null, tStar: null, s: null, erfFit: null });
    expectJsonSafe(single);

    const flat = computeRunMetrics(curveOf(100, Array(50).fill(1), Array(50).fill(CHANCE)), { chance: CHANCE });
    expect(flat.phase).toBe('memorization');
    expectJsonSafe(flat);

    const perfectFromStart = computeRunMetrics(curveOf(100, [1, 1, 1, 1], [1, 1, 1, 1]), { chance: CHANCE });
    expect(perfectFromStart.primary).toMatchObject({ tFit: 0, tGrok: 0, delay: 0, delayRatio: null });
    expect(perfectFromStart.phase).toBe('comprehension');
    expect(perfectFromStart.sharpness.width10to90).toBe(0);
    expect(perfectFromStart.sharpness.relativeSharpness).toBeNull();
    expectJsonSafe(perfectFromStart);
  });

  it('rejects malformed curves and options with one clear message', () => {
    expect(() => computeRunMetrics([], { chance: 0 })).toThrow('curve has no evaluations');
    expect(() => computeRunMetrics([point(100, 0, 0), point(0, 0, 0)], { chance: 0 })).toThrow(/increase strictly/);
    expect(() => computeRunMetrics([point(0, NaN, 0)], { chance: 0 })).toThrow(/non-finite train/);
    expect(() => computeRunMetrics([point(0, 0, 0)], { chance: 1.5 })).toThrow(/chance must be in \[0, 1\]/);
  });
});
