import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Graph, accuracy, add, crossEntropy, gather, matmul, relu, type Tensor } from '@grokbench/graph';
import { Rng, type Experiment, trainingConfigSchema, type TrainingConfig } from '@grokbench/task-kit';
import { afterEach, describe, expect, it } from 'vitest';
import type { CurvePoint } from './curve.js';
import { OrtEngine } from './engines/ort-engine.js';
import { train, type TrainOptions } from './train-loop.js';
import { isEvalStep } from './eval-schedule.js';

/** Modular addition mod 11 with a small MLP, minibatches of 16, evaluated on baked-in splits. */
function tinyExperiment(seed: number): Experiment {
  const p = 11;
  const order = Rng.fromSeed(seed).split('split').shuffle(Array.from({ length: p * p }, (_, i) => i));
  const split = (ids: number[]) => ({
    a: Int32Array.from(ids, (i) => Math.floor(i / p)),
    b: Int32Array.from(ids, (i) => i % p),
    y: Int32Array.from(ids, (i) => (Math.floor(i / p) + (i % p)) % p),
  });
  const trainSet = split(order.slice(0, 60));
  const heldSet = split(order.slice(60));
  const g = new Graph();
  const embedA = g.param('embed_a', [p, 32], { kind: 'fan-in-uniform' });
  const embedB = g.param('embed_b', [p, 32], { kind: 'fan-in-uniform' });
  const out = g.param('out', [32, p], { kind: 'fan-in-uniform' });
  const logits = (a: Tensor, b: Tensor) => matmul(relu(add(gather(embedA, a), gather(embedB, b))), out);
  const consts = (name: string, s: ReturnType<typeof split>) => ({
    a: g.constant(`${name}/a`, s.a, [s.a.length], 'int32'),
    b: g.constant(`${name}/b`, s.b, [s.b.length], 'int32'),
    y: g.constant(`${name}/y`, s.y, [s.y.length], 'int32'),
  });
  const tr = consts('train', trainSet);
  const he = consts('heldout', heldSet);
  const batch = { a: g.input('batch/a', [16], 'int32'), b: g.input('batch/b', [16], 'int32'), y: g.input('batch/y', [16], 'int32') };
  const trLogits = logits(tr.a, tr.b);
  const heLogits = logits(he.a, he.b);
  return {
    graph: g,
    loss: crossEntropy(logits(batch.a, batch.b), batch.y),
    evaluation: {
      train: accuracy(trLogits, tr.y),
      heldout: accuracy(heLogits, he.y),
      trainLoss: crossEntropy(trLogits, tr.y),
      heldoutLoss: crossEntropy(heLogits, he.y),
    },
    chance: 1 / p,
    examplesPerStep: 16,
    nextBatch(step, rng) {
      const stepRng = rng.split(`step ${step}`);
      const pick = Array.from({ length: 16 }, () => stepRng.int(60));
      const feed = (src: Int32Array) => ({ dtype: 'int32' as const, shape: [16], data: Int32Array.from(pick, (i) => src[i]) });
      return { 'batch/a': feed(trainSet.a), 'batch/b': feed(trainSet.b), 'batch/y': feed(trainSet.y) };
    },
  };
}

const config: TrainingConfig = trainingConfigSchema.parse({
  optimizer: { kind: 'adamw', lr: 0.01, weightDecay: 0.5, warmupSteps: 5 },
  filter: { kind: 'grokfast-ma', window: 4, lambda: 2 },
  steps: 90,
  evalEvery: 10,
  checkpointEvery: 20,
  checkpointSeconds: 0,
});

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function runFiles() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grokbench-loop-'));
  dirs.push(dir);
  return { curve: path.join(dir, 'curve.jsonl'), checkpoint: path.join(dir, 'checkpoint.bin') };
}

