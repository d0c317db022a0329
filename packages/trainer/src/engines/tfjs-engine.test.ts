import { createRequire } from 'node:module';
import {
  Graph,
  OP_TYPES,
  add,
  ancestors,
  argmax,
  buildTrainingStep,
  cast,
  concat,
  crossEntropy,
  div,
  equal,
  erf,
  exp,
  expand,
  gather,
  gelu,
  gradients,
  greater,
  layerNorm,
  less,
  linear,
  log,
  logSoftmax,
  matmul,
  max,
  maximum,
  mean,
  minimum,
  mul,
  neg,
  oneHot,
  pad,
  pow,
  relu,
  reshape,
  sigmoid,
  slice,
  softmax,
  sqrt,
  sub,
  sum,
  tanh,
  transpose,
  transposeLast2,
  where,
  type GradientFilterSpec,
  type Tensor,
  type HostTensor,
} from '@grokbench/graph';
import { Rng } from '@grokbench/task-kit';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrainingSession } from '../training-session.js';
import { EngineUnavailableError } from './engine.js';
import { OrtEngine } from './ort-engine.js';
import { TfjsEngine, interpretGraph } from './tfjs-engine.js';
import { relativeError } from '../testing/numerics.js';

let ort: OrtEngine;
let tfjs: TfjsEngine;

beforeAll(async () => {
  ort = new OrtEngine();
  tfjs = await TfjsEngine.create();
});

function installed(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function normals(rng: Rng, n: number, std: number, center = 0): Float32Array {
  return Float32Array.from({ length: n }, () => {
    const u = 1 - rng.uniform();
    return center + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.uniform());
  });
}

function ints(rng: Rng, n: number, below: number): Int32Array {
  return Int32Array.from({ length: n }, () => rng.int(below));
}

const host = (t: Tensor, data: HostTensor['data']): HostTensor => ({ dtype: t.dtype, shape: t.shape, data });
const feedRecord = (feeds: Map<Tensor, HostTensor>) => Object.fromEntries([...feeds].map(([t, v]) => [t.name, v]));


function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** A model to check: its loss, the parameters, and values for the fed inputs and parameters. */
interface Case {
  loss: Tensor;
  params: Tensor[];
  feeds: Map<Tensor, HostTensor>;
}

/** The loss and, in parameter order, the gradients from our autodiff, run on ORT. */
async function ourGradients({ loss, params, feeds }: Case) {
  const grads = gradients(loss, params);
  const outputs: Record<string, Tensor> = { loss };
  params.forEach((p, i) => (outputs[`grad:${p.name}`] = grads[i]));
  const compiled = await ort.compile(loss.graph, outputs);
  const out = await compiled.run(feedRecord(feeds));
  await compiled.dispose();
  return { loss: out.loss.data[0], grads: params.map((p) => out[`grad:${p.name}`].data as Float32Array) };
}

/** The same gradients from tfjs's own autodiff, over the tfjs interpretation of the forward graph. */
function tfjsGradients({ loss, params, feeds }: Case) {
  return tf.tidy(() => {
    const leaves = new Map<Tensor, tf.Tensor>();
    for (const [t, v] of feeds) leaves.set(t, tf.tensor(v.data, [...v.shape], v.dtype));
    const f = (...values: tf.Tensor[]) => {
      const all = new Map(leaves);
      params.forEach((p, i) => all.set(p, values[i]));
      return interpretGraph([loss], all)[0];
    };
    const { value, grads } = tf.valueAndGrads(f)(params.map((p) => leaves.get(p)!));
    return { loss: value.dataSync()[0], grads: grads.map((g) => g.dataSync() as Float32Array) };
  });
}

async function expectGradientsAgree(c: Case) {
  const ours = await ourGradients(c);
  const reference = tfjsGradients(c);
  expect(ours.loss).toBeCloseTo(reference.loss, 5);
  const errors = Object.fromEntries(c.params.map((p, i) => [p.name, relativeError(ours.grads[i], reference.grads[i])]));
  for (const [name, error] of Object.entries(errors)) expect(error, name).toBeLessThan(1e-4);
  // Every parameter must really receive a gradient, or the comparison proves little.
  for (const [i, p] of c.params.entries()) expect(Math.hypot(...reference.grads[i]), p.name).toBeGreaterThan(1e-6);
}

// ---------------------------------------------------------------------------------------------
// Models

const P = 11;

