import { Graph, evaluateReference } from '@grokbench/graph';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { gaussianKl, gaussianPosterior, reparameterize } from './gaussian-latent.js';
import { standardNormalNoise } from './noise.js';

// Two rows of a 3-dimensional posterior: one near the prior, one far from it.
const MU = [0.1, -0.2, 0.05, 1.5, -0.8, 2.0];
const LOG_VAR = [-0.1, 0.2, 0.0, -1.2, 0.7, -2.0];

function posteriorGraph() {
  const g = new Graph();
  const encoded = g.input('encoded', [2, 6]);
  const posterior = gaussianPosterior(encoded, 3);
  return { g, posterior, feeds: { encoded: [...MU.slice(0, 3), ...LOG_VAR.slice(0, 3), ...MU.slice(3), ...LOG_VAR.slice(3)] } };
}

/** log N(x; m, v) in float64, one dimension. */
const logNormal = (x: number, m: number, v: number) => -0.5 * (Math.log(2 * Math.PI * v) + (x - m) ** 2 / v);

describe('the Gaussian latent', () => {
  it('KL(q ‖ N(0, I)) in closed form matches a Monte-Carlo estimate of E_q[log q(z) − log p(z)]', () => {
    const { posterior, feeds } = posteriorGraph();
    const [kl] = evaluateReference([gaussianKl(posterior)], feeds);
    const rng = Rng.fromSeed(7);
    const samples = 200_000;
    for (let row = 0; row < 2; row++) {
      let total = 0;
      const noise = standardNormalNoise(rng, row, [samples, 3]).data;
      for (let s = 0; s < samples; s++) {
        for (let d = 0; d < 3; d++) {
          const m = MU[row * 3 + d];
          const v = Math.exp(LOG_VAR[row * 3 + d]);
          const z = m + Math.sqrt(v) * noise[s * 3 + d];
          total += logNormal(z, m, v) - logNormal(z, 0, 1);
        }
      }
      // The estimate's standard error is well under 1 % of these KLs at 2·10⁵ samples.
      expect(kl[row]).toBeGreaterThan(0);
      expect(Math.abs(total / samples - kl[row]) / kl[row]).toBeLessThan(0.02);
    }
  });

  it('is zero exactly at the prior', () => {
    const g = new Graph();
    const encoded = g.input('encoded', [1, 4]);
    const [kl] = evaluateReference([gaussianKl(gaussianPosterior(encoded, 2))], { encoded: [0, 0, 0, 0] });
    expect(kl[0]).toBe(0);
  });

  it('reparameterizes as z = μ + exp(½ log σ²)·ε', () => {
    const { g, posterior, feeds } = posteriorGraph();
    const noise = g.input('noise', [2, 3]);
    const eps = [0.3, -1.1, 2.0, 0.0, 0.5, -0.25];
    const [z] = evaluateReference([reparameterize(posterior, noise)], { ...feeds, noise: eps });
    z.forEach((value, i) => expect(value).toBeCloseTo(MU[i] + Math.exp(0.5 * LOG_VAR[i]) * eps[i], 12));
  });
});

describe('standardNormalNoise', () => {
  it('is a function of the step alone, and standard normal', () => {
    const rng = Rng.fromSeed(3);
    const a = Array.from(standardNormalNoise(rng, 5, [1000, 10]).data);
    expect(Array.from(standardNormalNoise(Rng.fromSeed(3), 5, [1000, 10]).data)).toEqual(a);
    expect(Array.from(standardNormalNoise(rng, 6, [1000, 10]).data)).not.toEqual(a);
    const mean = a.reduce((s, x) => s + x, 0) / a.length;
    const variance = a.reduce((s, x) => s + (x - mean) ** 2, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
