import { Graph, accuracy, add, gather, logSoftmax, mean, mul, neg, oneHot, reshape, slice, sub, sum, type Tensor, type HostTensor } from '@grokbench/graph';
import {
  EpochSampler,
  embeddingFourierIpr,
  logitCircuitMeasures,
  paramTensor,
  residueOrder,
  type ResidueRows,
  buildVae,
  categoricalLogLikelihood,
  elboTerms,
  importanceLogWeights,
  importanceWeightedLogMarginal,
  klWeight,
  logMeanExp,
  meanNegativeElbo,
  splitExamples,
  standardNormalNoise,
  type DatasetDump,
  type ElboTerms,
  type CompanionSeries,
  type Experiment,
  type Rng,
  type Split,
  type Task,
  type Vae,
  widenedPosterior,
} from '@grokbench/task-kit';
import { maskCompletion, maskOneSlot, TRIPLE_OPERATIONS, tripleTable, triplesAt, type TripleTable } from './modular-triples.js';
import { quick } from './presets/vae-modular-quick.js';
import { vaeModularConfigSchema, type VaeModularConfig } from './vae-modular-config.js';

const SLOTS = 3;

/** The split every consumer of a run's data uses: setup and the dataset dump agree by construction. */
function splitTriples(table: TripleTable, config: VaeModularConfig, rng: Rng): Split {
  return splitExamples(table.count, config.data.trainFraction, rng.split('split'));
}

/** The decoder's 3·p outputs as one categorical per slot, [n, 3, p]. */
const slotLogits = (decoded: Tensor, p: number) => reshape(decoded, [decoded.shape[0], SLOTS, p]);

/** The ELBO's terms for the full triples `targets` [n, 3], with q(z | `visible`) and z = μ + σ·ε (μ without noise). */
function tripleElboTerms(vae: Vae, visible: Tensor, targets: Tensor, p: number, noise: Tensor | null): ElboTerms {
  return elboTerms(vae, visible, (decoded) => categoricalLogLikelihood(slotLogits(decoded, p), targets), noise);
}

/**
 * How well the model completes the triples at `indices` from (a, b): the encoder sees (a, b, mask),
 * z is its mean, and the decoder's distribution over the third slot is read. Every term of the
 * ELBO but log p(c′ | z) is the same for all candidates c′, so ranking the candidates by ELBO is
 * ranking them by the decoder: `score` is the fraction whose true c ranks first (ties to the
 * smallest c′), `logProb` the mean log p(c | z), the score's continuous form, and `negativeElbo`
 * the mean −ELBO_β of the whole triple given that view. All three read one encoder–decoder pass.
 */

/** Rows of the encoder's first layer for slots a (0) and b (1): slot s, value v is row s·(p + 1) + v. */
function encoderResidueRows(g: Graph, p: number): ResidueRows[] {
  const table = paramTensor(g, 'vae/encoder/layer_1/weight');
  const order = residueOrder(p, 'additive');
  return [0, 1].map((slot) => ({ table, order: order.map((v) => slot * (p + 1) + v) }));
}

function completion(g: Graph, name: string, vae: Vae, table: TripleTable, indices: Int32Array, beta: number) {
  const { p } = table;
  const n = indices.length;
  const triples = triplesAt(table, indices);
  const targets = g.constant(`${name}/triples`, triples, [n, SLOTS], 'int32');
  const visible = g.constant(`${name}/visible`, maskCompletion(triples, p), [n, SLOTS], 'int32');
  const terms = tripleElboTerms(vae, visible, targets, p, null);
  const completionLogits = reshape(slice(slotLogits(terms.decoded, p), 1, 2, 3), [n, p]);
  const truth = reshape(slice(targets, 1, 2, 3), [n]);
  return {
    completionLogits,
    answers: Int32Array.from({ length: n }, (_, i) => triples[i * SLOTS + 2]),
    score: accuracy(completionLogits, truth),
    logProb: mean(categoricalLogLikelihood(completionLogits, truth)),
    negativeElbo: meanNegativeElbo(terms, beta),
  };
}

