import { Graph, accuracy, add, buildTrainingStep, crossEntropy, gather, matmul, mean, reshape, tanh } from '@grokbench/graph';
import { Rng } from '@grokbench/task-kit';
import { describe, expect, it } from 'vitest';
import { TrainingSession } from '../training-session.js';
import { EngineUnavailableError } from './engine.js';
import { OrtEngine } from './ort-engine.js';

/** A small embedding + MLP classifier with minibatches fed each step. */
function smallClassifier() {
  const g = new Graph();
  const tokens = g.input('tokens', [8, 2], 'int32');
  const labels = g.input('labels', [8], 'int32');
  const embed = g.param('embed', [5, 6], { kind: 'normal', std: 1 });
  const w = g.param('w', [12, 5], { kind: 'fan-in-uniform' });
  const b = g.param('b', [5], { kind: 'zeros' });
  const logits = add(matmul(tanh(reshape(gather(embed, tokens), [8, 12])), w), b);
  return buildTrainingStep({
    loss: crossEntropy(logits, labels),
    optimizer: { kind: 'adamw', lr: 0.01, weightDecay: 0.1 },
    filter: { kind: 'grokfast-ma', window: 3, lambda: 2 },
    metrics: { accuracy: accuracy(logits, labels), meanLogit: mean(logits) },
  });
}

function batches(seed: number, count: number) {
  const rng = Rng.fromSeed(seed);
  return Array.from({ length: count }, () => ({
    tokens: { dtype: 'int32' as const, shape: [8, 2], data: Int32Array.from({ length: 16 }, () => rng.int(5)) },
    labels: { dtype: 'int32' as const, shape: [8], data: Int32Array.from({ length: 8 }, () => rng.int(5)) },
  }));
}

async function lossCurve(seed: number, threads: number): Promise<number[]> {
  const program = smallClassifier();
  const init = Rng.fromSeed(seed).split('init');
  const session = await TrainingSession.create(new OrtEngine({ threads }), program, () => init.uniform());
  const curve: number[] = [];
  for (const batch of batches(seed, 12)) curve.push((await session.step(batch)).loss);
  await session.dispose();
  return curve;
}

describe('OrtEngine', () => {
  it('asks for CUDA with one line saying how to install it, where the CUDA provider is missing', () => {
    let error: unknown;
    try {
      new OrtEngine({ device: 'cuda' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EngineUnavailableError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain('npm run install:cuda');
  });

  it('gives the same curve for the same seed and thread count, and a different one for another seed', async () => {
    const first = await lossCurve(3, 2);
    const second = await lossCurve(3, 2);
    expect(second).toEqual(first);
    expect(await lossCurve(4, 2)).not.toEqual(first);
  });

  it('feeds minibatches and returns every metric by name', async () => {
    const program = smallClassifier();
    expect(program.batchInputs.map((t) => t.name).sort()).toEqual(['labels', 'tokens']);
    const init = Rng.fromSeed(0).split('init');
    const session = await TrainingSession.create(new OrtEngine({ threads: 1 }), program, () => init.uniform());
    const metrics = await session.step(batches(0, 1)[0]);
    expect(Object.keys(metrics)).toEqual(['loss', 'accuracy', 'meanLogit']);
    expect(metrics.loss).toBeGreaterThan(0);
    expect(session.stepsDone).toBe(1);
    await session.dispose();
  });

  it('reports a missing feed by name', async () => {
    const program = smallClassifier();
    const init = Rng.fromSeed(0).split('init');
    const session = await TrainingSession.create(new OrtEngine({ threads: 1 }), program, () => init.uniform());
    await expect(session.step({})).rejects.toThrow(/missing feed "(tokens|labels)"/);
    await session.dispose();
  });
});
