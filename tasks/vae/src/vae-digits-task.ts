import { Graph, cast, less, mean, square, sub, type Tensor } from '@grokbench/graph';
import {
  ConfigError,
  buildVae,
  elboTerms,
  gaussianLogLikelihood,
  meanNegativeElbo,
  standardNormalNoise,
  type DatasetDump,
  type ElboTerms,
  type Experiment,
  type Rng,
  type Task,
  type Vae,
} from '@grokbench/task-kit';
import { downsample, mnistImages, nearestCopyErrors, type DigitImages } from './digit-images.js';
import { largeInit, standardInit } from './presets/vae-digits-presets.js';
import { vaeDigitsConfigSchema, type VaeDigitsConfig } from './vae-digits-config.js';

interface DigitSplit {
  images: DigitImages;
  size: number;
  train: Int32Array;
  heldout: Int32Array;
  trainPixels: Float32Array;
  heldoutPixels: Float32Array;
  /** Per held-out image, the per-pixel MSE of copying the nearest training image. */
  nearestCopy: Float64Array;
  /** ε: an image is reconstructed when its per-pixel MSE is below it. */
  tolerance: number;
}

function pixelsAt(images: DigitImages, indices: Int32Array, size: number): Float32Array {
  const out = new Float32Array(indices.length * size);
  indices.forEach((image, row) => out.set(images.pixels.subarray(image * size, (image + 1) * size), row * size));
  return out;
}

function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The seeded split (shuffle every image, train on the first `trainImages`, hold out the next
 * `heldoutImages`) and the tolerance: ε = `tolerance` × the median, over held-out images, of the
 * error of copying the nearest training image. So reconstructing a held-out image within ε takes
 * more than recalling a training image, and the score's chance level is the fraction of held-out
 * images whose nearest copy is already within ε (what a perfect memorizer gets).
 */
function splitDigits(config: VaeDigitsConfig, rng: Rng): DigitSplit {
  const images = downsample(mnistImages(), config.data.downsample);
  const { trainImages, heldoutImages } = config.data;
  if (trainImages + heldoutImages > images.count) {
    throw new ConfigError(`data: trainImages + heldoutImages must be at most ${images.count} (the images in the mnist package), got ${trainImages + heldoutImages}`);
  }
  const order = rng.split('split').shuffle(Array.from({ length: images.count }, (_, i) => i));
  const size = images.side ** 2;
  const train = Int32Array.from(order.slice(0, trainImages));
  const heldout = Int32Array.from(order.slice(trainImages, trainImages + heldoutImages));
  const trainPixels = pixelsAt(images, train, size);
  const heldoutPixels = pixelsAt(images, heldout, size);
  const nearestCopy = nearestCopyErrors(heldoutPixels, trainPixels, size);
  return { images, size, train, heldout, trainPixels, heldoutPixels, nearestCopy, tolerance: config.data.tolerance * median(nearestCopy) };
}

/**
 * Reconstruction of a baked-in image set with z at the encoder mean: the score, the mean error and
 * −ELBO_β, all from one encoder–decoder pass.
 */
function reconstruction(g: Graph, name: string, vae: Vae, pixels: Float32Array, split: DigitSplit, config: VaeDigitsConfig) {
  const n = pixels.length / split.size;
  const x = g.constant(`${name}/pixels`, pixels, [n, split.size]);
  const terms = imageElboTerms(vae, x, config, null);
  const errors = mean(square(sub(terms.decoded, x)), 1);
  const negElbo = meanNegativeElbo(terms, config.objective.beta);
  return { score: mean(cast(less(errors, split.tolerance), 'float32')), meanError: mean(errors), negElbo };
}

function imageElboTerms(vae: Vae, x: Tensor, config: VaeDigitsConfig, noise: Tensor | null): ElboTerms {
  return elboTerms(vae, x, (decoded) => gaussianLogLikelihood(decoded, x, config.objective.pixelVariance), noise);
}

/**
 * A VAE of handwritten digits with a Gaussian likelihood (the reconstruction term is an MSE, as in
 * Omnigrok's MNIST runs), trained full-batch on `trainImages` images without their labels.
 */
function vaeDigitsExperiment(config: VaeDigitsConfig, rng: Rng): Experiment {
  const split = splitDigits(config, rng);
  if (config.model.latent >= split.size) {
    throw new ConfigError(`model.latent: must be below the ${split.size} pixels of an image (a latent that wide can copy its input), got ${config.model.latent}`);
  }
  const g = new Graph();
  const vae = buildVae(g, config.model, { input: { kind: 'dense', size: split.size }, outputs: split.size });
  const train = reconstruction(g, 'train', vae, split.trainPixels, split, config);
  const heldout = reconstruction(g, 'heldout', vae, split.heldoutPixels, split, config);
  const x = g.constant('batch/pixels', split.trainPixels, [split.train.length, split.size]);
  const noise = g.input('vae/noise', [split.train.length, config.model.latent]);
  const beta = config.objective.beta;
  const chance = split.nearestCopy.filter((e) => e < split.tolerance).length / split.nearestCopy.length;
  return {
    graph: g,
    loss: meanNegativeElbo(imageElboTerms(vae, x, config, noise), beta),
    evaluation: { train: train.score, heldout: heldout.score, trainLoss: train.negElbo, heldoutLoss: heldout.negElbo },
    companions: {
      heldoutReconstructionError: { value: heldout.meanError, better: 'lower', description: 'held-out mean per-pixel MSE of the reconstruction, z at the encoder mean' },
      heldoutNegativeElbo: { value: heldout.negElbo, better: 'lower', description: `held-out −ELBO (β = ${beta}), z at the encoder mean, nats per image` },
    },
    chance,
    examplesPerStep: split.train.length,
    nextBatch: (step, batchRng) => ({ [noise.name]: standardNormalNoise(batchRng, step, noise.shape) }),
  };
}

function vaeDigitsDataset(config: VaeDigitsConfig, rng: Rng): DatasetDump {
  const split = splitDigits(config, rng);
  const row = (image: number, which: string, nearest: number | null) => ({ mnistIndex: image, digit: split.images.labels[image], split: which, nearestTrainCopyMse: nearest });
  return {
    description:
      `${split.train.length} training and ${split.heldout.length} held-out digits of the mnist package (${split.images.side}×${split.images.side}); ` +
      `tolerance ε = ${split.tolerance.toPrecision(4)} per-pixel MSE = ${config.data.tolerance} × the median held-out error of copying the nearest training image`,
    examples: [...Array.from(split.train, (i) => row(i, 'train', null)), ...Array.from(split.heldout, (i, k) => row(i, 'heldout', split.nearestCopy[k]))],
  };
}

export const vaeDigits: Task<VaeDigitsConfig> = {
  id: 'vae-digits',
  paradigm: 'unsupervised',
  // The score thresholds the per-image reconstruction error.
  primaryCompanion: 'heldoutReconstructionError',
  description:
    'a VAE of 1,000 handwritten digits (mnist package, 14×14) without labels; scored by the fraction of held-out digits reconstructed within ε, below the error of copying the nearest training digit',
  configSchema: vaeDigitsConfigSchema,
  presets: { quick: standardInit, 'large-init': largeInit },
  setup: vaeDigitsExperiment,
  dataset: vaeDigitsDataset,
};
