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
    expect(metrics.phaseReason).toMatch(/^training fit at step 95 with held-out near chance \(F = 1\)/);
    // Crossings interpolated: train 0.01 → 1 over 0–100 passes 0.95 at 94.9…; held-out 0.9 → 0.97 over 1300–1400.
    const tFit = (0.94 / 0.99) * 100;
    const tGrok = 1300 + (0.05 / 0.07) * 100;
    expect(metrics.primary).toMatchObject({ theta: 0.95, heldoutAtFit: expect.closeTo(CHANCE, 12), riseAfterFit: 1 });
    expect(metrics.primary.tFit).toBeCloseTo(tFit, 9);
    expect(metrics.primary.tGrok).toBeCloseTo(tGrok, 9);
    expect(metrics.primary.delayRatio).toBeCloseTo(tGrok / tFit, 9);
    expect(metrics.strict.tGrok).toBeCloseTo(1400 + (0.02 / 0.03) * 100, 9);
    expect(metrics.final).toEqual({ train: 1, heldout: 1, step: 2000 });
    expect(metrics.chance).toBe(CHANCE);
    // θ's levels 0.01 + 0.1·0.94 = 0.104 and 0.01 + 0.9·0.94 = 0.856:
    // 1000 + (0.094/0.29)·100 and 1200 + (0.256/0.3)·100.
    const width = 1200 + (0.256 / 0.3) * 100 - (1000 + (0.094 / 0.29) * 100);
    expect(metrics.sharpness.width10to90).toBeCloseTo(width, 9);
    expect(metrics.sharpness.relativeSharpness).toBeCloseTo(tGrok / width, 9);
    const fit = metrics.sharpness.erfFit!;
    expect(fit.tStar).toBeGreaterThan(1100);
    expect(fit.tStar).toBeLessThan(1300);
    expect(fit.r2).toBeGreaterThan(0.99);
    expect(metrics.sharpness.erfR2).toBe(fit.r2);
    // The held-out loss (the default primary companion) has no descent in this synthetic curve.
    expect(metrics.companionAgreement).toMatchObject({ series: 'heldoutLoss', agrees: null });
    expectJsonSafe(metrics);
  });

  it('classifies comprehension, memorization and confusion', () => {
    const comprehension = curveOf(100, [0, 0.5, 0.96, 1, 1], [0, 0.2, 0.5, 0.96, 1]); // 300/200
    expect(computeRunMetrics(comprehension, { chance: 0 }).phase).toBe('comprehension');
    expect(computeRunMetrics(comprehension, { chance: 0 }).primary.delayRatio).toBeCloseTo((200 + (0.45 / 0.46) * 100) / (100 + (0.45 / 0.46) * 100), 9);

    const memorization = computeRunMetrics(curveOf(100, [0, 1, 1, 1], [0, 0.3, 0.6, 0.9]), { chance: 0 });
    expect(memorization.phase).toBe('memorization');
    expect(memorization.primary).toMatchObject({ tFit: 95, tGrok: null, tGrokSustained: null, delay: null, delayRatio: null });
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
    expect(metrics.primary).toMatchObject({ theta: 0.5 });
    expect(metrics.primary.tGrok).toBeCloseTo(1100 + (0.2 / 0.3) * 100, 9);
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
    expect(perfectFromStart.primary.riseAfterFit).toBe(0);
    expect(perfectFromStart.sharpness.relativeSharpness).toBeNull();
    expectJsonSafe(perfectFromStart);
  });

  it('gives the four verdicts the issue names on synthetic curves, with the figures behind them', () => {
    const train = (n: number) => [0.5, ...Array(n - 1).fill(1)]; // fits between steps 0 and 1000
    const every = 1000;
    const jump = computeRunMetrics(curveOf(every, train(12), [0.01, 0.01, 0.02, 0.01, 0.02, 0.01, 0.02, 0.3, 0.97, 0.99, 1, 1]), { chance: CHANCE });
    expect(jump.phase).toBe('grokking');
    expect(jump.primary.riseAfterFit).toBe(1);

    // Held-out at 0.8 when the train score fits, 0.95 at about 3× tFit.
    const slow = computeRunMetrics(curveOf(every, train(6), [0.3, 0.8, 0.86, 0.95, 0.96, 0.97]), { chance: CHANCE });
    expect(slow.primary.heldoutAtFit).toBeCloseTo(0.3 + 0.9 * 0.5, 9);
    expect(slow.primary.delayRatio).toBeGreaterThan(2);
    expect(slow.phase).toBe('gradual');

    const plateau = computeRunMetrics(curveOf(every, train(10), [0.01, 0.01, 0.01, 0.02, 0.3, 0.58, 0.6, 0.61, 0.6, 0.6]), { chance: CHANCE });
    expect(plateau.phase).toBe('semi-grokking');
    expect(plateau.sharpness.reason).toMatch(/never grokked/);

    const collapse = computeRunMetrics(curveOf(every, train(10), [0.01, 0.01, 0.01, 0.02, 0.97, 0.99, 1, 0.5, 0.2, 0.1]), { chance: CHANCE });
    expect(collapse.phase).toBe('lost');
    expect(collapse.primary.tGrok).not.toBeNull();

    expect(computeRunMetrics(curveOf(every, train(6), [0.01, 0.01, 0.01, 0.97, 0.99, 1]), { chance: CHANCE, diverged: true }).phase).toBe('diverged');
  });

  it('publishes an erf fit only above the r² gate, and says why otherwise', () => {
    // Rises, collapses, rises again: one erf step explains little of it.
    const heldout = [0.01, 0.01, 0.96, 0.97, 0.1, 0.05, 0.1, 0.96, 0.1, 0.05, 0.97, 0.1, 0.96, 0.97];
    const metrics = computeRunMetrics(curveOf(100, [0.5, ...Array(13).fill(1)], heldout), { chance: CHANCE });
    expect(metrics.sharpness.erfR2).not.toBeNull();
    expect(metrics.sharpness.erfR2!).toBeLessThan(0.9);
    expect(metrics.sharpness).toMatchObject({ erfFit: null, tStar: null, s: null });
    expect(metrics.sharpness.reason).toMatch(/erf fit r² 0\.\d\d below the 0\.9 gate/);
  });

  it('flags a grokking score whose primary companion finished improving before training fit', () => {
    // The score jumps late, but the continuous quantity it thresholds was done by step 100.
    const base = curveOf(100, [0.5, 0.5, 1, 1, 1, 1, 1, 1, 1, 1], [0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.5, 0.97, 0.99, 1]);
    const early = base.map((p, i) => ({ ...p, extra: { logProb: i === 0 ? -5 : -0.1 } }));
    const companion = { name: 'logProb', better: 'higher' as const };
    const metrics = computeRunMetrics(early, { chance: CHANCE, primaryCompanion: companion });
    expect(metrics.phase).toBe('grokking');
    expect(metrics.companionAgreement).toMatchObject({ series: 'logProb', agrees: false });
    expect(metrics.companionAgreement!.note).toMatch(/logProb finished 90 % of its improvement at step 90, before training fit at 190/);

    const late = base.map((p, i) => ({ ...p, extra: { logProb: i < 6 ? -5 : -0.1 } }));
    expect(computeRunMetrics(late, { chance: CHANCE, primaryCompanion: companion }).companionAgreement).toMatchObject({ agrees: true, note: null });
  });

  it('rejects malformed curves and options with one clear message', () => {
    expect(() => computeRunMetrics([], { chance: 0 })).toThrow('curve has no evaluations');
    expect(() => computeRunMetrics([point(100, 0, 0), point(0, 0, 0)], { chance: 0 })).toThrow(/increase strictly/);
    expect(() => computeRunMetrics([point(0, NaN, 0)], { chance: 0 })).toThrow(/non-finite train/);
    expect(() => computeRunMetrics([point(0, 0, 0)], { chance: 1.5 })).toThrow(/chance must be in \[0, 1\]/);
  });
});
