import { Graph, accuracy, crossEntropy, stableCrossEntropy, type Tensor } from '@grokbench/graph';
import type { HostTensor } from '@grokbench/graph';
import { MLP_RESIDUE_EMBEDDINGS } from '../models/mlp.js';
import { TRANSFORMER_RESIDUE_EMBEDDINGS } from '../models/transformer.js';
import { buildModel, type Model } from '../models/model.js';
import { embeddingFourierIpr, residueRowsOf } from '../progress-measures/fourier-ipr.js';
import { logitCircuitMeasures } from '../progress-measures/logit-circuit.js';
import { residueOrder, type ResidueGroup } from '../progress-measures/residue-order.js';
import type { Rng } from '../rng.js';
import type { DatasetDump, Experiment } from '../task.js';
import { EpochSampler } from './epoch-sampler.js';
import { sequenceEncoding, type SequenceEncoding } from './sequence-format.js';
import { splitExamples, type Split } from './split.js';
import type { SupervisedConfig } from './supervised-config.js';

/**
 * Every equation a ∘ b = c of a binary operation on a finite set whose elements are numbered
 * 0..size−1 (residues mod p, the 120 permutations of S5, …). The answers are elements, so the
 * classes are the elements.
 */
export interface BinaryOperationTable {
  size: number;
  a: Int32Array;
  b: Int32Array;
  answer: Int32Array;
}

/** Builds a table from the (a, b) pairs in `pairs` order. */
export function binaryOperationTable(size: number, pairs: readonly (readonly [number, number])[], op: (a: number, b: number) => number): BinaryOperationTable {
  const n = pairs.length;
  const table = { size, a: new Int32Array(n), b: new Int32Array(n), answer: new Int32Array(n) };
  pairs.forEach(([a, b], i) => {
    table.a[i] = a;
    table.b[i] = b;
    table.answer[i] = op(a, b);
  });
  return table;
}

/** The split every consumer of a run's data uses: setup and the dataset dump agree by construction. */
export function splitTable(table: BinaryOperationTable, config: SupervisedConfig, rng: Rng): Split {
  return splitExamples(table.a.length, config.data.trainFraction, rng.split('split'));
}

/** Token rows and labels of the examples at `indices`, host-side. */
function encodeExamples(table: BinaryOperationTable, indices: Int32Array, encoding: SequenceEncoding) {
  const tokens = new Int32Array(indices.length * encoding.length);
  const labels = new Int32Array(indices.length);
  indices.forEach((example, row) => {
    tokens.set(encoding.tokens(table.a[example], table.b[example]), row * encoding.length);
    labels[row] = table.answer[example];
  });
  return { tokens, labels };
}

/** A set baked into the graph as constants, with the model's logits on it. */
function bakedSet(g: Graph, name: string, table: BinaryOperationTable, indices: Int32Array, encoding: SequenceEncoding, model: Model, loss: LossFunction) {
  const { tokens, labels } = encodeExamples(table, indices, encoding);
  const labelTensor = g.constant(`${name}/labels`, labels, [indices.length], 'int32');
  const logits = model(g.constant(`${name}/tokens`, tokens, [indices.length, encoding.length], 'int32'));
  return { indices, logits, labels: labelTensor, loss: loss(logits, labelTensor), accuracy: accuracy(logits, labelTensor) };
}

type LossFunction = (logits: Tensor, labels: Tensor) => Tensor;

/** The cross-entropy form the model config names (`model.crossEntropy`). */
const lossOf = (config: SupervisedConfig): LossFunction => (config.model.crossEntropy === 'non-cancelling' ? stableCrossEntropy : crossEntropy);
type BakedSet = ReturnType<typeof bakedSet>;

/**
 * The experiment for a binary-operation task: the model trained on a seeded `trainFraction` of the
 * table, scored on the training set and on the held-out rest. Full-batch training (batchSize null or
 * at least the training set) reads the baked-in training set and needs no feeds; minibatches are fed
 * as `batch/tokens` [B, L] and `batch/labels` [B].
 */
export interface BinaryOperationOptions {
  /**
   * The cyclic group the operation's residues form (add/sub: additive, mul/div: multiplicative):
   * given, the model's progress measures over that group are recorded at every evaluation.
   */
  residueGroup?: ResidueGroup;
}

/** The rows of each model's residue embedding tables: tokens 0 … p − 1 of the table(s) named here. */
const RESIDUE_EMBEDDINGS: Readonly<Record<SupervisedConfig['model']['kind'], readonly string[]>> = {
  mlp: MLP_RESIDUE_EMBEDDINGS,
  transformer: TRANSFORMER_RESIDUE_EMBEDDINGS,
};