/** A grokking-style 2-layer MLP: one-hot(a) ‖ one-hot(b) → ReLU hidden layer → logits of (a + b) mod p. */
function mlp(n = 48, hidden = 32) {
  const g = new Graph();
  const a = g.input('a', [n], 'int32');
  const b = g.input('b', [n], 'int32');
  const labels = g.input('labels', [n], 'int32');
  const w1 = g.param('w1', [2 * P, hidden], { kind: 'fan-in-uniform' });
  const b1 = g.param('b1', [hidden], { kind: 'uniform', limit: 0.2 });
  const w2 = g.param('w2', [hidden, P], { kind: 'fan-in-uniform' });
  const b2 = g.param('b2', [P], { kind: 'uniform', limit: 0.2 });
  const x = concat([oneHot(a, P), oneHot(b, P)], 1);
  const logits = linear(relu(linear(x, w1, b1)), w2, b2);
  const loss = crossEntropy(logits, labels);

  const rng = Rng.fromSeed(7).split('mlp-data');
  const av = ints(rng, n, P);
  const bv = ints(rng, n, P);
  const batch = new Map<Tensor, HostTensor>([
    [a, host(a, av)],
    [b, host(b, bv)],
    [labels, host(labels, av.map((v, i) => (v + bv[i]) % P))],
  ]);
  return { graph: g, loss, logits, params: [w1, b1, w2, b2], batch };
}

/** One pre-norm transformer block with causal 4-head attention; the loss reads the last position. */
function transformer() {
  const [vocab, seq, d, heads, batch] = [13, 4, 32, 4, 16];
  const dh = d / heads;
  const g = new Graph();
  const tokens = g.input('tokens', [batch, seq], 'int32');
  const labels = g.input('labels', [batch], 'int32');
  const w = (name: string, shape: number[]) => g.param(name, shape, { kind: 'fan-in-normal' });

  const positions = g.constant('positions', Int32Array.from({ length: seq }, (_, i) => i), [seq], 'int32');
  let x = add(gather(w('tok_emb', [vocab, d]), tokens), gather(w('pos_emb', [seq, d]), positions));

  const heads4 = (t: Tensor) => transpose(reshape(t, [batch, seq, heads, dh]), [0, 2, 1, 3]);
  const h = layerNorm(x, w('ln1.gain', [d]), w('ln1.bias', [d]));
  const q = heads4(linear(h, w('wq', [d, d]), w('bq', [d])));
  // No key bias: softmax over keys cancels it, so its exact gradient is zero and only rounding remains.
  const k = heads4(linear(h, w('wk', [d, d])));
  const v = heads4(linear(h, w('wv', [d, d]), w('bv', [d])));
  const causal = g.constant('causal', Uint8Array.from({ length: seq * seq }, (_, i) => Number(i % seq <= Math.floor(i / seq))), [seq, seq], 'bool');
  const scores = where(causal, mul(matmul(q, transposeLast2(k)), 1 / Math.sqrt(dh)), -1e9);
  const mixed = reshape(transpose(matmul(softmax(scores, -1), v), [0, 2, 1, 3]), [batch, seq, d]);
  x = add(x, linear(mixed, w('wo', [d, d]), w('bo', [d])));

  const h2 = layerNorm(x, w('ln2.gain', [d]), w('ln2.bias', [d]));
  x = add(x, linear(gelu(linear(h2, w('w_up', [d, 4 * d]), w('b_up', [4 * d]))), w('w_down', [4 * d, d]), w('b_down', [d])));
  x = layerNorm(x, w('lnf.gain', [d]), w('lnf.bias', [d]));
  const last = reshape(slice(x, 1, seq - 1, seq), [batch, d]);
  const loss = crossEntropy(linear(last, w('unembed', [d, vocab]), w('unembed.bias', [vocab])), labels);

  const rng = Rng.fromSeed(11).split('transformer');
  const params = g.params.map((p) => p.tensor);
  const feeds = new Map<Tensor, HostTensor>([
    [tokens, host(tokens, ints(rng, batch * seq, vocab))],
    [labels, host(labels, ints(rng, batch, vocab))],
  ]);
  for (const p of params) {
    const std = p.rank === 2 ? 1 / Math.sqrt(p.shape[0]) : 0.1;
    feeds.set(p, host(p, normals(rng, p.shape.reduce((s, n) => s * n, 1), std, p.name.endsWith('.gain') ? 1 : 0)));
  }
  return { loss, params, feeds };
}

/**
 * Every primitive op once or more, on small random inputs: `outputs` for the forward comparison and
 * a scalar `loss` that weights every differentiable result with fixed random numbers.
 */
