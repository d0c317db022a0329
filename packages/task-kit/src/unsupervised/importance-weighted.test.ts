import { Graph, add, concat, evaluateReference, gather, matmul, mean, reshape, type Tensor } from '@grokbench/graph';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { gaussianPosterior } from './gaussian-latent.js';
import { importanceLogWeights, importanceWeightedLogMarginal, logMeanExp } from './importance-weighted.js';
import { gaussianLogLikelihood } from './likelihoods.js';
import { standardNormalNoise } from './noise.js';

// A linear-Gaussian model whose marginal is known in closed form: z ~ N(0, 1),
// x | z ~ N(w·z + b, s²·I) in two dimensions, so x ~ N(b, w·wᵀ + s²·I).
const W = [1.3, -0.7];
const B = [0.2, -0.4];
const S2 = 0.25;
const ROWS = [
  [0.5, -1.0],
  [2.0, -1.5],
  [-1.2, 0.3],
];

/** log p(x) of the model, exactly, in float64 (the 2 × 2 covariance inverted by hand). */
function exactLogMarginal(x: readonly number[]): number {
  const [c00, c01, c11] = [W[0] * W[0] + S2, W[0] * W[1], W[1] * W[1] + S2];
  const det = c00 * c11 - c01 * c01;
  const [d0, d1] = [x[0] - B[0], x[1] - B[1]];
  const quadratic = (c11 * d0 * d0 - 2 * c01 * d0 * d1 + c00 * d1 * d1) / det;
  return -0.5 * (2 * Math.log(2 * Math.PI) + Math.log(det) + quadratic);
}

/** The exact posterior of z given x: N(v·wᵀ(x − b)/s², v) with v = 1 / (1 + wᵀw/s²). */
function exactPosterior(x: readonly number[]): [number, number] {
  const v = 1 / (1 + (W[0] * W[0] + W[1] * W[1]) / S2);
  return [(v * (W[0] * (x[0] - B[0]) + W[1] * (x[1] - B[1]))) / S2, Math.log(v)];
}

/**
 * The estimator's graph for the three rows with K draws each: proposal N(μ, exp(log σ²)) given per
 * row, the decoder's mean w·z + b, and the rows repeated K times as the likelihood's targets.
 */
function estimate(proposal: [number, number][], samples: number, seed: number): Float64Array {
  const g = new Graph();
  const rows = ROWS.length;
  const encoded = g.constant('encoded', Float32Array.from(proposal.flat()), [rows, 2]);
  const x = g.constant('x', Float32Array.from(ROWS.flat()), [rows, 2]);
  const noise = g.constant('noise', standardNormalNoise(Rng.fromSeed(seed), 0, [samples, rows, 1]).data as Float32Array, [samples, rows, 1]);
  const w = g.constant('w', Float32Array.from(W), [1, 2]);
  const b = g.constant('b', Float32Array.from(B), [2]);
  const logLikelihood = (latents: Tensor, rowOf: Tensor) => gaussianLogLikelihood(add(matmul(latents, w), b), gather(x, rowOf), S2);
  const [values] = evaluateReference([importanceWeightedLogMarginal({ posterior: gaussianPosterior(encoded, 1), noise, logLikelihood })]);
  return values;
}

const exact = ROWS.map(exactLogMarginal);
/**
 * A deliberately poor proposal: shifted by 2 posterior standard deviations and 2× too wide. (Too
 * wide, not too narrow: with a proposal narrower than the posterior the importance weights have
 * infinite variance and the estimate converges far more slowly in K.)
 */
const POOR: [number, number][] = ROWS.map((x) => {
  const [mu, logVar] = exactPosterior(x);
  return [mu + 2 * Math.exp(logVar / 2), logVar + 1.4];
});