/** Each residue's index in the group (its position in `order`); −1 for residues outside it. */
function groupIndexOf(order: Int32Array, size: number): Int32Array {
  const index = new Int32Array(size).fill(-1);
  order.forEach((residue, j) => {
    index[residue] = j;
  });
  return index;
}

/**
 * Progress measures (Nanda et al. 2023; Gromov 2023): the Fourier IPR of the model's residue
 * embeddings, and the circuit share, restricted and excluded loss of its logit table over every
 * pair (the training and held-out sets together), all over the operation's cyclic group.
 */
function progressMeasures(
  g: Graph,
  config: SupervisedConfig,
  table: BinaryOperationTable,
  sets: { train: BakedSet; heldout: BakedSet },
  group: ResidueGroup | undefined,
): Experiment['companions'] {
  if (!group) return undefined;
  const over = group === 'additive' ? 'Z_p' : 'Z_(p−1) in discrete-log order';
  const order = residueOrder(table.size, group);
  const rows = residueRowsOf(g, RESIDUE_EMBEDDINGS[config.model.kind], order);
  const groupIndex = groupIndexOf(order, table.size);
  const classes = sets.train.logits.shape[1];
  const target = (set: BakedSet) => Int32Array.from(set.indices, (example) => groupIndex[table.answer[example]]);
  const circuit = logitCircuitMeasures(
    g,
    {
      sets: [
        { logits: sets.train.logits, target: target(sets.train), labels: Int32Array.from(sets.train.indices, (example) => table.answer[example]) },
        { logits: sets.heldout.logits, target: target(sets.heldout) },
      ],
      classIndex: Int32Array.from({ length: classes }, (_, c) => (c < table.size ? groupIndex[c] : -1)),
      order: order.length,
    },
    'the logit table',
  );
  return { embeddingFourierIpr: embeddingFourierIpr(g, rows, `the operand embeddings over ${over}`), ...circuit };
}

export function binaryOperationExperiment(table: BinaryOperationTable, config: SupervisedConfig, rng: Rng, options: BinaryOperationOptions = {}): Experiment {
  const split = splitTable(table, config, rng);
  const encoding = sequenceEncoding(config.model.kind, config.data.format, table.size);
  const g = new Graph();
  const model = buildModel(g, config.model, { vocab: encoding.vocab, classes: table.size, length: encoding.length });
  const loss = lossOf(config);
  const train = bakedSet(g, 'train', table, split.train, encoding, model, loss);
  const heldout = bakedSet(g, 'heldout', table, split.heldout, encoding, model, loss);
  const evaluation = { train: train.accuracy, heldout: heldout.accuracy, trainLoss: train.loss, heldoutLoss: heldout.loss };
  const companions = progressMeasures(g, config, table, { train, heldout }, options.residueGroup);
  const base = { graph: g, evaluation, chance: 1 / table.size, ...(companions ? { companions } : {}) };

  const batchSize = config.batchSize;
  if (batchSize === null || batchSize >= split.train.length) {
    // Full batch: the training loss is the train-set loss already in the graph.
    return { ...base, loss: train.loss, examplesPerStep: split.train.length, nextBatch: () => ({}) };
  }
  const tokens = g.input('batch/tokens', [batchSize, encoding.length], 'int32');
  const labels = g.input('batch/labels', [batchSize], 'int32');
  const sampler = new EpochSampler(split.train);
  return {
    ...base,
    loss: loss(model(tokens), labels),
    examplesPerStep: batchSize,
    nextBatch: (step, batchRng) => batchFeeds(table, sampler.batch(step, batchSize, batchRng), encoding, tokens, labels),
  };
}

function batchFeeds(table: BinaryOperationTable, indices: Int32Array, encoding: SequenceEncoding, tokens: Tensor, labels: Tensor): Record<string, HostTensor> {
  const encoded = encodeExamples(table, indices, encoding);
  return {
    [tokens.name]: { dtype: 'int32', shape: tokens.shape, data: encoded.tokens },
    [labels.name]: { dtype: 'int32', shape: labels.shape, data: encoded.labels },
  };
}

/**
 * Every example with its split, in table order. `formatElement` writes an element for people
 * (a permutation as an array, say); numbers stay numbers by default.
 */
export function binaryOperationDataset(
  table: BinaryOperationTable,
  config: SupervisedConfig,
  rng: Rng,
  description: string,
  formatElement: (element: number) => unknown = (e) => e,
): DatasetDump {
  const split = splitTable(table, config, rng);
  const isTrain = new Uint8Array(table.a.length);
  for (const i of split.train) isTrain[i] = 1;
  const examples = Array.from(table.a, (a, i) => ({
    a: formatElement(a),
    b: formatElement(table.b[i]),
    answer: formatElement(table.answer[i]),
    split: isTrain[i] ? 'train' : 'heldout',
  }));
  return { description, examples };
}
