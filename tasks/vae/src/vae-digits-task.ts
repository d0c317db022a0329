import { Graph, cast, gather, greater, less, mean, neg, square, sub, type Tensor } from '@grokbench/graph';
import {
  ConfigError,
  buildVae,
  elboTerms,
  gaussianLogLikelihood,
  importanceLogWeights,
  klWeight,
  logMeanExp,
  meanNegativeElbo,
  standardNormalNoise,
  type CompanionSeries,
  type DatasetDump,
  type ElboTerms,
  type Experiment,
  type Rng,
  type Task,
  type Vae,
  widenedPosterior,
} from '@grokbench/task-kit';
import { downsample, mnistImages, nearestCopyErrorsOf, squaredDistances, type DigitImages } from './digit-images.js';
import { memorizerDensity, type MemorizerDensity } from './memorizer-density.js';
import { largeInit, omnigrok, standardInit } from './presets/vae-digits-presets.js';
import { vaeDigitsConfigSchema, type VaeDigitsConfig } from './vae-digits-config.js';

interface DigitSplit {
  images: DigitImages;
  size: number;
  train: Int32Array;
  heldout: Int32Array;
  trainPixels: Float32Array;
  heldoutPixels: Float32Array;
  /** Squared distances [held-out, train] between the images: the nearest copies and the memorizer read them. */
  heldoutDistances: Float64Array;
  /** Per held-out image, the per-pixel MSE of copying the nearest training image. */
  nearestCopy: Float64Array;
  /** ε: an image is reconstructed when its per-pixel MSE is below it. */
  tolerance: number;
  /** The memorizer's density of each image, computed on first use (`memorizerOf`). */
  memorizer?: MemorizerDensity;
}

/**
 * Splits already built in this process, by data settings and drawn order: the nearest copies and
 * the memorizer cost seconds on 1,000 images, and setup, the dataset dump and tests ask for the
 * same split again.
 */
const splitCache = new Map<string, DigitSplit>();
const SPLIT_CACHE_SIZE = 4;

