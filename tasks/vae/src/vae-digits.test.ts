import { evaluateReference } from '@grokbench/graph';
import { ConfigError, Rng, mergeConfig, parseConfig } from '@grokbench/task-kit';
import { OrtEngine, train } from '@grokbench/trainer';
import { describe, expect, it } from 'vitest';
import { downsample, mnistImages, vaeDigits, vaeDigitsConfigSchema, type DigitImages, type VaeDigitsConfig } from './index.js';

const SMALL = { data: { trainImages: 60, heldoutImages: 40, downsample: 4 }, model: { hidden: 32, latent: 4 }, steps: 40, evalEvery: 10 };

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
    const config = configOf(SMALL);
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

  it('scores the fraction of images reconstructed within ε (a decoder that draws blank images, by hand)', () => {
    const config = configOf(SMALL);
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
    expect(Object.keys(result.curve[0].extra ?? {})).toEqual(['heldoutReconstructionError', 'heldoutNegativeElbo']);
  });
});
