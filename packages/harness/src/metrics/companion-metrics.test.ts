import type { CurvePoint } from '@grokbench/trainer';
import { describe, expect, it } from 'vitest';
import { companionMetrics } from './companion-metrics.js';
import { computeRunMetrics } from './run-metrics.js';

/** A curve whose companion "loss" takes `values` at steps 0, 100, 200, … */
function curveWith(values: (number | null)[]): CurvePoint[] {
  return values.map((v, i) => ({ step: i * 100, train: 1, heldout: 0, trainLoss: 0, heldoutLoss: 0, weightNorm: 1, trainSeconds: i, extra: { loss: v } }));
}

describe('companion metrics', () => {
  it('time a lower-is-better series from its worst value before its best, interpolating the crossings', () => {
    // Rises to 10 (memorization), then falls to 0 (generalization); the improvement is 10 → 0.
    const m = companionMetrics(curveWith([5, 10, 10, 9, 5, 1, 0]), 'loss', { better: 'lower' });
    expect(m).toMatchObject({ first: 5, best: 0, bestStep: 600, reason: null });
    // 10 % of the way: 9 at step 300; 90 %: 1 at step 500.
    expect(m.onset).toBeCloseTo(300, 9);
    expect(m.end90).toBeCloseTo(500, 9);
    expect(m.width10to90).toBeCloseTo(200, 9);
  });

  it('time a higher-is-better series the same way, skipping values that were not finite', () => {
    const m = companionMetrics(curveWith([-4, null, -4, -2, 0]), 'loss', { better: 'higher' });
    // From −4 to 0: 10 % is −3.6, crossed between steps 200 (−4) and 300 (−2) at 220.
    expect(m.onset).toBeCloseTo(220, 9);
    expect(m.end90).toBeCloseTo(380, 9);
  });

  it('say why there is nothing to time', () => {
    expect(companionMetrics(curveWith([1, 1, 1]), 'loss', { better: 'lower' }).reason).toBe('no improvement to time');
    expect(companionMetrics(curveWith([1, 2, 3]), 'loss', { better: 'lower' })).toMatchObject({ onset: null, best: 1, bestStep: 0 });
    expect(companionMetrics(curveWith([null, null]), 'loss', { better: 'lower' }).reason).toBe('no finite values');
  });

  it('appear in the run metrics only for declared series', () => {
    const curve = curveWith([3, 2, 1]);
    expect(computeRunMetrics(curve, { chance: 0.1 }).companions).toBeUndefined();
    const metrics = computeRunMetrics(curve, { chance: 0.1, companions: { loss: { better: 'lower', description: 'a loss' } } });
    expect(metrics.companions?.loss).toMatchObject({ better: 'lower', description: 'a loss', best: 1 });
  });
});