function memorizerOf(split: DigitSplit): MemorizerDensity {
  split.memorizer ??= memorizerDensity(split.trainPixels, split.heldoutPixels, split.size, split.heldoutDistances);
  return split.memorizer;
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
  const key = JSON.stringify([config.data.downsample, config.data.tolerance, order.slice(0, trainImages + heldoutImages), trainImages]);
  const cached = splitCache.get(key);
  if (cached) return cached;
  const size = images.side ** 2;
  const train = Int32Array.from(order.slice(0, trainImages));
  const heldout = Int32Array.from(order.slice(trainImages, trainImages + heldoutImages));
  const trainPixels = pixelsAt(images, train, size);
  const heldoutPixels = pixelsAt(images, heldout, size);
  const heldoutDistances = squaredDistances(heldoutPixels, trainPixels, size);
  const nearestCopy = nearestCopyErrorsOf(heldoutDistances, train.length, size);
  const split = { images, size, train, heldout, trainPixels, heldoutPixels, heldoutDistances, nearestCopy, tolerance: config.data.tolerance * median(nearestCopy) };
  if (splitCache.size >= SPLIT_CACHE_SIZE) splitCache.delete(splitCache.keys().next().value as string);
  splitCache.set(key, split);
  return split;
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

/**
 * The model's density of a baked-in image set, each image's log p̂(x) its own importance-weighted
 * estimate (IWAE, K = `samples` draws from q(z | x), σ widened by `evaluation.proposalScale`) of
 * log ∫ p(z) N(x; decoder(z), σ²·I) dz. An image counts as modelled when log p̂(x) exceeds
 * `baseline`, the density a perfect memorizer of the training images gives it
 * (`memorizerDensity`; without the image itself for a training image): `score` is the fraction
 * that do, `logDensity` the mean log p̂, `elbo` the β = 1 ELBO from the same draws.
 */
function density(g: Graph, name: string, vae: Vae, pixels: Float32Array, baseline: Float64Array, config: VaeDigitsConfig, samples: number, rng: Rng) {
  const proposalScale = config.evaluation.proposalScale;
  const size = pixels.length / baseline.length;
  const n = baseline.length;
  const x = g.constant(`${name}/density/pixels`, pixels, [n, size]);
  const drawShape = [samples, n, vae.latent];
  const noise = g.constant(`${name}/density/noise`, standardNormalNoise(rng, 0, drawShape, `density/${name}`).data, drawShape);
  const logWeights = importanceLogWeights({
    posterior: widenedPosterior(vae.encode(x), proposalScale),
    noise,
    logLikelihood: (latents, rows) => gaussianLogLikelihood(vae.decode(latents), gather(x, rows), config.objective.pixelVariance),
  });
  const logDensities = logMeanExp(logWeights);
  const threshold = g.constant(`${name}/density/memorizer`, Float32Array.from(baseline), [n]);
  return { score: mean(cast(greater(logDensities, threshold), 'float32')), logDensity: mean(logDensities), elbo: mean(logWeights) };
}

function imageElboTerms(vae: Vae, x: Tensor, config: VaeDigitsConfig, noise: Tensor | null): ElboTerms {
  return elboTerms(vae, x, (decoded) => gaussianLogLikelihood(decoded, x, config.objective.pixelVariance), noise);
}

type Reconstruction = ReturnType<typeof reconstruction>;

/** The scores as first recorded (`evaluation.densitySamples` null): reconstruction within ε at z = μ. */
function reconstructionScores(train: Reconstruction, heldout: Reconstruction, split: DigitSplit, beta: number) {
  return {
    evaluation: { train: train.score, heldout: heldout.score, trainLoss: train.negElbo, heldoutLoss: heldout.negElbo },
    companions: {
      heldoutReconstructionError: { value: heldout.meanError, better: 'lower', description: 'held-out mean per-pixel MSE of the reconstruction, z at the encoder mean' },
      heldoutNegativeElbo: { value: heldout.negElbo, better: 'lower', description: `held-out −ELBO (β = ${beta}), z at the encoder mean, nats per image` },
    } satisfies Record<string, CompanionSeries>,
    // What a perfect memorizer scores: the held-out images whose nearest training copy is within ε.
    chance: split.nearestCopy.filter((e) => e < split.tolerance).length / split.nearestCopy.length,
  };
}

/** The density scores (`density`) of both sets against the memorizer; the losses are the mean −log p̂. */
function densityScores(g: Graph, vae: Vae, heldout: Reconstruction, split: DigitSplit, config: VaeDigitsConfig, samples: number, rng: Rng) {
  const memorizer = memorizerOf(split);
  const trainDensity = density(g, 'train', vae, split.trainPixels, memorizer.train, config, samples, rng);
  const heldoutDensity = density(g, 'heldout', vae, split.heldoutPixels, memorizer.heldout, config, samples, rng);
  return {
    evaluation: { train: trainDensity.score, heldout: heldoutDensity.score, trainLoss: neg(trainDensity.logDensity), heldoutLoss: neg(heldoutDensity.logDensity) },
    companions: {
      heldoutReconstructionError: { value: heldout.meanError, better: 'lower', description: 'held-out mean per-pixel MSE of the reconstruction, z at the encoder mean' },
      heldoutLogDensity: {
        value: heldoutDensity.logDensity,
        better: 'higher',
        description: `held-out mean log p̂(x) per image (IWAE, K = ${samples}), nats; the training-set memorizer's is ${mean64(memorizer.heldout).toFixed(1)}`,
      },
      logDensityGap: { value: sub(trainDensity.logDensity, heldoutDensity.logDensity), better: 'lower', description: `train − held-out mean log p̂(x) (IWAE, K = ${samples}), nats per image` },
      heldoutElbo: { value: heldoutDensity.elbo, better: 'higher', description: `held-out ELBO at β = 1 (a bound on log p(x), from the same K = ${samples} draws), nats per image` },
    } satisfies Record<string, CompanionSeries>,
    // The memorizer itself never exceeds its own density.
    chance: 0,
  };
}

function mean64(values: Float64Array): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/**
 * A VAE of handwritten digits with a Gaussian likelihood (the reconstruction term is an MSE, as in
 * Omnigrok's MNIST runs), trained full-batch on `trainImages` images without their labels (and on
 * the held-out ones too with `data.ceiling`, which measures the score's ceiling: what the model
 * reaches on images it has seen). The scores compare each image's density under the model with
 * its density under a memorizer of the training images (`density`); the first recorded runs
 * thresholded the reconstruction error instead (`reconstruction`).
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
  const beta = config.objective.beta;
  const samples = config.evaluation.densitySamples;
  const scores = samples === null ? reconstructionScores(train, heldout, split, beta) : densityScores(g, vae, heldout, split, config, samples, rng);
  const trained = config.data.ceiling ? concatPixels(split.trainPixels, split.heldoutPixels) : split.trainPixels;
  const rows = trained.length / split.size;
  const x = g.constant('batch/pixels', trained, [rows, split.size]);
  const noise = g.input('vae/noise', [rows, config.model.latent]);
  const trainingBeta = klWeight(g, config.objective);
  return {
    graph: g,
    loss: meanNegativeElbo(imageElboTerms(vae, x, config, noise), trainingBeta.value),
    evaluation: scores.evaluation,
    companions: scores.companions,
    chance: scores.chance,
    examplesPerStep: rows,
    nextBatch: (step, batchRng) => ({ [noise.name]: standardNormalNoise(batchRng, step, noise.shape), ...trainingBeta.feeds(step) }),
  };
}

function concatPixels(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
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
    'a VAE of 1,000 handwritten digits (mnist package, 14×14) without labels; scored by the fraction of held-out digits to which it gives a higher density (importance-weighted log p̂) than a memorizer of the training digits does',
  configSchema: vaeDigitsConfigSchema,
  presets: { quick: standardInit, 'large-init': largeInit, omnigrok },
  setup: vaeDigitsExperiment,
  dataset: vaeDigitsDataset,
};
