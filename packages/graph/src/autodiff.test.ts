import { describe, expect, it } from 'vitest';
import { gradients } from './autodiff.js';
import { Graph } from './graph.js';
import {
  add, concat, crossEntropy, div, erf, exp, expand, gather, gelu, layerNorm, log, logSoftmax, matmul, max, maximum,
  mean, minimum, mse, mul, neg, pad, pow, relu, reshape, sigmoid, slice, softmax, sqrt, sub, sum, tanh, transpose,
  where, argmax, cast, equal, greater, less, stableCrossEntropy,
} from './index.js';
import { evaluateReference, erf64 } from './reference-evaluator.js';
import { GraphError, numel, type Shape } from './shape.js';
import type { Tensor } from './tensor.js';

/** mulberry32: a tiny seeded generator, so every run draws the same inputs. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Sampler = (rng: () => number, count: number) => number[];

const uniform = (lo: number, hi: number): Sampler => (rng, n) => Array.from({ length: n }, () => lo + (hi - lo) * rng());

/** Either sign, magnitude in [lo, hi]: keeps a finite-difference step off a kink or a pole at 0. */
const awayFromZero = (lo: number, hi: number): Sampler => (rng, n) =>
  uniform(lo, hi)(rng, n).map((v) => (rng() < 0.5 ? -v : v));

/** Multiples of 0.1 shifted by `offset`: two operands on offsets 0 and 0.05 never tie. */
const onGrid = (offset: number): Sampler => (rng, n) =>
  uniform(-20, 20)(rng, n).map((v) => Math.round(v) / 10 + offset);

/** A shuffle of n values 0.1 apart: no two elements tie, so max has one winner per lane. */
const distinct: Sampler = (rng, n) => {
  const values = Array.from({ length: n }, (_, i) => (i - n / 2) / 10);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [values[i], values[j]] = [values[j], values[i]];
  }
  return values;
};

interface InputSpec {
  shape: Shape;
  sample?: Sampler;
}

interface GradCase {
  name: string;
  inputs: InputSpec[];
  build: (xs: Tensor[], g: Graph) => Tensor;
}

const H = 1e-6;
const ATOL = 1e-6;
const RTOL = 1e-5;

/** Central differences of the scalar `loss` with respect to every element of `x`, in float64. */
function finiteDifferences(loss: Tensor, feeds: Map<Tensor, Float64Array>, x: Tensor): Float64Array {
  const values = feeds.get(x)!;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const saved = values[i];
    values[i] = saved + H;
    const [up] = evaluateReference([loss], feeds);
    values[i] = saved - H;
    const [down] = evaluateReference([loss], feeds);
    values[i] = saved;
    out[i] = (up[0] - down[0]) / (2 * H);
  }
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string, rtol = RTOL, atol = ATOL): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const ok = Math.abs(actual[i] - expected[i]) <= atol + rtol * Math.abs(expected[i]);
    if (!ok) expect.fail(`${label}[${i}]: got ${actual[i]}, expected ${expected[i]}`);
  }
}

/**
 * Builds op(inputs), takes loss = Σ op · W with fixed random weights W (so the upstream gradient is
 * not all ones), and compares autodiff's gradients with float64 central differences.
 */
function checkGradients({ name, inputs, build }: GradCase, seed = 7): void {
  const rng = prng(seed);
  const g = new Graph();
  const xs = inputs.map((spec, i) => g.input(`x${i}`, spec.shape));
  const y = build(xs, g);
  const weights = g.constant('weights', Float32Array.from(uniform(-1, 1)(rng, numel(y.shape))), y.shape);
  const weighted = mul(y, weights);
  const loss = y.rank ? sum(weighted) : weighted;
  const grads = gradients(loss, xs);
  const feeds = new Map(
    xs.map((x, i) => [x, Float64Array.from((inputs[i].sample ?? uniform(-1, 1))(rng, numel(x.shape)))]),
  );
  const analytic = evaluateReference(grads, feeds);
  xs.forEach((x, i) => {
    expect(grads[i].shape, `${name}: d/d${x.name} shape`).toEqual(x.shape);
    expectClose(analytic[i], finiteDifferences(loss, feeds, x), `${name}: d/d${x.name}`);
  });
}

const unaryCase = (name: string, f: (x: Tensor) => Tensor, sample?: Sampler): GradCase => ({
  name,
  inputs: [{ shape: [3, 4], sample }],
  build: ([x]) => f(x),
});

