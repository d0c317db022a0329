import { add, gather, mean, mul, neg, reshape, sum, type Graph, type Tensor } from '@grokbench/graph';
import { activate, applyLinear, linearParams, type LinearParams } from '../models/layers.js';
import { gaussianKl, gaussianPosterior, posteriorMean, reparameterize, type GaussianPosterior } from './gaussian-latent.js';
import type { VaeModelConfig } from './unsupervised-config.js';

/** An encoder to a diagonal Gaussian posterior and a decoder from latents to the likelihood's parameters. */
export interface Vae {
  latent: number;
  encode(x: Tensor): GaussianPosterior;
  decode(z: Tensor): Tensor;
}

/**
 * Linear layers `sizes[0] → … → sizes.at(-1)` with the activation between them (not after the
 * last). Weights and biases start at nn.Linear's U(±1/√fan-in) times `initScale`: Omnigrok's α
 * (Liu et al. 2023 scale every parameter's initialization by α to move a run along the
 * memorization → grokking axis).
 */
function mlpStack(g: Graph, name: string, sizes: readonly number[], config: VaeModelConfig, firstLayer: FirstLayer = applyLinear): (x: Tensor) => Tensor {
  const layers: LinearParams[] = [];
  for (let i = 1; i < sizes.length; i++) {
    const limit = config.initScale / Math.sqrt(sizes[i - 1]);
    const init = { weight: { kind: 'uniform', limit } as const, bias: { kind: 'uniform', limit } as const };
    layers.push(linearParams(g, `${name}/layer_${i}`, sizes[i - 1], sizes[i], true, init));
  }
  return (x) => layers.reduce((h, layer, i) => (i === 0 ? firstLayer(h, layer) : applyLinear(activate(h, config.activation), layer)), x);
}

type FirstLayer = (x: Tensor, layer: LinearParams) => Tensor;

/**
 * The first layer applied to categorical inputs, int32 [B, slots] with values in 0..classes−1:
 * the same as a linear layer on the concatenated one-hots [B, slots·classes], computed as one
 * gather of rows slot·classes + value and a sum over slots, so no one-hot is ever built.
 */
function categoricalFirstLayer(g: Graph, slots: number, classes: number): FirstLayer {
  const offsets = g.constant('vae/encoder/slot_offsets', Int32Array.from({ length: slots }, (_, i) => i * classes), [slots], 'int32');
  return (x, layer) => {
    const batch = x.shape[0];
    if (x.dtype !== 'int32' || x.rank !== 2 || x.shape[1] !== slots) throw new Error(`vae encoder: expects int32 values [B, ${slots}], got ${x}`);
    const rows = gather(layer.weight, reshape(add(x, offsets), [batch * slots]));
    const summed = sum(reshape(rows, [batch, slots, layer.weight.shape[1]]), 1);
    return layer.bias ? add(summed, layer.bias) : summed;
  };
}

/** What the encoder reads: float features [B, size], or categorical values [B, slots] of `classes` each. */
export type VaeInput = { kind: 'dense'; size: number } | { kind: 'categorical'; slots: number; classes: number };

/**
 * A VAE of MLPs (Kingma & Welling 2014): `depth` hidden layers of `hidden` units in the encoder
 * (inputs → 2·latent: μ and log σ²) and the same in the decoder (latent → outputs).
 */
export function buildVae(g: Graph, config: VaeModelConfig, dims: { input: VaeInput; outputs: number }): Vae {
  const hiddenSizes = Array.from({ length: config.depth }, () => config.hidden);
  const { input } = dims;
  const inputs = input.kind === 'dense' ? input.size : input.slots * input.classes;
  const first = input.kind === 'dense' ? applyLinear : categoricalFirstLayer(g, input.slots, input.classes);
  const encoder = mlpStack(g, 'vae/encoder', [inputs, ...hiddenSizes, 2 * config.latent], config, first);
  const decoder = mlpStack(g, 'vae/decoder', [config.latent, ...hiddenSizes, dims.outputs], config);
  return { latent: config.latent, encode: (x) => gaussianPosterior(encoder(x), config.latent), decode: decoder };
}

/** Per-row ELBO terms: log p(x | z) and KL(q(z | x) ‖ N(0, I)), both [B], and the decoder output they came from. */
export interface ElboTerms {
  logLikelihood: Tensor;
  kl: Tensor;
  /** decode(z): what a reconstruction or a completion reads, without a second decoder pass. */
  decoded: Tensor;
}

/**
 * The ELBO's terms for inputs `x`, with z = μ + σ·ε when `noise` ε is given and z = μ otherwise
 * (the deterministic latent evaluations use). `logLikelihood(decoded)` scores the decoder's
 * output against `x` per row.
 */
export function elboTerms(vae: Vae, x: Tensor, logLikelihood: (decoded: Tensor) => Tensor, noise: Tensor | null): ElboTerms {
  const posterior = vae.encode(x);
  const z = noise ? reparameterize(posterior, noise) : posteriorMean(posterior);
  const decoded = vae.decode(z);
  return { logLikelihood: logLikelihood(decoded), kl: gaussianKl(posterior), decoded };
}

/** Per-row −ELBO with the KL weighted by β (β = 1: the true bound; Higgins et al. 2017 for β ≠ 1). */
export function negativeElbo(terms: ElboTerms, beta: number | Tensor): Tensor {
  return add(neg(terms.logLikelihood), mul(terms.kl, beta));
}

/** The training loss: the batch mean of −ELBO_β. */
export function meanNegativeElbo(terms: ElboTerms, beta: number | Tensor): Tensor {
  return mean(negativeElbo(terms, beta));
}