function opZoo() {
  const g = new Graph();
  const rng = Rng.fromSeed(3).split('zoo');
  const x = g.param('x', [2, 3, 4], { kind: 'zeros' });
  const y = g.param('y', [2, 3, 4], { kind: 'zeros' });
  const wb = g.param('wb', [5, 4, 2], { kind: 'zeros' });
  const table = g.param('table', [6, 4], { kind: 'zeros' });
  const row = g.param('row', [1, 3, 1], { kind: 'zeros' });
  const idx = g.input('idx', [5], 'int32');
  const n = g.input('n', [6], 'int32');

  const differentiable: Record<string, Tensor> = {
    matmulBroadcast: matmul(reshape(x, [2, 1, 3, 4]), wb),
    matmulShared: matmul(x, reshape(slice(wb, 0, 0, 1), [4, 2])),
    add: add(x, row),
    sub: sub(x, y),
    mul: mul(x, y),
    div: div(x, add(exp(y), 0.5)),
    min: minimum(x, y),
    max: maximum(x, row),
    neg: neg(x),
    log: log(add(mul(x, x), 1)),
    sqrt: sqrt(add(mul(y, y), 0.1)),
    relu: relu(x),
    sigmoid: sigmoid(y),
    tanh: tanh(x),
    erf: erf(y),
    pow15: pow(add(mul(x, x), 0.5), 1.5),
    cube: pow(y, 3),
    softmaxMid: softmax(x, 1),
    softmaxLast: softmax(y, -1),
    logSoftmaxFirst: logSoftmax(x, 0),
    sum: sum(x, [0, 2]),
    meanKeep: mean(y, [1], true),
    max2: max(x, [2]),
    transpose: transpose(x, [2, 0, 1]),
    concat: concat([x, y], 1),
    slice: slice(y, 2, 1, 3),
    pad: pad(x, [0, 1, 0, 1, 0, 2]),
    expand: expand(row, [2, 3, 4]),
    gather: gather(table, idx),
    where: where(greater(x, y), x, y),
  };
  const nonDifferentiable: Record<string, Tensor> = {
    argmax: argmax(x, 1),
    argmaxKeep: argmax(y, -1, true),
    equal: equal(argmax(x, 2), argmax(y, 2)),
    less: less(x, y),
    castInt: cast(mul(x, 3), 'int32'),
    castBool: cast(cast(relu(x), 'bool'), 'float32'),
    intDiv: div(n, 3),
    intArith: sub(mul(n, 2), 1),
    gatherAxis1: gather(x, g.constant('idx1', Int32Array.of(2, 0), [2], 'int32'), 1),
  };

  let loss: Tensor | null = null;
  for (const [name, t] of Object.entries(differentiable)) {
    const weights = g.constant(`w_${name}`, normals(rng, t.shape.reduce((s, d) => s * d, 1), 1), t.shape);
    const term = sum(mul(t, weights));
    loss = loss ? add(loss, term) : term;
  }
  const params = [x, y, wb, table, row];
  const feeds = new Map<Tensor, HostTensor>([
    [idx, host(idx, Int32Array.of(0, 5, -1, 2, 5))],
    [n, host(n, Int32Array.of(-7, -3, -1, 0, 4, 8))],
  ]);
  for (const p of params) feeds.set(p, host(p, normals(rng, p.shape.reduce((s, d) => s * d, 1), 1)));
  return { graph: g, loss: loss!, params, feeds, outputs: { ...differentiable, ...nonDifferentiable } };
}

// ---------------------------------------------------------------------------------------------

describe('our autodiff on ORT against tfjs autodiff', () => {
  it('agrees on a 2-layer MLP with cross-entropy', async () => {
    const { loss, params, batch } = mlp();
    const rng = Rng.fromSeed(5).split('mlp-params');
    const feeds = new Map(batch);
    for (const p of params) feeds.set(p, host(p, normals(rng, p.shape.reduce((s, d) => s * d, 1), 0.3)));
    await expectGradientsAgree({ loss, params, feeds });
  });

  it('agrees on a pre-norm transformer block with causal multi-head attention', async () => {
    await expectGradientsAgree(transformer());
  });

  it('agrees on every differentiable primitive', async () => {
    const { loss, params, feeds } = opZoo();
    await expectGradientsAgree({ loss, params, feeds });
  });
});