/**
 * The model's density of the triples at `indices` and of every alternative completion: for each
 * (a, b), log p̂(a, b, c′) for all p candidates c′, each its own importance-weighted estimate
 * (IWAE, K = `samples` draws) of log ∫ p(z) p(a | z) p(b | z) p(c′ | z) dz. The proposal is the
 * masked-view encoder q(z | a, b, mask), its σ widened by `proposalScale` — the distribution
 * training fits to the posterior of the whole triple (the ELBO of a view with c hidden bounds
 * log p(a, b, c)) — and the candidates share its draws, so they are compared on the same z's
 * (common random numbers). p̂(a, b, c′) / Σ_c″
 * p̂(a, b, c″) is then the model's predictive p̂(c′ | a, b): `score` is the fraction whose true c
 * has the highest density (ties to the smallest c′), `completionLogProb` the mean log p̂(c | a, b)
 * of the true c, `logDensity` the mean log p̂(a, b, c) of the true triples (a perfect model of the
 * valid triples has −2 ln p), and `elbo` the β = 1 ELBO of the true triples from the same draws.
 * A model that copies its input cannot rank: the proposal never sees c′.
 */
function densityRanking(g: Graph, name: string, vae: Vae, table: TripleTable, indices: Int32Array, evaluation: DensityEvaluation, rng: Rng) {
  const { samples, proposalScale } = evaluation;
  const { p } = table;
  const n = indices.length;
  const triples = triplesAt(table, indices);
  const targets = g.constant(`${name}/density/triples`, triples, [n, SLOTS], 'int32');
  const posterior = widenedPosterior(vae.encode(g.constant(`${name}/density/visible`, maskCompletion(triples, p), [n, SLOTS], 'int32')), proposalScale);
  const drawShape = [samples, n, vae.latent];
  const noise = g.constant(`${name}/density/noise`, standardNormalNoise(rng, 0, drawShape, `density/${name}`).data, drawShape);
  // log p(a | z) + log p(b | z) for each draw, beside log p(c′ | z) for every candidate: [K·n, p].
  const candidateLogLikelihoods = (latents: Tensor, rows: Tensor) => {
    const logits = slotLogits(vae.decode(latents), p);
    const known = categoricalLogLikelihood(slice(logits, 1, 0, 2), slice(gather(targets, rows), 1, 0, 2));
    const completions = logSoftmax(reshape(slice(logits, 1, 2, 3), [samples * n, p]), -1);
    return add(reshape(known, [samples * n, 1]), completions);
  };
  const logWeights = importanceLogWeights({ posterior, noise, logLikelihood: candidateLogLikelihoods });
  const logDensities = logMeanExp(logWeights);
  const truth = reshape(slice(targets, 1, 2, 3), [n]);
  const isTruth = oneHot(truth, p);
  const pickTruth = (perCandidate: Tensor) => sum(mul(perCandidate, isTruth), 1);
  return {
    score: accuracy(logDensities, truth),
    completionLogProb: mean(pickTruth(logSoftmax(logDensities, -1))),
    logDensity: mean(pickTruth(logDensities)),
    elbo: mean(pickTruth(mean(logWeights, [0]))),
  };
}

/**
 * What one step trains on: every training triple (or a minibatch of them), each with one slot
 * hidden from the encoder, a new slot and new noise ε every step from the run's batch stream.
 */
function trainingInputs(g: Graph, config: VaeModularConfig, table: TripleTable, split: Split) {
  const { p } = table;
  const full = config.batchSize === null || config.batchSize >= split.train.length;
  const rows = full ? split.train.length : (config.batchSize as number);
  const targets = g.input('batch/triples', [rows, SLOTS], 'int32');
  const visible = g.input('batch/visible', [rows, SLOTS], 'int32');
  // K > 1 draws per example train the importance-weighted bound; one draw keeps the ELBO's graph.
  const draws = config.objective.importanceSamples;
  const noise = g.input('vae/noise', draws > 1 ? [draws, rows, config.model.latent] : [rows, config.model.latent]);
  const sampler = full ? null : new EpochSampler(split.train);
  const allTrain = triplesAt(table, split.train);
  const nextBatch = (step: number, rng: Rng): Record<string, HostTensor> => {
    const triples = sampler ? triplesAt(table, sampler.batch(step, rows, rng)) : allTrain;
    const masks = rng.split(`mask/${step}`);
    return {
      [targets.name]: { dtype: 'int32', shape: targets.shape, data: triples },
      [visible.name]: { dtype: 'int32', shape: visible.shape, data: maskOneSlot(triples, p, () => masks.uniform()) },
      [noise.name]: standardNormalNoise(rng, step, noise.shape),
    };
  };
  return { targets, visible, noise, nextBatch };
}

