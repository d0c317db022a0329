import { describe, expect, it } from 'vitest';
import { classifyPhase, type PhaseInput } from './phase.js';
import { curveOf } from './test-curves.js';
import { thresholdMetrics } from './threshold-metrics.js';
import type { CurvePoint } from '@grokbench/trainer';

const CHANCE = 0.01;

function verdictOf(curve: CurvePoint[], extra: Partial<PhaseInput> = {}) {
  const input: PhaseInput = {
    primary: thresholdMetrics(curve, 0.95, CHANCE),
    chance: CHANCE,
    finalHeldout: curve[curve.length - 1].heldout,
    diverged: false,
    erfCentre: null,
    ...extra,
  };
  return classifyPhase(curve, input);
}

/** Evaluations every 100 steps; train reaches 1 at step 100 (tFit 100 exactly: 0.95 reached there from 0.9). */
const fitAt100 = (n: number) => [0.9, ...Array(n - 1).fill(1)].map((v, i) => (i === 1 ? 0.95 : v));
const heldoutSeries = (points: number[]) => curveOf(100, fitAt100(points.length), points);

describe('classifyPhase', () => {
  it('calls a jump from chance long after fitting grokking', () => {
    const verdict = verdictOf(heldoutSeries([0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.5, 0.97, 0.99, 1, 1]));
    expect(verdict.phase).toBe('grokking');
    expect(verdict.reason).toMatch(/F = 1/);
  });

  it('calls a delayed crossing of a curve already well above chance at fit gradual', () => {
    const verdict = verdictOf(heldoutSeries([0.3, 0.8, 0.85, 0.9, 0.93, 0.94, 0.96, 0.97, 0.97]));
    expect(verdict.phase).toBe('gradual');
    expect(verdict.reason).toMatch(/rise after fit F = 0\.16 < 0\.75/);
  });

  it('calls a late crossing gradual when a good erf fit centres the rise before training fit', () => {
    const verdict = verdictOf(heldoutSeries([0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.5, 0.97, 0.99, 1, 1]), { erfCentre: 50 });
    expect(verdict.phase).toBe('gradual');
    expect(verdict.reason).toMatch(/erf fit .* centred at step 50, before training fit at 100/);
  });

  it('calls generalization within 2× tFit comprehension, whatever F is', () => {
    expect(verdictOf(heldoutSeries([0.01, 0.01, 0.96, 0.99, 1])).phase).toBe('comprehension');
    expect(verdictOf(heldoutSeries([0.01, 0.5, 0.96, 0.99, 1])).phase).toBe('comprehension');
  });

  it('calls a rise after fitting to a plateau below θ semi-grokking, and a small or early one memorization', () => {
    expect(verdictOf(heldoutSeries([0.01, 0.01, 0.01, 0.01, 0.3, 0.6, 0.61, 0.6, 0.6, 0.6, 0.6, 0.6])).phase).toBe('semi-grokking');
    // Plateau at 0.4: less than half of the way to θ.
    expect(verdictOf(heldoutSeries([0.01, 0.01, 0.01, 0.01, 0.3, 0.4, 0.41, 0.4, 0.4, 0.4, 0.4, 0.4])).phase).toBe('memorization');
    // Already at 0.6 when training fit: nothing delayed about it.
    expect(verdictOf(heldoutSeries([0.3, 0.6, 0.6, 0.61, 0.6, 0.6])).phase).toBe('memorization');
    // Still climbing when the budget ended: neither a plateau nor θ.
    const rising = verdictOf(heldoutSeries([0.01, 0.01, 0.01, 0.01, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6]));
    expect(rising.phase).toBe('rising');
    expect(rising.reason).toMatch(/still rising when the run ended/);
    // Rose to 0.6 and fell back: no plateau.
    expect(verdictOf(heldoutSeries([0.01, 0.01, 0.01, 0.01, 0.6, 0.6, 0.6, 0.2, 0.1, 0.1, 0.1, 0.1])).phase).toBe('memorization');
  });

  it('calls reaching θ and ending below it lost, even when it grokked first', () => {
    const verdict = verdictOf(heldoutSeries([0.01, 0.01, 0.01, 0.01, 0.97, 0.99, 1, 0.6, 0.3]));
    expect(verdict.phase).toBe('lost');
    expect(verdict.reason).toMatch(/ended at 0\.30/);
  });

  it('calls a run that diverged diverged, and one that never fit confusion', () => {
    const curve = heldoutSeries([0.01, 0.01, 0.01, 0.01, 0.97, 0.99, 1]);
    expect(verdictOf(curve, { diverged: true }).phase).toBe('diverged');
    expect(verdictOf(curveOf(100, [0, 0.4, 0.6, 0.7], [0, 0.05, 0.96, 0.97])).phase).toBe('confusion');
  });

  it('takes tFit = 0 as an unbounded delay for any later tGrok, none for tGrok = 0', () => {
    expect(verdictOf(curveOf(100, [1, 1, 1, 1, 1], [0.01, 0.01, 0.5, 0.97, 1])).phase).toBe('grokking');
    expect(verdictOf(curveOf(100, [1, 1, 1], [0.97, 0.98, 1])).phase).toBe('comprehension');
  });

  it('counts a delay ratio of exactly 2 as delayed', () => {
    // tFit 100, held-out crosses 0.95 at 200 exactly.
    expect(verdictOf(heldoutSeries([0.01, 0.01, 0.95, 0.99, 1])).phase).toBe('grokking');
  });
});
