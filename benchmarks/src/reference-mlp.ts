import {
  Graph,
  accuracy,
  buildTrainingStep,
  crossEntropy,
  matmul,
  relu,
  type OptimizerSpec,
  type StepProgram,
} from '@grokbench/graph';
import { Rng } from '@grokbench/task-kit';

/**
 * The reference model of DESIGN.md §1: a 2-layer MLP without biases on modular addition mod 97,
 * operands one-hot (width 2p = 194), hidden 512 with ReLU, 97 outputs, trained full-batch on half
 * of the p² pairs (4,704 examples). Its step time is the engine benchmark's figure of merit.
 */
export interface ReferenceMlpOptions {
  p?: number;
  hidden?: number;
  trainFraction?: number;
  seed?: number;
  optimizer?: OptimizerSpec;
}

export const REFERENCE_MLP_ID = 'mlp-p97-h512-n4704';

/** AdamW as in Power et al. (2022) but with lr 3e-3 so that the MLP memorizes in ~200 steps. */
export const REFERENCE_OPTIMIZER: OptimizerSpec = { kind: 'adamw', lr: 3e-3, beta1: 0.9, beta2: 0.98, weightDecay: 1 };

export interface ReferenceMlp {
  program: StepProgram;
  examples: number;
  /** Stream for parameter initialization. */
  initRng: Rng;
}

/** Seeded split of all (a, b) pairs; the first ⌊fraction·p²⌋ of a shuffle are the training set. */
export function modularAdditionTrainSet(p: number, fraction: number, rng: Rng): { a: Int32Array; b: Int32Array; answer: Int32Array } {
  const order = rng.shuffle(Array.from({ length: p * p }, (_, i) => i));
  const n = Math.floor(fraction * p * p);
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  const answer = new Int32Array(n);
  order.slice(0, n).forEach((pair, i) => {
    a[i] = Math.floor(pair / p);
    b[i] = pair % p;
    answer[i] = (a[i] + b[i]) % p;
  });
  return { a, b, answer };
}

export function buildReferenceMlp(options: ReferenceMlpOptions = {}): ReferenceMlp {
  const { p = 97, hidden = 512, trainFraction = 0.5, seed = 0, optimizer = REFERENCE_OPTIMIZER } = options;
  const rng = Rng.fromSeed(seed);
  const data = modularAdditionTrainSet(p, trainFraction, rng.split('split'));
  const n = data.a.length;
  const oneHot = new Float32Array(n * 2 * p);
  for (let i = 0; i < n; i++) {
    oneHot[i * 2 * p + data.a[i]] = 1;
    oneHot[i * 2 * p + p + data.b[i]] = 1;
  }
  const g = new Graph();
  const x = g.constant('train/x', oneHot, [n, 2 * p]);
  const labels = g.constant('train/y', data.answer, [n], 'int32');
  const w1 = g.param('w1', [2 * p, hidden], { kind: 'fan-in-uniform' });
  const w2 = g.param('w2', [hidden, p], { kind: 'fan-in-uniform' });
  const logits = matmul(relu(matmul(x, w1)), w2);
  const program = buildTrainingStep({ loss: crossEntropy(logits, labels), optimizer, metrics: { accuracy: accuracy(logits, labels) } });
  return { program, examples: n, initRng: rng.split('init') };
}
