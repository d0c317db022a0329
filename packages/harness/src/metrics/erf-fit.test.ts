import { describe, expect, it } from 'vitest';
import { erf } from './erf.js';
import { ERF_WIDTH_10_90, fitErf } from './erf-fit.js';
import { point } from './test-curves.js';

function erfCurve(opts: { tStar: number; s: number; a: number; c: number; every: number; last: number; noise?: number }) {
  const points = [];
  for (let step = 0, i = 0; step <= opts.last; step += opts.every, i++) {
    // Deterministic ±noise, so the test is reproducible without an RNG.
    const wobble = (opts.noise ?? 0) * Math.sin(i * 2.399);
    points.push(point(step, 1, opts.a * erf(opts.s * (step - opts.tStar)) + opts.c + wobble));
  }
  return points;
}

describe('fitErf', () => {
  it('recovers t* and s from a densely sampled erf', () => {
    const fit = fitErf(erfCurve({ tStar: 1200, s: 1 / 150, a: 0.49, c: 0.5, every: 50, last: 3000 }));
    expect(fit).not.toBeNull();
    expect(fit!.tStar).toBeCloseTo(1200, 0);
    expect(fit!.s * 150).toBeCloseTo(1, 3);
    expect(fit!.a).toBeCloseTo(0.49, 4);
    expect(fit!.c).toBeCloseTo(0.5, 4);
    expect(fit!.r2).toBeGreaterThan(0.9999);
  });

  it('recovers t* and s within 2% from a coarse, noisy, chance-floored curve', () => {
    const tStar = 5300;
    const s = 1 / 400;
    const fit = fitErf(erfCurve({ tStar, s, a: 0.495, c: 0.505, every: 200, last: 20000, noise: 0.01 }));
    expect(fit).not.toBeNull();
    expect(Math.abs(fit!.tStar - tStar) / tStar).toBeLessThan(0.02);
    expect(Math.abs(fit!.s - s) / s).toBeLessThan(0.02);
    expect(fit!.rmse).toBeLessThan(0.01);
  });

  it('fits a transition narrower than the evaluation interval without failing', () => {
    // 10–90 width ≈ 1.81 / (1/20) ≈ 36 steps, evaluations every 100 steps.
    const fit = fitErf(erfCurve({ tStar: 1030, s: 1 / 20, a: 0.49, c: 0.5, every: 100, last: 3000 }));
    expect(fit).not.toBeNull();
    expect(fit!.tStar).toBeGreaterThan(900);
    expect(fit!.tStar).toBeLessThan(1100);
    expect(ERF_WIDTH_10_90 / fit!.s).toBeLessThan(200);
  });

  it('is null without a rise or with too few evaluations', () => {
    expect(fitErf([0, 100, 200, 300].map((step) => point(step, 1, 0.01)))).toBeNull();
    expect(fitErf([point(0, 0, 0), point(100, 1, 1), point(200, 1, 1)])).toBeNull();
    expect(fitErf([point(0, 0, 0.5)])).toBeNull();
  });
});