function options(seed: number, extra: Partial<TrainOptions> = {}): TrainOptions {
  const rng = Rng.fromSeed(seed);
  return { engine: new OrtEngine({ threads: 2 }), experiment: tinyExperiment(seed), config, rng: { init: rng.split('init'), batches: rng.split('batches') }, ...extra };
}

/** The curve without its timing field, which legitimately differs between runs. */
const withoutTiming = (curve: CurvePoint[]) => curve.map(({ trainSeconds: _, ...rest }) => rest);

const readCurve = (file: string) =>
  fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CurvePoint);

describe('train loop', () => {
  it('evaluates at step 0, log-spaced early, every k steps and at the end of the budget', () => {
    const steps = Array.from({ length: 251 }, (_, s) => s).filter((s) => isEvalStep(s, 50, 250));
    expect(steps).toEqual([0, 1, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20, 25, 32, 40, 50, 100, 150, 200, 250]);
    expect(isEvalStep(275, 100, 275)).toBe(true);
  });

  it('gives the same curve for the same seed, engine and threads', async () => {
    const first = await train(options(1));
    const second = await train(options(1));
    expect(first.curve.map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 8, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(withoutTiming(second.curve)).toEqual(withoutTiming(first.curve));
    expect(first.curve.at(-1)!.train).toBeGreaterThan(first.curve[0].train);
    const other = await train(options(2));
    expect(withoutTiming(other.curve)).not.toEqual(withoutTiming(first.curve));
  });

  it('streams the curve to disk as it runs', async () => {
    const files = runFiles();
    const result = await train(options(1, { files }));
    expect(withoutTiming(readCurve(files.curve))).toEqual(withoutTiming(result.curve));
  });

  it('resumes an interrupted run to exactly the uninterrupted result', async () => {
    const reference = await train(options(1, { files: runFiles() }));
    const files = runFiles();
    const controller = new AbortController();
    const stopped = await train(options(1, { files, signal: controller.signal, onStep: (s) => s === 37 && controller.abort() }));
    expect(stopped.stoppedBy).toBe('interrupted');
    expect(stopped.stepsRun).toBe(37);
    const resumed = await train(options(1, { files, resume: true }));
    expect(resumed.resumedFrom).toBe(37);
    expect(withoutTiming(resumed.curve)).toEqual(withoutTiming(reference.curve));
    expect(withoutTiming(readCurve(files.curve))).toEqual(withoutTiming(reference.curve));
  });

  it('resumes a crashed run from its last periodic checkpoint to exactly the uninterrupted result', async () => {
    const reference = await train(options(1));
    const files = runFiles();
    const crash = (s: number) => {
      if (s === 53) throw new Error('simulated crash');
    };
    await expect(train(options(1, { files, onStep: crash }))).rejects.toThrow('simulated crash');
    // The curve on disk runs past the last checkpoint (step 40); resuming must drop that tail.
    expect(readCurve(files.curve).at(-1)!.step).toBe(50);
    const resumed = await train(options(1, { files, resume: true }));
    expect(resumed.resumedFrom).toBe(40);
    expect(withoutTiming(resumed.curve)).toEqual(withoutTiming(reference.curve));
  });

  it('stops once the held-out score has stayed at or above 0.99 for the patience window', async () => {
    const easy = { ...config, patience: 20, steps: 3000, evalEvery: 10, filter: null };
    const rng = Rng.fromSeed(5);
    const experiment = tinyExperiment(5);
    // Evaluate held-out on the training set so that "generalization" is reachable in a few steps.
    experiment.evaluation.heldout = experiment.evaluation.train;
    const result = await train({ engine: new OrtEngine(), experiment, config: easy, rng: { init: rng.split('init'), batches: rng.split('batches') } });
    expect(result.stoppedBy).toBe('generalized');
    const firstAbove = result.curve.findIndex((p, i) => result.curve.slice(i).every((q) => q.heldout >= 0.99));
    expect(result.stepsRun - result.curve[firstAbove].step).toBeGreaterThanOrEqual(20);
    expect(result.stepsRun).toBeLessThan(3000);
  });
});