/**
 * The loss of a step: −ELBO_β of the training views, or with `beta` null (K > 1 draws in the
 * noise) the negative importance-weighted bound of the whole triples, q(z | view) the proposal.
 */
function trainingLoss(vae: Vae, inputs: ReturnType<typeof trainingInputs>, p: number, beta: number | Tensor | null): Tensor {
  if (beta !== null) return meanNegativeElbo(tripleElboTerms(vae, inputs.visible, inputs.targets, p, inputs.noise), beta);
  const bound = importanceWeightedLogMarginal({
    posterior: vae.encode(inputs.visible),
    noise: inputs.noise,
    logLikelihood: (latents, rows) => categoricalLogLikelihood(slotLogits(vae.decode(latents), p), gather(inputs.targets, rows)),
  });
  return neg(mean(bound));
}

type Completion = ReturnType<typeof completion>;

/** K draws per input, from q(z | view) with its σ times `proposalScale`. */
interface DensityEvaluation {
  samples: number;
  proposalScale: number;
}

/** The scores as first recorded (`evaluation.densitySamples` null): the decoder's c at z = μ, −ELBO_β. */
function decoderScores(train: Completion, heldout: Completion, beta: number) {
  return {
    evaluation: { train: train.score, heldout: heldout.score, trainLoss: train.negativeElbo, heldoutLoss: heldout.negativeElbo },
    companions: {
      heldoutNegativeElbo: {
        // The objective's own β: with β < 1 the β = 1 bound of a trained model is worse than that of
        // the collapsed model at step 0, so it would time nothing.
        value: heldout.negativeElbo,
        better: 'lower',
        description: `held-out −ELBO (β = ${beta}, the training objective) of the whole triple with z at the mean of q(z | a, b, mask), nats`,
      },
      heldoutCompletionLogProb: {
        value: heldout.logProb,
        better: 'higher',
        description: 'held-out mean log p(c | z) of the true completion, z at the mean of q(z | a, b, mask), nats',
      },
    } satisfies Record<string, CompanionSeries>,
  };
}

/** The density scores (`densityRanking`) of both sets; the losses are the mean −log p̂ of the true triples. */
function densityScores(g: Graph, vae: Vae, table: TripleTable, split: Split, evaluation: DensityEvaluation, rng: Rng) {
  const samples = evaluation.samples;
  const train = densityRanking(g, 'train', vae, table, split.train, evaluation, rng);
  const heldout = densityRanking(g, 'heldout', vae, table, split.heldout, evaluation, rng);
  const ideal = (-2 * Math.log(table.p)).toFixed(2);
  return {
    evaluation: { train: train.score, heldout: heldout.score, trainLoss: neg(train.logDensity), heldoutLoss: neg(heldout.logDensity) },
    companions: {
      heldoutCompletionLogProb: {
        value: heldout.completionLogProb,
        better: 'higher',
        description: `held-out mean log p̂(c | a, b) of the true completion, from the density estimates of all p completions (IWAE, K = ${samples}), nats`,
      },
      heldoutLogDensity: {
        value: heldout.logDensity,
        better: 'higher',
        description: `held-out mean log p̂(a, b, c) per triple (IWAE, K = ${samples}), nats; a perfect model of the valid triples has −2 ln p = ${ideal}`,
      },
      logDensityGap: {
        value: sub(train.logDensity, heldout.logDensity),
        better: 'lower',
        description: `train − held-out mean log p̂(a, b, c) (IWAE, K = ${samples}), nats: what memorization adds to the training triples' density`,
      },
      heldoutElbo: {
        value: heldout.elbo,
        better: 'higher',
        description: `held-out ELBO at β = 1 (a bound on log p(a, b, c), from the same K = ${samples} draws), nats`,
      },
    } satisfies Record<string, CompanionSeries>,
  };
}