const BROADCAST_PAIRS: [Shape, Shape][] = [
  [[3, 4], [3, 4]],
  [[3, 4], [4]],
  [[3, 1], [1, 4]],
  [[], [2, 3]],
  [[2, 3], []],
];

const BINARY_OPS: [string, (a: Tensor, b: Tensor) => Tensor, Sampler?, Sampler?][] = [
  ['add', add],
  ['sub', sub],
  ['mul', mul],
  ['div', div, uniform(-1, 1), awayFromZero(0.5, 2)],
  ['minimum', minimum, onGrid(0), onGrid(0.05)],
  ['maximum', maximum, onGrid(0), onGrid(0.05)],
];

const binaryCases: GradCase[] = BINARY_OPS.flatMap(([name, f, sa, sb]) =>
  BROADCAST_PAIRS.map(([a, b]) => ({
    name: `${name} [${a}] with [${b}]`,
    inputs: [{ shape: a, sample: sa }, { shape: b, sample: sb }],
    build: ([x, y]: Tensor[]) => f(x, y),
  })),
);

const matmulCases: GradCase[] = [
  { name: 'matmul 2D', inputs: [{ shape: [3, 4] }, { shape: [4, 5] }], build: ([a, b]) => matmul(a, b) },
  { name: 'matmul 3D x 2D', inputs: [{ shape: [2, 3, 4] }, { shape: [4, 5] }], build: ([a, b]) => matmul(a, b) },
  { name: 'matmul 2D x 3D', inputs: [{ shape: [3, 4] }, { shape: [2, 4, 5] }], build: ([a, b]) => matmul(a, b) },
  {
    name: 'matmul broadcast batch [2,1,3,4] x [1,5,4,2]',
    inputs: [{ shape: [2, 1, 3, 4] }, { shape: [1, 5, 4, 2] }],
    build: ([a, b]) => matmul(a, b),
  },
];

const positive = uniform(0.5, 2);

const unaryCases: GradCase[] = [
  unaryCase('neg', neg),
  unaryCase('exp', exp),
  unaryCase('log', log, positive),
  unaryCase('sqrt', sqrt, positive),
  unaryCase('relu', relu, awayFromZero(0.05, 1)),
  unaryCase('sigmoid', sigmoid, uniform(-3, 3)),
  unaryCase('tanh', tanh, uniform(-2, 2)),
  unaryCase('erf', erf, uniform(-2, 2)),
  unaryCase('pow 1', (x) => pow(x, 1)),
  unaryCase('pow 2', (x) => pow(x, 2)),
  unaryCase('pow 3', (x) => pow(x, 3)),
  unaryCase('pow 0.5', (x) => pow(x, 0.5), positive),
  unaryCase('pow -1', (x) => pow(x, -1), awayFromZero(0.5, 2)),
];

const softmaxCases: GradCase[] = [-1, 0, 1].flatMap((axis) => [
  { name: `softmax axis ${axis}`, inputs: [{ shape: [3, 4], sample: uniform(-2, 2) }], build: ([x]: Tensor[]) => softmax(x, axis) },
  { name: `logSoftmax axis ${axis}`, inputs: [{ shape: [3, 4], sample: uniform(-2, 2) }], build: ([x]: Tensor[]) => logSoftmax(x, axis) },
]);

const REDUCE_AXES: [number[] | undefined, boolean][] = [
  [[1], false],
  [[1], true],
  [[0, 2], true],
  [[0, 2], false],
  [[-1], false],
  [undefined, false],
  [undefined, true],
];

const reduceCases: GradCase[] = (
  [
    ['sum', sum],
    ['mean', mean],
    ['max', max],
  ] as const
).flatMap(([name, f]) =>
  REDUCE_AXES.map(([axes, keepDims]) => ({
    name: `${name} axes ${axes ? `[${axes}]` : 'all'} keepDims ${keepDims}`,
    inputs: [{ shape: [3, 4, 5], sample: distinct }],
    build: ([x]: Tensor[]) => f(x, axes, keepDims),
  })),
);

