import { Graph, evaluateReference } from '@grokbench/graph';
import { describe, expect, it } from 'vitest';
import { bernoulliLogLikelihood, categoricalLogLikelihood, gaussianLogLikelihood } from './likelihoods.js';

// Reference values are computed here in float64 from the definitions, independently of the graph.
const logSumExp = (xs: number[]) => {
  const m = Math.max(...xs);
  return m + Math.log(xs.reduce((s, x) => s + Math.exp(x - m), 0));
};

describe('the likelihoods, per row', () => {
  it('categorical: Σ over slots of logit[label] − logsumexp(logits)', () => {
    const g = new Graph();
    const logits = g.input('logits', [2, 2, 3]);
    const labels = g.constant('labels', Int32Array.from([2, 0, 1, 1]), [2, 2], 'int32');
    const values = [0.5, -1, 2, 3, 0, 0, -2, 1, 0.25, 0, 0, 0];
    const [ll] = evaluateReference([categoricalLogLikelihood(logits, labels)], { logits: values });
    const slot = (i: number, label: number) => values[i * 3 + label] - logSumExp(values.slice(i * 3, i * 3 + 3));
    expect(ll[0]).toBeCloseTo(slot(0, 2) + slot(1, 0), 12);
    expect(ll[1]).toBeCloseTo(slot(2, 1) + slot(3, 1), 12);
  });

  it('Bernoulli: Σ t·log σ(ℓ) + (1 − t)·log(1 − σ(ℓ)), stable for large |ℓ|', () => {
    const g = new Graph();
    const logits = g.input('logits', [1, 4]);
    const targets = g.input('targets', [1, 4]);
    const l = [0.3, -2, 40, -40];
    const t = [1, 0, 1, 0.25];
    const [ll] = evaluateReference([bernoulliLogLikelihood(logits, targets)], { logits: l, targets: t });
    const logSigmoid = (x: number) => -Math.log1p(Math.exp(-x));
    const expected = l.reduce((s, x, i) => s + t[i] * logSigmoid(x) + (1 - t[i]) * logSigmoid(-x), 0);
    expect(Number.isFinite(ll[0])).toBe(true);
    expect(ll[0]).toBeCloseTo(expected, 9);
  });

  it('Gaussian with fixed variance: −½ Σ ((x − m)²/σ² + log 2πσ²)', () => {
    const g = new Graph();
    const mean = g.input('mean', [1, 3]);
    const targets = g.input('targets', [1, 3]);
    const [ll] = evaluateReference([gaussianLogLikelihood(mean, targets, 0.25)], { mean: [0, 1, -1], targets: [0.5, 1, 0] });
    const expected = [0.5, 0, 1].reduce((s, d) => s - 0.5 * (d ** 2 / 0.25 + Math.log(2 * Math.PI * 0.25)), 0);
    // log 2πσ² is a float32 constant in the graph.
    expect(ll[0]).toBeCloseTo(expected, 6);
  });
});
