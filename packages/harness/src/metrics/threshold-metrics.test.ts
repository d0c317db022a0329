import { describe, expect, it } from 'vitest';
import { curveOf } from './test-curves.js';
import { firstSustainedStep, thresholdMetrics } from './threshold-metrics.js';

const H = 0.5; // a held-out score well below θ

describe('thresholdMetrics', () => {
  it('is exact on a clean grokking curve (train fits at 100, held-out rises over 1000–1400)', () => {
    // steps 0, 100, …, 2000
    const train = [0.01, ...Array(20).fill(1)];
    const heldout = [...Array(11).fill(0.01), 0.3, 0.6, 0.9, 0.97, ...Array(6).fill(1)];
    const curve = curveOf(100, train, heldout);
    expect(thresholdMetrics(curve, 0.95)).toEqual({
      theta: 0.95,
      tFit: 100,
      tGrok: 1400,
      tGrokSustained: 1400,
      delay: 1300,
      delayRatio: 14,
    });
    expect(thresholdMetrics(curve, 0.99)).toEqual({
      theta: 0.99,
      tFit: 100,
      tGrok: 1500,
      tGrokSustained: 1500,
      delay: 1400,
      delayRatio: 15,
    });
  });

  it('reports the first touch as tGrok and the first run of three as tGrokSustained', () => {
    // steps 0..1200 by 100: touches θ at 800, drops, then holds from 1000.
    const heldout = [0, 0, 0, 0, 0, 0, 0, H, 0.96, H, 0.95, 0.97, 0.99];
    const metrics = thresholdMetrics(curveOf(100, Array(13).fill(1), heldout), 0.95);
    expect(metrics.tGrok).toBe(800);
    expect(metrics.tGrokSustained).toBe(1000);
  });

  it('needs three consecutive evaluations: two touches and a drop do not count', () => {
    const heldout = [0, 0.96, 0.97, H, 0.96, 0.96, H, 0.98];
    expect(firstSustainedStep(curveOf(10, Array(8).fill(1), heldout), 0.95)).toBeNull();
  });

  it('is null when the curve ends before three consecutive evaluations exist', () => {
    const heldout = [0, H, H, 0.96, 0.99];
    const metrics = thresholdMetrics(curveOf(100, Array(5).fill(1), heldout), 0.95);
    expect(metrics.tGrok).toBe(300);
    expect(metrics.tGrokSustained).toBeNull();
    // …and counts a run of exactly three that ends the curve.
    const three = curveOf(100, Array(5).fill(1), [0, H, 0.96, 0.99, 0.97]);
    expect(firstSustainedStep(three, 0.95)).toBe(200);
  });

  it('is null throughout when neither score reaches θ', () => {
    const metrics = thresholdMetrics(curveOf(100, [0, 0.5, 0.9], [0, 0.2, 0.4]), 0.95);
    expect(metrics).toEqual({ theta: 0.95, tFit: null, tGrok: null, tGrokSustained: null, delay: null, delayRatio: null });
  });

  it('keeps a negative delay when held-out reaches θ first, and a null ratio when tFit = 0', () => {
    const early = thresholdMetrics(curveOf(100, [0, 0.5, 0.96, 1], [0, 0.96, 0.97, 1]), 0.95);
    expect(early.delay).toBe(-100);
    expect(early.delayRatio).toBe(0.5);
    const fitAtStart = thresholdMetrics(curveOf(100, [1, 1, 1, 1], [0, 0.5, 0.96, 1]), 0.95);
    expect(fitAtStart.tFit).toBe(0);
    expect(fitAtStart.delay).toBe(200);
    expect(fitAtStart.delayRatio).toBeNull();
  });
});