const shapeCases: GradCase[] = [
  { name: 'reshape', inputs: [{ shape: [2, 6] }], build: ([x]) => reshape(x, [3, 2, 2]) },
  { name: 'transpose', inputs: [{ shape: [2, 3, 4] }], build: ([x]) => transpose(x, [2, 0, 1]) },
  { name: 'concat axis 0', inputs: [{ shape: [2, 3] }, { shape: [1, 3] }], build: (xs) => concat(xs, 0) },
  { name: 'concat axis 1', inputs: [{ shape: [2, 3] }, { shape: [2, 2] }], build: (xs) => concat(xs, 1) },
  {
    name: 'concat axis -1, three inputs',
    inputs: [{ shape: [2, 1] }, { shape: [2, 3] }, { shape: [2, 2] }],
    build: (xs) => concat(xs, -1),
  },
  { name: 'slice', inputs: [{ shape: [4, 5] }], build: ([x]) => slice(x, 1, 1, 4) },
  {
    name: 'slice two axes, negative axis',
    inputs: [{ shape: [4, 5] }],
    build: ([x], g) => g.apply('Slice', [x], { axes: [0, -1], starts: [1, 0], ends: [3, 2] }),
  },
  { name: 'pad', inputs: [{ shape: [2, 3] }], build: ([x]) => pad(x, [1, 0, 2, 1]) },
  { name: 'expand [3,1] to [2,3,4]', inputs: [{ shape: [3, 1] }], build: ([x]) => expand(x, [2, 3, 4]) },
  { name: 'expand [4] to [3,4]', inputs: [{ shape: [4] }], build: ([x]) => expand(x, [3, 4]) },
  {
    name: 'gather axis 0, repeated indices',
    inputs: [{ shape: [5, 3] }],
    build: ([table], g) => gather(table, g.constant('ids', Int32Array.of(0, 2, 2, 4, 0, 2), [2, 3], 'int32')),
  },
  {
    name: 'where, both branches, broadcast',
    inputs: [{ shape: [3, 4] }, { shape: [1, 4] }],
    build: ([x, y], g) => where(g.constant('cond', Uint8Array.of(1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1), [3, 4], 'bool'), x, y),
  },
];

const compositeCases: GradCase[] = [
  {
    name: 'layerNorm with gain and bias',
    inputs: [{ shape: [3, 5], sample: uniform(-2, 2) }, { shape: [5] }, { shape: [5] }],
    build: ([x, gain, bias]) => layerNorm(x, gain, bias),
  },
  { name: 'gelu', inputs: [{ shape: [3, 4], sample: uniform(-3, 3) }], build: ([x]) => gelu(x) },
  {
    name: 'crossEntropy',
    inputs: [{ shape: [4, 5], sample: uniform(-2, 2) }],
    build: ([logits], g) => crossEntropy(logits, g.constant('labels', Int32Array.of(3, 0, 4, 3), [4], 'int32')),
  },
  {
    // Labels 3, 0, 4, 3 against logits in [−2, 2]: rows where the label is and is not the largest.
    name: 'stableCrossEntropy, mixed rows',
    inputs: [{ shape: [4, 5], sample: uniform(-2, 2) }],
    build: ([logits], g) => stableCrossEntropy(logits, g.constant('labels', Int32Array.of(3, 0, 4, 3), [4], 'int32')),
  },
  {
    // The label's logit 8–14 above the rest: s from e^-14 to e^-8, the series branch and log(1 + s).
    name: 'stableCrossEntropy, confident rows',
    inputs: [{ shape: [3, 4], sample: uniform(-1, 1) }],
    build: ([logits], g) => stableCrossEntropy(add(logits, g.constant('margin', Float32Array.of(0, 14, 0, 0, 9, 0, 0, 0, 0, 0, 0, 11), [3, 4])), g.constant('labels', Int32Array.of(1, 0, 3), [3], 'int32')),
  },
  { name: 'mse', inputs: [{ shape: [3, 4] }, { shape: [3, 4] }], build: ([p, t]) => mse(p, t) },
  { name: 'fan-out x·x + exp(x)', inputs: [{ shape: [3, 4] }], build: ([x]) => add(mul(x, x), exp(x)) },
  {
    name: 'fan-out through a 2-layer MLP',
    inputs: [{ shape: [4, 3] }, { shape: [3, 5] }, { shape: [5] }, { shape: [5, 2] }],
    build: ([x, w1, b1, w2]) => matmul(tanh(add(matmul(x, w1), b1)), add(w2, mul(w2, w2))),
  },
];

describe('gradients() against float64 central differences', () => {
  const groups: [string, GradCase[]][] = [
    ['MatMul', matmulCases],
    ['broadcasting binary ops', binaryCases],
    ['unary ops', unaryCases],
    ['Softmax and LogSoftmax', softmaxCases],
    ['reductions', reduceCases],
    ['shape ops, Gather and Where', shapeCases],
    ['composites', compositeCases],
  ];
  for (const [group, cases] of groups) {
    describe(group, () => {
      it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => checkGradients(c));
    });
  }
});