describe('the importance-weighted log marginal (IWAE)', () => {
  it('is log p(x) exactly, for every K, when the proposal is the true posterior', () => {
    const truePosterior = ROWS.map(exactPosterior);
    for (const samples of [1, 8]) {
      const values = estimate(truePosterior, samples, 3);
      exact.forEach((logP, row) => expect(values[row]).toBeCloseTo(logP, 4));
    }
  });

  it('with a poor proposal it stays below log p(x) on average, rises with K and reaches it at large K', () => {
    // Averages over 400 independent draws: their standard errors (≤ 0.2 nats at K = 1, less after)
    // are well under the gaps between K = 1, 3 and 10 for this proposal.
    const averages = [1, 3, 10].map((samples) => {
      const draws = 400;
      const totals = exact.map(() => 0);
      for (let seed = 0; seed < draws; seed++) estimate(POOR, samples, 1000 + seed).forEach((v, row) => (totals[row] += v / draws));
      return totals;
    });
    exact.forEach((logP, row) => {
      const byK = averages.map((a) => a[row]);
      for (let i = 1; i < byK.length; i++) expect(byK[i], `row ${row}, K step ${i}`).toBeGreaterThan(byK[i - 1]);
      expect(byK[0], `row ${row}: the ELBO is below log p(x)`).toBeLessThan(logP - 0.5);
      expect(byK.at(-1)!, `row ${row}`).toBeLessThan(logP + 0.02);
    });
    // At K = 50,000 the estimate's standard error is ≈ 0.015 nats for this proposal.
    const large = estimate(POOR, 50_000, 5);
    exact.forEach((logP, row) => expect(Math.abs(large[row] - logP), `row ${row} at K = 50,000`).toBeLessThan(0.05));
  });

  it('scores candidate inputs on shared draws: each candidate gets the estimate it would get alone, and the draws’ mean is the ELBO', () => {
    // Three rows, two candidates each: the rows themselves and the rows shifted by (1, −1). The
    // proposal is the first candidate's exact posterior; with the candidates on one axis the
    // estimator must give, per candidate, what scoring that candidate alone with the same noise gives.
    const shifted = ROWS.map(([x0, x1]) => [x0 + 1, x1 - 1]);
    const proposal = ROWS.map(exactPosterior);
    const samples = 16;
    const g = new Graph();
    const rows = ROWS.length;
    const posterior = gaussianPosterior(g.constant('encoded', Float32Array.from(proposal.flat()), [rows, 2]), 1);
    const noise = g.constant('noise', standardNormalNoise(Rng.fromSeed(8), 0, [samples, rows, 1]).data as Float32Array, [samples, rows, 1]);
    const w = g.constant('w', Float32Array.from(W), [1, 2]);
    const b = g.constant('b', Float32Array.from(B), [2]);
    const candidates = [ROWS, shifted].map((set, c) => g.constant(`x${c}`, Float32Array.from(set.flat()), [rows, 2]));
    const logLikelihoodOf = (x: Tensor) => (latents: Tensor, rowOf: Tensor) => gaussianLogLikelihood(add(matmul(latents, w), b), gather(x, rowOf), S2);
    const both = (latents: Tensor, rowOf: Tensor) =>
      concat(candidates.map((x) => reshape(logLikelihoodOf(x)(latents, rowOf), [samples * rows, 1])), 1);
    const logWeights = importanceLogWeights({ posterior, noise, logLikelihood: both });
    const [joint, elbo, ...alone] = evaluateReference([
      logMeanExp(logWeights),
      mean(logWeights, [0]),
      ...candidates.map((x) => importanceWeightedLogMarginal({ posterior, noise, logLikelihood: logLikelihoodOf(x) })),
    ]);
    expect(logWeights.shape).toEqual([samples, rows, 2]);
    for (let row = 0; row < rows; row++) {
      for (let c = 0; c < 2; c++) {
        expect(joint[row * 2 + c]).toBeCloseTo(alone[c][row], 10);
        // The ELBO (mean log weight) never exceeds the IWAE estimate (Jensen); equal where the
        // proposal is the exact posterior (every weight is p(x)), strictly below where it is not.
        expect(elbo[row * 2 + c]).toBeLessThanOrEqual(joint[row * 2 + c] + 1e-6);
      }
      // The true posterior of the first candidate makes its estimate exact; the shifted one is
      // scored with a mismatched proposal, below its exact log p(x) but close at K = 16.
      expect(joint[row * 2]).toBeCloseTo(exact[row], 4);
      expect(joint[row * 2 + 1]).toBeLessThan(exactLogMarginal(shifted[row]) + 1e-9);
      expect(elbo[row * 2 + 1]).toBeLessThan(joint[row * 2 + 1] - 1e-3);
    }
  });
});
