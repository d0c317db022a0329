import { evaluateReference } from '@grokbench/graph';
import { ConfigError, Rng, mergeConfig, parseConfig } from '@grokbench/task-kit';
import { OrtEngine, train } from '@grokbench/trainer';
import { describe, expect, it } from 'vitest';
import { downsample, mnistImages, vaeDigits, vaeDigitsConfigSchema, type DigitImages, type VaeDigitsConfig } from './index.js';
import { memorizerDensity } from './memorizer-density.js';

const SMALL = { data: { trainImages: 60, heldoutImages: 40, downsample: 4 }, model: { hidden: 32, latent: 4 }, steps: 40, evalEvery: 10 };
/** SMALL scored as the first recorded runs were: reconstruction within ε. */
const SMALL_RECONSTRUCTION = { ...SMALL, evaluation: { densitySamples: null } };

function configOf(overrides: Record<string, unknown> = {}, preset = 'quick'): VaeDigitsConfig {
  return parseConfig(vaeDigitsConfigSchema, mergeConfig(vaeDigits.presets[preset].config, overrides), 'test');
}

describe('the digit images', () => {
  it('load offline from the mnist package: 10,000 28×28 images in [0, 1], 863 to 1,127 of each digit', () => {
    const images = mnistImages();
    expect(images.side).toBe(28);
    expect(images.count).toBe(10_000);
    expect(images.pixels.length).toBe(images.count * 784);
    for (let digit = 0; digit < 10; digit++) expect(images.labels.filter((l) => l === digit).length).toBeGreaterThan(800);
    expect(Math.min(...images.pixels.subarray(0, 784 * 50))).toBe(0);
    expect(Math.max(...images.pixels.subarray(0, 784 * 50))).toBeLessThanOrEqual(1);
  });

  it('downsample by averaging blocks', () => {
    const image: DigitImages = { side: 4, count: 1, labels: Int32Array.of(0), pixels: Float32Array.from({ length: 16 }, (_, i) => i) };
    expect(Array.from(downsample(image, 2).pixels)).toEqual([2.5, 4.5, 10.5, 12.5]);
  });
});

/** Per-pixel MSE of every image of `a` against every image of `b`, brute force. */
function nearestCopy(a: number[][], b: number[][]): number[] {
  return a.map((x) => Math.min(...b.map((y) => x.reduce((s, v, k) => s + (v - y[k]) ** 2, 0) / x.length)));
}

