import { Rng } from '@grokbench/task-kit';
import { OrtEngine, TrainingSession } from '@grokbench/trainer';
import { describe, expect, it } from 'vitest';
import { buildReferenceMlp, modularAdditionTrainSet } from './reference-mlp.js';

describe('the reference MLP (p = 97, hidden 512, half the pairs)', () => {
  it('uses 4,704 distinct pairs with answers (a + b) mod 97', () => {
    const { a, b, answer } = modularAdditionTrainSet(97, 0.5, Rng.fromSeed(0));
    expect(a.length).toBe(4704);
    const pairs = new Set<number>();
    for (let i = 0; i < a.length; i++) {
      expect(answer[i]).toBe((a[i] + b[i]) % 97);
      pairs.add(a[i] * 97 + b[i]);
    }
    expect(pairs.size).toBe(4704);
  });

  it('memorizes its training set (accuracy 1.0) on the ORT engine', async () => {
    const mlp = buildReferenceMlp();
    const session = await TrainingSession.create(new OrtEngine(), mlp.program, () => mlp.initRng.uniform());
    let metrics = await session.step();
    const firstLoss = metrics.loss;
    for (let i = 1; i < 600 && metrics.accuracy < 1; i++) metrics = await session.step();
    await session.dispose();
    expect(metrics.accuracy).toBe(1);
    expect(metrics.loss).toBeLessThan(firstLoss / 2);
  });
});
