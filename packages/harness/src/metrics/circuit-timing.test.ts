import { describe, expect, it } from 'vitest';
import { circuitTiming } from './circuit-timing.js';
import { computeRunMetrics, runMetricsOptions } from './run-metrics.js';
import { point } from './test-curves.js';

/** A curve whose held-out score jumps at step 900 and whose `ipr` series follows `ipr(step)`. */
function curveWith(ipr: (step: number) => number | null) {
  return Array.from({ length: 21 }, (_, i) => {
    const step = i * 100;
    const heldout = step < 900 ? 0.02 : 1;
    return { ...point(step, step >= 100 ? 1 : 0.1, heldout), extra: { ipr: ipr(step) } };
  });
}

describe('circuit timing', () => {
  it('times half and 90 % of the rise from first to final value, interpolated, and the lead over tGrok', () => {
    // Linear from 0.1 at step 0 to 0.9 at step 800, flat after: half (0.5) at 400, 90 % (0.82) at 720.
    const timing = circuitTiming(curveWith((step) => 0.1 + 0.8 * Math.min(1, step / 800)), 'ipr', 900);
    expect(timing.formedAt).toBeCloseTo(400, 9);
    expect(timing.cleanupEndsAt).toBeCloseTo(720, 9);
    expect(timing.leadSteps).toBeCloseTo(500, 9);
    expect(timing.reason).toBeNull();
  });

  it('takes the rise to where the series settled, not to an overshoot', () => {
    // Up to 1.0 at 400, settling at 0.5: half of 0.1 → 0.5 is 0.3, crossed at 100 on the way up.
    const timing = circuitTiming(curveWith((step) => (step <= 400 ? 0.1 + (0.9 * step) / 400 : 0.5)), 'ipr', null);
    expect(timing.formedAt).toBeCloseTo(400 * (0.2 / 0.9), 9);
    expect(timing.leadSteps).toBeNull();
  });

  it('a circuit that forms after the jump has a negative lead', () => {
    const timing = circuitTiming(curveWith((step) => (step < 1500 ? 0.1 : 0.9)), 'ipr', 900);
    expect(timing.leadSteps).toBeLessThan(0);
  });

  it('says why when the series is flat or missing, with null timings', () => {
    expect(circuitTiming(curveWith(() => 0.3), 'ipr', 900)).toMatchObject({ formedAt: null, leadSteps: null, reason: expect.stringContaining('rose less than') });
    expect(circuitTiming(curveWith(() => null), 'ipr', 900)).toMatchObject({ formedAt: null, reason: 'fewer than two finite values' });
  });

  it('is part of the run metrics when the runner names a circuit series, and absent otherwise', () => {
    const curve = curveWith((step) => 0.1 + 0.8 * Math.min(1, step / 800));
    const companions = { ipr: { better: 'higher' as const } };
    const timed = computeRunMetrics(curve, runMetricsOptions({ chance: 0.01, companions, diverged: false, circuitSeries: 'ipr' }));
    expect(timed.circuit?.formedAt).toBeCloseTo(400, 9);
    expect(timed.circuit?.leadSteps).toBeCloseTo((timed.primary.tGrok ?? Number.NaN) - 400, 9);
    expect(computeRunMetrics(curve, runMetricsOptions({ chance: 0.01, companions, diverged: false })).circuit).toBeUndefined();
  });
});