/**
 * A VAE of the valid triples (a, b, a ∘ b mod p) trained on a seeded fraction of them, without
 * labels: the decoder reconstructs the whole triple from a latent inferred from a view with one
 * random slot hidden (any q gives a lower bound on log p(x), so at β = 1 this is the ELBO of a
 * generative model p(z)·p(x | z); at β < 1 it is the β-VAE objective, not a bound). The scores
 * rank the completions of (a, b) by the model's density (`densityRanking`); the first recorded
 * runs read the decoder at z = μ instead (`completion`).
 */
function vaeModularExperiment(config: VaeModularConfig, rng: Rng): Experiment {
  const table = tripleTable(config.data.p, config.data.operation);
  const { p } = table;
  const split = splitTriples(table, config, rng);
  const g = new Graph();
  // Each slot's input takes p + 1 values: the residues and the mask.
  const vae = buildVae(g, config.model, { input: { kind: 'categorical', slots: SLOTS, classes: p + 1 }, outputs: SLOTS * p });
  const beta = config.objective.beta;
  const train = completion(g, 'train', vae, table, split.train, beta);
  const heldout = completion(g, 'heldout', vae, table, split.heldout, beta);
  const { densitySamples: samples, proposalScale } = config.evaluation;
  const scores = samples === null ? decoderScores(train, heldout, beta) : densityScores(g, vae, table, split, { samples, proposalScale }, rng);
  const inputs = trainingInputs(g, config, table, split);
  const trainingBeta = klWeight(g, config.objective);
  return {
    graph: g,
    loss: trainingLoss(vae, inputs, p, config.objective.importanceSamples > 1 ? null : trainingBeta.value),
    evaluation: scores.evaluation,
    companions: {
      // The encoder's first layer holds a row per (slot, value): slots a and b, values 0..p−1, are residue tables.
      embeddingFourierIpr: embeddingFourierIpr(g, encoderResidueRows(g, p), 'the encoder’s rows for a and b over Z_p'),
      // The decoder's c-logits given (a, b) over every pair: the same table a classifier's logits form.
      // Its "training loss" is −log p(c | z) on the training triples, the completion the VAE never
      // trains on directly.
      ...logitCircuitMeasures(
        g,
        {
          sets: [
            { logits: train.completionLogits, target: train.answers, labels: train.answers },
            { logits: heldout.completionLogits, target: heldout.answers },
          ],
          classIndex: residueOrder(p, 'additive'),
          order: p,
        },
        'the decoder’s c-logit table given (a, b), z at the mean of q(z | a, b, mask)',
      ),
      ...scores.companions,
    },
    chance: 1 / p,
    examplesPerStep: inputs.targets.shape[0],
    nextBatch: (step, batchRng) => ({ ...inputs.nextBatch(step, batchRng), ...trainingBeta.feeds(step) }),
  };
}

function vaeModularDataset(config: VaeModularConfig, rng: Rng): DatasetDump {
  const table = tripleTable(config.data.p, config.data.operation);
  const split = splitTriples(table, config, rng);
  const isTrain = new Uint8Array(table.count);
  for (const i of split.train) isTrain[i] = 1;
  const examples = Array.from({ length: table.count }, (_, i) => ({
    a: table.values[i * 3],
    b: table.values[i * 3 + 1],
    c: table.values[i * 3 + 2],
    split: isTrain[i] ? 'train' : 'heldout',
  }));
  const { equation } = TRIPLE_OPERATIONS[config.data.operation];
  return { description: `triples (a, b, c) with ${equation}, p = ${config.data.p}, train fraction ${config.data.trainFraction}`, examples };
}

export const vaeModular: Task<VaeModularConfig> = {
  id: 'vae-modular',
  paradigm: 'unsupervised',
  // The score is the argmax of the completion distribution whose log-probability this is.
  primaryCompanion: 'heldoutCompletionLogProb',
  description:
    'a VAE of the triples (a, b, (a + b) mod p), trained without labels on views with one slot hidden; scored by ranking the p completions of each held-out (a, b) by the model’s density (importance-weighted log p̂)',
  configSchema: vaeModularConfigSchema,
  presets: { quick },
  setup: vaeModularExperiment,
  dataset: vaeModularDataset,
};
