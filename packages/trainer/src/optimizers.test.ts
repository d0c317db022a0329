import { Graph, add, buildTrainingStep, learningRateFactor, mul, square, sum, type GradientFilterSpec, type OptimizerSpec } from '@grokbench/graph';
import { Rng } from '@grokbench/task-kit';
import { describe, expect, it } from 'vitest';
import { OrtEngine } from './engines/ort-engine.js';
import { TrainingSession } from './training-session.js';

/**
 * Three steps of every optimizer and gradient filter, run as compiled ONNX graphs on ORT, against
 * a float64 re-implementation written here from the published update rules (PyTorch's SGD, Adam
 * and AdamW documentation; Grokfast's Algorithms 1 and 2).
 *
 * Loss: Σ c·w + ½·Σ w², so the gradient is c + w and depends on the parameter, which makes every
 * step's gradient different and checks that state is carried correctly.
 */
const SIZE = 5;
const STEPS = 3;

type Vec = number[];
const zerosVec = (): Vec => new Array(SIZE).fill(0);

function buildProgram(c: Float32Array, optimizer: OptimizerSpec, filter?: GradientFilterSpec) {
  const g = new Graph();
  const w = g.param('w', [SIZE], { kind: 'uniform', limit: 1 });
  const coef = g.constant('c', c, [SIZE]);
  const loss = add(sum(mul(w, coef)), mul(sum(square(w)), 0.5));
  return buildTrainingStep({ loss, optimizer, filter });
}

/** The reference: one float64 update per call, state kept in closures. */
function referenceOptimizer(spec: OptimizerSpec): (w: Vec, g: Vec, t: number) => Vec {
  const wd = spec.weightDecay ?? 0;
  // openai/grok's _scheduler_lr, written from its definition: u updates done, w warm-up steps.
  const warm = (t: number) => {
    const [u, w, anneal] = [t - 1, spec.warmupSteps ?? 0, spec.cosineAnneal];
    if (w && u <= w) return u / w;
    if (!anneal) return 1;
    if (u > w + anneal.steps) return anneal.floor;
    return anneal.floor + (1 - anneal.floor) * ((1 + Math.cos((Math.PI * (u - w)) / anneal.steps)) / 2);
  };
  if (spec.kind === 'sgd') {
    const mu = spec.momentum ?? 0;
    const buf = zerosVec();
    return (w, g, t) =>
      w.map((wi, i) => {
        const gi = g[i] + wd * wi;
        buf[i] = mu ? mu * buf[i] + gi : gi;
        return wi - spec.lr * warm(t) * buf[i];
      });
  }
  const b1 = spec.beta1 ?? 0.9;
  const b2 = spec.beta2 ?? 0.999;
  const eps = spec.eps ?? 1e-8;
  const m = zerosVec();
  const v = zerosVec();
  return (w, g, t) =>
    w.map((wi, i) => {
      const lr = spec.lr * warm(t);
      const gi = spec.kind === 'adam' ? g[i] + wd * wi : g[i];
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      const mHat = m[i] / (1 - b1 ** t);
      const vHat = v[i] / (1 - b2 ** t);
      const decayed = spec.kind === 'adamw' ? wi * (1 - lr * wd) : wi;
      return decayed - (lr * mHat) / (Math.sqrt(vHat) + eps);
    });
}

function referenceFilter(spec: GradientFilterSpec): (g: Vec) => Vec {
  if (spec.kind === 'grokfast-ema') {
    let mu: Vec | null = null;
    return (g) => {
      mu = mu ? mu.map((m, i) => spec.alpha * m + (1 - spec.alpha) * g[i]) : [...g];
      return g.map((gi, i) => gi + spec.lambda * mu![i]);
    };
  }
  const window: Vec[] = [];
  return (g) => {
    window.push(g);
    if (window.length > spec.window) window.shift();
    if (window.length < spec.window) return g;
    return g.map((gi, i) => gi + (spec.lambda * window.reduce((s, h) => s + h[i], 0)) / window.length);
  };
}

async function runBoth(optimizer: OptimizerSpec, filter?: GradientFilterSpec) {
  const rng = Rng.fromSeed(11);
  const c = Float32Array.from({ length: SIZE }, () => rng.uniform() * 2 - 1);
  const program = buildProgram(c, optimizer, filter);
  const session = await TrainingSession.create(new OrtEngine({ threads: 1 }), program, rng.split('init').uniform.bind(rng.split('init')));
  const initial: Vec = Array.from((await session.stateValues()).get('w')!.data);
  let w = initial;
  const update = referenceOptimizer(optimizer);
  const filterStep = filter ? referenceFilter(filter) : (g: Vec) => g;
  const ours: Vec[] = [];
  const expected: Vec[] = [];
  for (let t = 1; t <= STEPS; t++) {
    await session.step();
    ours.push(Array.from((await session.stateValues()).get('w')!.data));
    const grad = w.map((wi, i) => c[i] + wi);
    w = update(w, filterStep(grad), t);
    expected.push(w);
  }
  await session.dispose();
  return { initial, ours, expected };
}