describe('gradients() structure', () => {
  it('gives zeros for an input the loss does not depend on', () => {
    const g = new Graph();
    const x = g.input('x', [2, 3]);
    const unused = g.input('unused', [4]);
    const [, dUnused] = gradients(sum(exp(x)), [x, unused]);
    expect(dUnused.shape).toEqual([4]);
    const [value] = evaluateReference([dUnused], { x: new Float64Array(6) });
    expect([...value]).toEqual([0, 0, 0, 0]);
  });

  it('rejects a non-scalar or non-float loss', () => {
    const g = new Graph();
    const x = g.input('x', [2, 3]);
    expect(() => gradients(exp(x), [x])).toThrow(GraphError);
    expect(() => gradients(argmax(sum(x), 0), [x])).toThrow(GraphError);
  });

  it('builds only the gradients a path to wrt needs', () => {
    const g = new Graph();
    const X = g.constant('X', Float32Array.from(uniform(-1, 1)(prng(3), 12)), [3, 4]);
    const W = g.input('W', [4, 2]);
    const Y = matmul(X, W);
    const loss = sum(mul(Y, g.constant('weights', Float32Array.of(1, 2, 3, 4, 5, 6), [3, 2])));
    const before = g.nodes.length;
    const [dW] = gradients(loss, [W]);
    const added = g.nodes.slice(before);
    expect(added.filter((n) => n.op === 'MatMul')).toHaveLength(1);
    // Nothing that computes dX or d(weights) (both would read W or Y) was built.
    expect(added.filter((n) => n.inputs.includes(W) || n.inputs.includes(Y))).toEqual([]);
    const xValues = g.constData.get(X)!;
    const [value] = evaluateReference([dW], { W: new Float64Array(8) });
    // dW[k][j] = Σ_i X[i][k] · weights[i][j], with weights[i][j] = 2i + j + 1
    const dot = (k: number, j: number) => [0, 1, 2].reduce((s, i) => s + xValues[i * 4 + k] * (2 * i + j + 1), 0);
    const expected = [0, 1, 2, 3].flatMap((k) => [dot(k, 0), dot(k, 1)]);
    expectClose(value, expected, 'dW');
  });

  it('differentiates a loss with respect to itself as one', () => {
    const g = new Graph();
    const x = g.input('x', []);
    const [dx] = gradients(x, [x]);
    expect([...evaluateReference([dx], { x: [2] })[0]]).toEqual([1]);
  });
});

