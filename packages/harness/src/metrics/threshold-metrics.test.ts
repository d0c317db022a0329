import { describe, expect, it } from 'vitest';
import { curveOf } from './test-curves.js';
import { firstSustainedStep, heldoutAt, riseRemaining, thresholdMetrics } from './threshold-metrics.js';

const H = 0.5; // a held-out score well below θ
const CHANCE = 0.01;

describe('thresholdMetrics', () => {
  it('interpolates tFit and tGrok between evaluations on a clean grokking curve', () => {
    // steps 0, 100, …, 2000; train 0.01 → 1 between 0 and 100; held-out 0.9 → 0.97 over 1300–1400.
    const train = [0.01, ...Array(20).fill(1)];
    const heldout = [...Array(11).fill(0.01), 0.3, 0.6, 0.9, 0.97, ...Array(6).fill(1)];
    const metrics = thresholdMetrics(curveOf(100, train, heldout), 0.95, CHANCE);
    const tFit = (0.94 / 0.99) * 100;
    const tGrok = 1300 + (0.05 / 0.07) * 100;
    expect(metrics.tFit).toBeCloseTo(tFit, 9);
    expect(metrics.tGrok).toBeCloseTo(tGrok, 9);
    expect(metrics.tGrokSustained).toBeCloseTo(tGrok, 9);
    expect(metrics.delay).toBeCloseTo(tGrok - tFit, 9);
    expect(metrics.delayRatio).toBeCloseTo(tGrok / tFit, 9);
    // Held-out is at chance when training fits: all of the rise comes after.
    expect(metrics.heldoutAtFit).toBeCloseTo(CHANCE, 12);
    expect(metrics.riseAfterFit).toBe(1);
  });

  it('reports the first touch as tGrok and the first run of three as tGrokSustained', () => {
    // steps 0..1200 by 100: touches θ at 800, drops, then holds from 1000 (0.95 exactly there).
    const heldout = [0, 0, 0, 0, 0, 0, 0, H, 0.96, H, 0.95, 0.97, 0.99];
    const metrics = thresholdMetrics(curveOf(100, Array(13).fill(1), heldout), 0.95, 0);
    expect(metrics.tGrok).toBeCloseTo(700 + (0.45 / 0.46) * 100, 9);
    expect(metrics.tGrokSustained).toBe(1000);
  });

  it('needs three consecutive evaluations: two touches and a drop do not count', () => {
    const heldout = [0, 0.96, 0.97, H, 0.96, 0.96, H, 0.98];
    expect(firstSustainedStep(curveOf(10, Array(8).fill(1), heldout), 0.95)).toBeNull();
  });

  it('is null when the curve ends before three consecutive evaluations exist', () => {
    const heldout = [0, H, H, 0.96, 0.99];
    const metrics = thresholdMetrics(curveOf(100, Array(5).fill(1), heldout), 0.95, 0);
    expect(metrics.tGrok).toBeCloseTo(200 + (0.45 / 0.46) * 100, 9);
    expect(metrics.tGrokSustained).toBeNull();
    // …and counts a run of exactly three that ends the curve.
    const three = curveOf(100, Array(5).fill(1), [0, H, 0.96, 0.99, 0.97]);
    expect(firstSustainedStep(three, 0.95)).toBeCloseTo(100 + (0.45 / 0.46) * 100, 9);
  });

  it('is null throughout when neither score reaches θ', () => {
    const metrics = thresholdMetrics(curveOf(100, [0, 0.5, 0.9], [0, 0.2, 0.4]), 0.95, 0);
    expect(metrics).toEqual({ theta: 0.95, tFit: null, tGrok: null, tGrokSustained: null, delay: null, delayRatio: null, heldoutAtFit: null, riseAfterFit: null });
  });

  it('keeps a negative delay when held-out reaches θ first, and a null ratio when tFit = 0', () => {
    const early = thresholdMetrics(curveOf(100, [0, 0.5, 0.95, 1], [0, 0.95, 0.97, 1]), 0.95, 0);
    expect(early.delay).toBe(-100);
    expect(early.delayRatio).toBe(0.5);
    expect(early.riseAfterFit).toBe(0);
    const fitAtStart = thresholdMetrics(curveOf(100, [1, 1, 1, 1], [0, 0.5, 0.95, 1]), 0.95, 0);
    expect(fitAtStart.tFit).toBe(0);
    expect(fitAtStart.delay).toBe(200);
    expect(fitAtStart.delayRatio).toBeNull();
    expect(fitAtStart.heldoutAtFit).toBe(0);
  });

  it('measures the rise after fit of a curve that was already generalizing when it fit', () => {
    // Train reaches θ at 200 exactly; held-out is 0.8 there: (0.95 − 0.8) / (0.95 − 0.01) of the rise remains.
    const metrics = thresholdMetrics(curveOf(100, [0, 0.5, 0.95, 1, 1, 1, 1], [0, 0.4, 0.8, 0.85, 0.9, 0.93, 0.96]), 0.95, CHANCE);
    expect(metrics.heldoutAtFit).toBeCloseTo(0.8, 12);
    expect(metrics.riseAfterFit).toBeCloseTo(0.15 / 0.94, 12);
  });
});

describe('heldoutAt and riseRemaining', () => {
  const curve = curveOf(100, [1, 1, 1], [0.2, 0.6, 0.4]);
  it('interpolates between evaluations and holds the ends', () => {
    expect(heldoutAt(curve, 50)).toBeCloseTo(0.4, 12);
    expect(heldoutAt(curve, 150)).toBeCloseTo(0.5, 12);
    expect(heldoutAt(curve, -10)).toBe(0.2);
    expect(heldoutAt(curve, 500)).toBe(0.4);
  });
  it('clamps to [0, 1]: below chance counts as all of the rise to come, above θ as none', () => {
    expect(riseRemaining(0, 0.1, 0.95)).toBe(1);
    expect(riseRemaining(0.99, 0.1, 0.95)).toBe(0);
    expect(riseRemaining(0.525, 0.1, 0.95)).toBeCloseTo(0.5, 12);
  });
});