describe('TfjsEngine', () => {
  it('computes every primitive op as ORT does', async () => {
    const { graph, outputs, feeds } = opZoo();
    const used = new Set(ancestors(Object.values(outputs)).map((t) => t.op).filter((op) => op !== null));
    expect([...used].sort()).toEqual([...OP_TYPES].sort());

    const [a, b] = await Promise.all([ort.compile(graph, outputs), tfjs.compile(graph, outputs)]);
    const [ours, reference] = [await b.run(feedRecord(feeds)), await a.run(feedRecord(feeds))];
    expect(b.outputNames).toEqual(Object.keys(outputs));
    expect([...b.inputNames].sort()).toEqual([...a.inputNames].sort());
    for (const [name, t] of Object.entries(outputs)) {
      expect(ours[name].dtype, name).toBe(t.dtype);
      expect(ours[name].shape, name).toEqual(t.shape);
      expect(ours[name].data.constructor, name).toBe(reference[name].data.constructor);
      if (t.dtype === 'float32') expect(maxAbsDiff(ours[name].data, reference[name].data), name).toBeLessThan(1e-5);
      else expect([...ours[name].data], name).toEqual([...reference[name].data]);
    }
    await Promise.all([a.dispose(), b.dispose()]);
  });

  it('runs the forward and gradient graph of the transformer as ORT does', async () => {
    const { loss, params, feeds } = transformer();
    const grads = gradients(loss, params);
    const outputs = Object.fromEntries([['loss', loss], ...params.map((p, i) => [`grad:${p.name}`, grads[i]] as const)]);
    const runs = await Promise.all(
      [ort, tfjs].map(async (engine) => {
        const compiled = await engine.compile(loss.graph, outputs);
        const out = await compiled.run(feedRecord(feeds));
        await compiled.dispose();
        return out;
      }),
    );
    expect(runs[1].loss.data[0]).toBeCloseTo(runs[0].loss.data[0], 5);
    for (const p of params) expect(relativeError(runs[1][`grad:${p.name}`].data, runs[0][`grad:${p.name}`].data), p.name).toBeLessThan(1e-4);
  });

  it('frees its tensors: a run leaves no tfjs tensor behind', async () => {
    const { graph, logits, batch, params } = mlp();
    const compiled = await tfjs.compile(graph, { logits, w1: params[0] });
    const rng = Rng.fromSeed(9).split('leak');
    const feeds = feedRecord(batch);
    for (const p of params) feeds[p.name] = host(p, normals(rng, p.shape.reduce((s, d) => s * d, 1), 0.3));
    await compiled.run(feeds);
    const before = tf.memory().numTensors;
    const out = await compiled.run(feeds);
    expect(tf.memory().numTensors).toBe(before);
    expect(out.w1.data).toEqual(feeds.w1.data);
    await compiled.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before);
  });

  it('names the missing feed', async () => {
    const { graph, logits } = mlp();
    const compiled = await tfjs.compile(graph, { logits });
    await expect(compiled.run({})).rejects.toThrow(/missing feed "(a|b|w1|b1|w2|b2)"/);
    await compiled.dispose();
  });

  it('reports the backend it runs on', () => {
    expect(tfjs.info.name).toBe('tfjs');
    expect(tfjs.info.device).toBe('cpu');
    expect(tfjs.info.backend).toBe(tf.getBackend());
  });

  it.skipIf(installed('@tensorflow/tfjs-node-gpu'))('refuses CUDA without tfjs-node-gpu, saying in one line how to install it', async () => {
    let caught: unknown;
    try {
      await TfjsEngine.create({ device: 'cuda' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EngineUnavailableError);
    const message = (caught as Error).message;
    expect(message).toContain('npm install @tensorflow/tfjs-node-gpu');
    expect(message).not.toContain('\n');
  });
});

describe('TrainingSession on both engines', () => {
  async function trainBoth(filter: GradientFilterSpec | null, steps: number) {
    const { loss, batch } = mlp();
    const program = buildTrainingStep({ loss, optimizer: { kind: 'adamw', lr: 1e-2, weightDecay: 0.5 }, filter });
    const sessions = await Promise.all(
      [ort, tfjs].map((engine) => {
        const rng = Rng.fromSeed(21).split('init');
        return TrainingSession.create(engine, program, () => rng.uniform());
      }),
    );
    const losses: number[][] = [[], []];
    for (let s = 0; s < steps; s++) {
      for (const [i, session] of sessions.entries()) losses[i].push((await session.step(feedRecord(batch))).loss);
    }
    return { program, sessions, losses };
  }

  async function expectSameTraining(filter: GradientFilterSpec | null) {
    const { program, sessions, losses } = await trainBoth(filter, 6);
    expect(losses[1].at(-1)!).toBeLessThan(losses[1][0]);
    for (const [i, l] of losses[1].entries()) expect(l).toBeCloseTo(losses[0][i], 5);
    const [a, b] = await Promise.all(sessions.map((s) => s.stateValues()));
    for (const slot of program.state) {
      const reference = a.get(slot.input.name)!.data;
      const scale = Math.max(...Array.from(reference, Math.abs));
      expect(maxAbsDiff(b.get(slot.input.name)!.data, reference) / Math.max(scale, 1e-12), slot.input.name).toBeLessThan(1e-4);
    }
    await Promise.all(sessions.map((s) => s.dispose()));
  }

  it('AdamW steps give the same parameters and optimizer state', async () => {
    await expectSameTraining(null);
  });

  it('AdamW with a Grokfast-MA filter (host-side history windows) gives the same state', async () => {
    await expectSameTraining({ kind: 'grokfast-ma', window: 2, lambda: 2 });
  });
});