describe('reference evaluator on hand-computed values', () => {
  it('multiplies 2x2 matrices', () => {
    const g = new Graph();
    const a = g.input('a', [2, 2]);
    const b = g.input('b', [2, 2]);
    const [c] = evaluateReference([matmul(a, b)], { a: [1, 2, 3, 4], b: [5, 6, 7, 8] });
    expect([...c]).toEqual([19, 22, 43, 50]);
  });

  it('broadcasts matmul batch dimensions', () => {
    const g = new Graph();
    const a = g.input('a', [2, 1, 1, 2]);
    const b = g.input('b', [1, 3, 2, 1]);
    const y = matmul(a, b);
    expect(y.shape).toEqual([2, 3, 1, 1]);
    const feeds = new Map([[a, [1, 2, 3, 4]], [b, [1, 0, 0, 1, 1, 1]]]);
    // rows [1,2] and [3,4] against columns [1,0], [0,1], [1,1]
    expect([...evaluateReference([y], feeds)[0]]).toEqual([1, 2, 3, 3, 4, 7]);
  });

  it('takes softmax and logSoftmax of [0, ln 3]', () => {
    const g = new Graph();
    const x = g.input('x', [2]);
    const [s, l] = evaluateReference([softmax(x), logSoftmax(x)], { x: [0, Math.log(3)] });
    expectClose(s, [0.25, 0.75], 'softmax', 1e-15, 1e-15);
    expectClose(l, [Math.log(0.25), Math.log(0.75)], 'logSoftmax', 1e-15, 1e-15);
    const [big] = evaluateReference([softmax(x)], { x: [1000, 1000] });
    expect([...big]).toEqual([0.5, 0.5]);
  });

  it('softmaxes along axis 0', () => {
    const g = new Graph();
    const x = g.input('x', [2, 2]);
    const [s] = evaluateReference([softmax(x, 0)], { x: [0, 5, Math.log(3), 5] });
    expectClose(s, [0.25, 0.5, 0.75, 0.5], 'softmax axis 0', 1e-15, 1e-15);
  });

  it('broadcasts elementwise ops', () => {
    const g = new Graph();
    const a = g.input('a', [2, 1]);
    const b = g.input('b', [3]);
    const [sum_, diff] = evaluateReference([add(a, b), sub(b, a)], { a: [1, 2], b: [10, 20, 30] });
    expect([...sum_]).toEqual([11, 21, 31, 12, 22, 32]);
    expect([...diff]).toEqual([9, 19, 29, 8, 18, 28]);
  });

  it('reduces over axes with and without kept dimensions', () => {
    const g = new Graph();
    const x = g.input('x', [2, 3]);
    const outs = evaluateReference([sum(x, 0), mean(x, 1, true), max(x), max(x, [0, 1], true)], { x: [1, 2, 3, 4, 5, 9] });
    expect(outs.map((o) => [...o])).toEqual([[5, 7, 12], [2, 6], [9], [9]]);
  });

  it('takes the first index of a tied ArgMax', () => {
    const g = new Graph();
    const x = g.input('x', [2, 3]);
    const [rows, cols] = evaluateReference([argmax(x, 1), argmax(x, 0)], { x: [1, 3, 3, 2, 2, 1] });
    expect([...rows]).toEqual([1, 0]);
    expect([...cols]).toEqual([1, 0, 0]);
  });

  it('moves data with transpose, concat, slice, pad, expand and gather', () => {
    const g = new Graph();
    const x = g.input('x', [2, 3]);
    const y = g.input('y', [2, 1]);
    const ids = g.constant('ids', Int32Array.of(1, -1, 0), [3], 'int32');
    const outs = evaluateReference(
      [transpose(x), concat([x, y], 1), slice(x, 1, 1, 3), pad(y, [1, 0, 0, 2]), expand(y, [2, 2]), gather(x, ids), gather(x, ids, 1)],
      { x: [1, 2, 3, 4, 5, 6], y: [7, 8] },
    );
    expect(outs.map((o) => [...o])).toEqual([
      [1, 4, 2, 5, 3, 6],
      [1, 2, 3, 7, 4, 5, 6, 8],
      [2, 3, 5, 6],
      [0, 0, 0, 7, 0, 0, 8, 0, 0],
      [7, 7, 8, 8],
      [4, 5, 6, 4, 5, 6, 1, 2, 3],
      [2, 3, 1, 5, 6, 4],
    ]);
  });

  it('compares, selects and casts', () => {
    const g = new Graph();
    const a = g.input('a', [4]);
    const b = g.input('b', []);
    const outs = evaluateReference(
      [equal(a, b), greater(a, b), less(a, b), where(greater(a, b), a, 0), cast(a, 'int32'), cast(a, 'bool')],
      { a: [-1.7, 2.9, 0, 2], b: [2] },
    );
    expect(outs.map((o) => [...o])).toEqual([
      [0, 0, 0, 1],
      [0, 1, 0, 0],
      [1, 0, 1, 0],
      [0, 2.9, 0, 0],
      [-1, 2, 0, 2],
      [1, 1, 0, 1],
    ]);
  });

  it('divides int32 toward zero', () => {
    const g = new Graph();
    const a = g.constant('a', Int32Array.of(7, -7, 6), [3], 'int32');
    expect([...evaluateReference([div(a, 2)])[0]]).toEqual([3, -3, 3]);
  });

  it('computes erf, sigmoid and the unary ops accurately', () => {
    // erf values from tables (Abramowitz & Stegun 7.1, extended precision).
    const cases: [number, number][] = [
      [0, 0],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [-1, -0.8427007929497149],
      [2, 0.9953222650189527],
      [3, 0.9999779095030014],
    ];
    for (const [x, want] of cases) expect(Math.abs(erf64(x) - want)).toBeLessThan(2e-16 + 1e-15 * Math.abs(want));
    const g = new Graph();
    const x = g.input('x', [3]);
    const outs = evaluateReference([sigmoid(x), relu(x), pow(x, 2), sqrt(exp(x))], { x: [-800, 0, 2] });
    expect(outs.map((o) => [...o])).toEqual([
      [0, 0.5, 1 / (1 + Math.exp(-2))],
      [0, 0, 2],
      [640000, 0, 4],
      [0, 1, Math.exp(1)],
    ]);
  });

  it('names an input that was not fed', () => {
    const g = new Graph();
    const x = g.input('x', [2]);
    expect(() => evaluateReference([exp(x)], {})).toThrow(/x:float32\[2\]/);
    expect(() => evaluateReference([exp(x)], { x: [1, 2, 3] })).toThrow(GraphError);
  });
});