describe('vae-digits', () => {
  it('splits without overlap and sets ε below the error of copying the nearest training image', () => {
    const config = configOf(SMALL_RECONSTRUCTION);
    const dump = vaeDigits.dataset(config, Rng.fromSeed(1));
    const train = dump.examples.filter((e) => e.split === 'train').map((e) => e.mnistIndex);
    const heldout = dump.examples.filter((e) => e.split === 'heldout');
    expect(train).toHaveLength(60);
    expect(heldout).toHaveLength(40);
    expect(heldout.some((e) => train.includes(e.mnistIndex))).toBe(false);
    // Recompute the nearest-copy errors independently from the package's images.
    const images = downsample(mnistImages(), 4);
    const pixelsOf = (i: number) => Array.from(images.pixels.subarray(i * 49, (i + 1) * 49));
    const errors = nearestCopy(heldout.map((e) => pixelsOf(e.mnistIndex as number)), train.map((i) => pixelsOf(i as number)));
    heldout.forEach((e, k) => expect(e.nearestTrainCopyMse).toBeCloseTo(errors[k], 6));
    const sorted = [...errors].sort((a, b) => a - b);
    const epsilon = 0.5 * (sorted[19] + sorted[20]) / 2;
    expect(dump.description).toContain(`ε = ${epsilon.toPrecision(4)}`);
    // Chance is what a perfect memorizer scores: the held-out images whose nearest copy is within ε.
    const experiment = vaeDigits.setup(config, Rng.fromSeed(1));
    expect(experiment.chance).toBeCloseTo(errors.filter((x) => x < epsilon).length / 40, 12);
    expect(experiment.chance).toBeLessThan(0.5);
  });

  it('scored as first recorded, the fraction of images reconstructed within ε (a decoder that draws blank images, by hand)', () => {
    const config = configOf(SMALL_RECONSTRUCTION);
    const experiment = vaeDigits.setup(config, Rng.fromSeed(1));
    // Every parameter zero: the decoder outputs 0 everywhere, so an image's error is its mean square.
    const feeds = Object.fromEntries(experiment.graph.params.map(({ tensor }) => [tensor.name, new Float32Array(tensor.shape.reduce((a, b) => a * b, 1))]));
    const [heldoutScore] = evaluateReference([experiment.evaluation.heldout], feeds);
    const dump = vaeDigits.dataset(config, Rng.fromSeed(1));
    const images = downsample(mnistImages(), 4);
    const epsilon = Number(/ε = ([0-9.e-]+)/.exec(dump.description)![1]);
    const heldout = dump.examples.filter((e) => e.split === 'heldout').map((e) => e.mnistIndex as number);
    const blankError = (i: number) => images.pixels.subarray(i * 49, (i + 1) * 49).reduce((s, v) => s + v * v, 0) / 49;
    expect(heldoutScore[0]).toBeCloseTo(heldout.filter((i) => blankError(i) < epsilon).length / 40, 6);
  });

  it.each([
    [{ data: { tolerance: 0 } }, /data\.tolerance: tolerance must be > 0/],
    [{ data: { tolerance: -1 } }, /data\.tolerance: tolerance must be > 0/],
    [{ data: { tolerance: 1 } }, /data\.tolerance: tolerance must be < 1, below the error of copying/],
    [{ model: { latent: 0 } }, /model\.latent: the latent size must be at least 1/],
    [{ objective: { beta: -1 } }, /objective\.beta: beta must be ≥ 0/],
    [{ objective: { pixelVariance: 0 } }, /objective\.pixelVariance/],
    [{ evaluation: { densitySamples: 2.5 } }, /evaluation\.densitySamples/],
    [{ data: { ceiling: 'yes' } }, /data\.ceiling/],
  ])('rejects %o with one line naming the field', (overrides, message) => {
    expect(() => configOf(overrides)).toThrow(message);
  });

  it('refuses a latent that could copy the image, and more images than the package holds', () => {
    expect(() => vaeDigits.setup(configOf({ ...SMALL, model: { latent: 49 } }), Rng.fromSeed(0))).toThrow(ConfigError);
    expect(() => vaeDigits.setup(configOf({ data: { trainImages: 9000, heldoutImages: 2000 } }), Rng.fromSeed(0))).toThrow(/at most/);
  });

  it('both presets parse and cite their source; they differ only in the init scale (and budget)', () => {
    const quick = configOf();
    const large = configOf({}, 'large-init');
    expect(vaeDigits.presets['large-init'].source).toContain('Omnigrok');
    expect({ ...large, model: { ...large.model, initScale: 1 }, steps: quick.steps }).toEqual(quick);
    expect(large.model.initScale).toBe(8);
  });

  it('trains: the training −ELBO falls and companions are recorded', async () => {
    const config = configOf({ ...SMALL, model: { ...SMALL.model, initScale: 1 }, optimizer: { lr: 3e-3 } });
    const rng = Rng.fromSeed(0);
    const result = await train({ engine: new OrtEngine({ threads: 1 }), experiment: vaeDigits.setup(config, rng.split('data')), config, rng: { init: rng.split('init'), batches: rng.split('batches') } });
    expect(result.curve.at(-1)!.trainLoss).toBeLessThan(result.curve[0].trainLoss);
    expect(Object.keys(result.curve[0].extra ?? {})).toEqual(['heldoutReconstructionError', 'heldoutLogDensity', 'logDensityGap', 'heldoutElbo']);
  });
});

/** log N(x; m, v·I) for a D-pixel image, in float64. */
function gaussianLogDensity(x: ArrayLike<number>, m: ArrayLike<number> | null, variance: number): number {
  let quadratic = 0;
  for (let k = 0; k < x.length; k++) quadratic += (x[k] - (m ? m[k] : 0)) ** 2;
  return -0.5 * (quadratic / variance + x.length * Math.log(2 * Math.PI * variance));
}

