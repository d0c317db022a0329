import { Graph, evaluateReference, gradients } from '@grokbench/graph';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { discountedReturns, gumbelMaxSample, leaveOneOutAdvantages, linearAnneal, policyEntropy, tabularRollout, uniformKl } from './index.js';
import { uniformNoise } from './noise.js';

describe('reinforcement kit', () => {
  it('discountedReturns is Σ_{k ≥ t} γ^{k−t} r_k and leaveOneOutAdvantages subtracts the mean of the other group members', () => {
    const g = new Graph();
    const [H, B] = [4, 6];
    const rewards = Float32Array.from({ length: H * B }, (_, i) => ((i * 7) % 5) - 2);
    const r = g.constant('r', rewards, [H, B]);
    const returns = discountedReturns(r, 0.9);
    const [G, A] = evaluateReference([returns, leaveOneOutAdvantages(returns, 3)]);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < H; t++) {
        let expected = 0;
        for (let k = t; k < H; k++) expected += 0.9 ** (k - t) * rewards[k * B + b];
        expect(G[t * B + b]).toBeCloseTo(expected, 5);
        const group = Math.floor(b / 3) * 3;
        let others = 0;
        for (let j = group; j < group + 3; j++) if (j !== b) others += G[t * B + j];
        expect(A[t * B + b]).toBeCloseTo(G[t * B + b] - others / 2, 5);
      }
    }
  });

  it('linearAnneal goes from its start value at step 1 to the target at the last step of its schedule, and stays there', () => {
    const schedule = { to: 0.02, steps: 11 };
    expect(linearAnneal(1, 0.12, schedule)).toBe(0.12);
    expect(linearAnneal(6, 0.12, schedule)).toBeCloseTo(0.07, 12);
    expect(linearAnneal(11, 0.12, schedule)).toBeCloseTo(0.02, 12);
    expect(linearAnneal(5000, 0.12, schedule)).toBeCloseTo(0.02, 12);
    expect(linearAnneal(5000, 0.12, null)).toBe(0.12);
    expect(linearAnneal(1, 0.12, { to: 0.5, steps: 1 })).toBe(0.5);
  });

  it('Gumbel-max sampling from fed uniform noise draws from softmax(logits)', () => {
    const g = new Graph();
    const rows = 20_000;
    const probs = [0.5, 0.3, 0.2];
    const logits = g.constant('logits', Float32Array.from({ length: rows * 3 }, (_, i) => Math.log(probs[i % 3])), [rows, 3]);
    const noise = g.input('u', [rows, 3]);
    const [actions] = evaluateReference([gumbelMaxSample(logits, noise)], { u: uniformNoise(Rng.fromSeed(3), 1, [rows, 3]).data });
    const counts = [0, 0, 0];
    for (const a of actions) counts[a]++;
    counts.forEach((c, a) => expect(Math.abs(c / rows - probs[a])).toBeLessThan(0.015));
  });

  it('the KL(uniform ‖ π) gradient stays large for an almost-never-taken action, unlike the entropy gradient', () => {
    const g = new Graph();
    const logits = g.param('logits', [1, 3], { kind: 'zeros' });
    const feeds = { logits: [12, 0, -12] };
    const [kl, entropy] = [uniformKl(logits), policyEntropy(logits)].map((t) => g.apply('ReduceSum', [t], { axes: [0], keepDims: false }));
    const [dKl] = evaluateReference(gradients(kl, [logits]), feeds);
    const [dEntropy] = evaluateReference(gradients(entropy, [logits]), feeds);
    // Minimizing the KL raises the rare action's logit at rate ≈ 1/3; the entropy's push is ~1e-9.
    expect(-dKl[2]).toBeGreaterThan(0.3);
    expect(Math.abs(dEntropy[2])).toBeLessThan(1e-3);
  });

  it('a tabular rollout follows the table and stops acting after the terminal action', () => {
    const g = new Graph();
    // A ring of 4 cells, actions left, right, stop; the policy always prefers right, then stop at cell 3.
    const transitions = g.constant('T', Int32Array.from([3, 1, 0, 0, 2, 1, 1, 3, 2, 2, 0, 3]), [12], 'int32');
    const preferences = g.constant('P', Float32Array.from([0, 5, 0, 0, 5, 0, 0, 5, 0, 0, 0, 5]), [4, 3]);
    const rollout = tabularRollout({
      transitions,
      actions: 3,
      start: g.constant('s', Int32Array.from([0, 2]), [2], 'int32'),
      horizon: 5,
      terminalAction: 2,
      policy: (cells) => g.apply('Gather', [preferences, cells], { axis: 0 }),
      noise: null,
    });
    const values = evaluateReference([...rollout.cells, rollout.alive, rollout.finalCells]);
    expect(values.slice(0, 5).map((c) => Array.from(c))).toEqual([[0, 2], [1, 3], [2, 3], [3, 3], [3, 3]]);
    expect(Array.from(values[5])).toEqual([1, 1, 1, 1, 1, 0, 1, 0, 0, 0]);
    expect(Array.from(values[6])).toEqual([3, 3]);
  });
});