function expectClose(ours: Vec[], expected: Vec[]) {
  for (let t = 0; t < expected.length; t++) {
    for (let i = 0; i < SIZE; i++) {
      expect(Math.abs(ours[t][i] - expected[t][i]), `step ${t + 1}, element ${i}`).toBeLessThan(1e-5 * (1 + Math.abs(expected[t][i])));
    }
  }
}

const CASES: [string, OptimizerSpec, GradientFilterSpec?][] = [
  ['SGD', { kind: 'sgd', lr: 0.1 }],
  ['SGD with momentum and coupled weight decay', { kind: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 0.01 }],
  ['Adam', { kind: 'adam', lr: 0.05, beta1: 0.9, beta2: 0.98 }],
  ['Adam with coupled L2 weight decay', { kind: 'adam', lr: 0.05, beta1: 0.9, beta2: 0.98, weightDecay: 0.01 }],
  ['AdamW with decoupled weight decay', { kind: 'adamw', lr: 0.05, beta1: 0.9, beta2: 0.98, weightDecay: 1 }],
  ['AdamW with linear warm-up', { kind: 'adamw', lr: 0.05, weightDecay: 0.5, warmupSteps: 2 }],
  // Factors 0, 1, 0.55: warm-up, the anneal's start and its midpoint.
  ['AdamW with warm-up and a cosine anneal', { kind: 'adamw', lr: 0.05, weightDecay: 0.5, warmupSteps: 1, cosineAnneal: { steps: 2, floor: 0.1 } }],
  ['SGD with a cosine anneal and no warm-up', { kind: 'sgd', lr: 0.1, cosineAnneal: { steps: 1, floor: 0.25 } }],
  ['Grokfast EMA before Adam', { kind: 'adam', lr: 0.05, beta2: 0.98, weightDecay: 0.005 }, { kind: 'grokfast-ema', alpha: 0.98, lambda: 2 }],
  ['Grokfast EMA before AdamW', { kind: 'adamw', lr: 0.05, weightDecay: 1 }, { kind: 'grokfast-ema', alpha: 0.5, lambda: 2 }],
  // Window 2 over three steps: off at step 1, on at step 2, and step 3 evicts the first gradient.
  ['Grokfast MA before Adam', { kind: 'adam', lr: 0.05, beta2: 0.98, weightDecay: 0.01 }, { kind: 'grokfast-ma', window: 2, lambda: 5 }],
  ['Grokfast MA before SGD', { kind: 'sgd', lr: 0.05 }, { kind: 'grokfast-ma', window: 2, lambda: 5 }],
];

describe('optimizers and gradient filters, three steps on ORT against a float64 reference', () => {
  for (const [name, optimizer, filter] of CASES) {
    it(name, async () => {
      const { ours, expected } = await runBoth(optimizer, filter);
      expectClose(ours, expected);
      // The parameters really moved, so agreement is not trivially about unchanged values.
      expect(Math.abs(ours[STEPS - 1][0] - ours[0][0])).toBeGreaterThan(1e-4);
    });
  }

  it('the cosine anneal runs from the full rate after the warm-up to its floor, and stays there', () => {
    const anneal = { steps: 100, floor: 0.1 };
    expect(learningRateFactor(1, 10, anneal)).toBe(0);
    expect(learningRateFactor(11, 10, anneal)).toBe(1);
    expect(learningRateFactor(61, 10, anneal)).toBeCloseTo(0.55, 12);
    expect(learningRateFactor(111, 10, anneal)).toBeCloseTo(0.1, 12);
    expect(learningRateFactor(10_000, 10, anneal)).toBeCloseTo(0.1, 12);
    for (let t = 12; t < 120; t++) expect(learningRateFactor(t, 10, anneal)).toBeLessThanOrEqual(learningRateFactor(t - 1, 10, anneal));
    expect(learningRateFactor(10_000, 10, null)).toBe(1);
  });

  it('the first warm-up step leaves parameters unchanged, as LambdaLR(min(u/w, 1)) does', async () => {
    const { initial, ours } = await runBoth({ kind: 'adamw', lr: 0.05, weightDecay: 1, warmupSteps: 10 });
    expect(ours[0]).toEqual(initial);
    expect(ours[1]).not.toEqual(initial);
  });
});