describe('the memorizer density (Parzen window on the training images)', () => {
  const size = 4;
  const train = Float32Array.from([0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0.9, 1, 0, 0.1, 0.2, 0.1, 0, 0]);
  const heldout = Float32Array.from([0.1, 0, 0, 0, 1, 1, 1, 1]);
  const image = (pixels: Float32Array, i: number) => pixels.subarray(i * size, (i + 1) * size);
  const kde = (x: ArrayLike<number>, skip: number, variance: number) => {
    const terms = [0, 1, 2, 3, 4].filter((j) => j !== skip).map((j) => gaussianLogDensity(x, image(train, j), variance));
    const peak = Math.max(...terms);
    return peak + Math.log(terms.reduce((s, t) => s + Math.exp(t - peak), 0) / terms.length);
  };

  it('is the mixture of N(x_i, σ²·I) over the training images, leaving a training image out of its own', () => {
    const { variance, train: trainValues, heldout: heldoutValues } = memorizerDensity(train, heldout, size);
    for (let i = 0; i < 5; i++) expect(trainValues[i]).toBeCloseTo(kde(image(train, i), i, variance), 9);
    for (let i = 0; i < 2; i++) expect(heldoutValues[i]).toBeCloseTo(kde(image(heldout, i), -1, variance), 9);
  });

  it('takes the σ² that maximizes the training images’ leave-one-out likelihood', () => {
    const { variance } = memorizerDensity(train, heldout, size);
    const total = (v: number) => [0, 1, 2, 3, 4].reduce((s, i) => s + kde(image(train, i), i, v), 0);
    for (const factor of [10 ** (1 / 8), 10 ** (-1 / 8), 10, 0.1]) expect(total(variance)).toBeGreaterThan(total(variance * factor));
  });
});

describe('vae-digits density scores', () => {
  it('a model with every parameter zero has log p̂(x) = log N(x; 0, σ²·I) exactly, and counts the images where that beats the memorizer', () => {
    // Zero parameters: q(z | x) is the prior and the decoder draws a blank image whatever z is,
    // so every importance weight is N(x; 0, σ²·I) and the estimate is exact at any K.
    const config = configOf({ ...SMALL, evaluation: { densitySamples: 3 } });
    const experiment = vaeDigits.setup(config, Rng.fromSeed(1));
    const feeds = Object.fromEntries(experiment.graph.params.map(({ tensor }) => [tensor.name, new Float32Array(tensor.shape.reduce((a, b) => a * b, 1))]));
    const c = experiment.companions!;
    const [train, heldout, heldoutLoss, logDensity, elbo] = evaluateReference(
      [experiment.evaluation.train, experiment.evaluation.heldout, experiment.evaluation.heldoutLoss, c.heldoutLogDensity.value, c.heldoutElbo.value],
      feeds,
    ).map((v) => v[0]);
    const dump = vaeDigits.dataset(config, Rng.fromSeed(1));
    const images = downsample(mnistImages(), 4);
    const pixelsOf = (indices: number[]) => Float32Array.from(indices.flatMap((i) => Array.from(images.pixels.subarray(i * 49, (i + 1) * 49))));
    const trainIndices = dump.examples.filter((e) => e.split === 'train').map((e) => e.mnistIndex as number);
    const heldoutIndices = dump.examples.filter((e) => e.split === 'heldout').map((e) => e.mnistIndex as number);
    const blank = (i: number) => gaussianLogDensity(images.pixels.subarray(i * 49, (i + 1) * 49), null, config.objective.pixelVariance);
    const expected = heldoutIndices.reduce((s, i) => s + blank(i), 0) / heldoutIndices.length;
    expect(logDensity).toBeCloseTo(expected, 2);
    expect(elbo).toBeCloseTo(expected, 2);
    expect(heldoutLoss).toBeCloseTo(-expected, 2);
    const memorizer = memorizerDensity(pixelsOf(trainIndices), pixelsOf(heldoutIndices), 49);
    const beats = (indices: number[], baseline: Float64Array) => indices.filter((i, k) => blank(i) > baseline[k]).length / indices.length;
    expect(heldout).toBeCloseTo(beats(heldoutIndices, memorizer.heldout), 6);
    expect(train).toBeCloseTo(beats(trainIndices, memorizer.train), 6);
    expect(experiment.chance).toBe(0);
  });

  it('the ceiling configuration trains on the held-out images too, and scores the same split', () => {
    const plain = vaeDigits.setup(configOf(SMALL), Rng.fromSeed(1));
    const ceiling = vaeDigits.setup(configOf({ ...SMALL, data: { ...SMALL.data, ceiling: true } }), Rng.fromSeed(1));
    expect(plain.examplesPerStep).toBe(60);
    expect(ceiling.examplesPerStep).toBe(100);
    const feeds = Object.fromEntries(plain.graph.params.map(({ tensor }, i) => [tensor.name, Float32Array.from({ length: tensor.shape.reduce((a, b) => a * b, 1) }, (_, k) => 0.1 * Math.sin(i + k))]));
    const scores = (e: typeof plain) => evaluateReference([e.evaluation.train, e.evaluation.heldout, e.evaluation.heldoutLoss], feeds).map((v) => v[0]);
    expect(scores(ceiling)).toEqual(scores(plain));
  });
});
