import { buildTrainingStep } from '@grokbench/graph';
import { Rng, mergeConfig, parseConfig } from '@grokbench/task-kit';
import { OrtEngine, TrainingSession } from '@grokbench/trainer';
import { describe, expect, it } from 'vitest';
import { modularAdd } from './modular-task.js';

describe('modular-add quick on the ORT engine', () => {
  it('fits its training set (accuracy 1.0) long before it generalizes', async () => {
    const config = parseConfig(modularAdd.configSchema, mergeConfig(modularAdd.presets.quick.config), 'modular-add');
    const rng = Rng.fromSeed(0);
    const experiment = modularAdd.setup(config, rng.split('data'));
    const program = buildTrainingStep({ loss: experiment.loss, optimizer: config.optimizer });
    const engine = new OrtEngine();
    const init = rng.split('init');
    const session = await TrainingSession.create(engine, program, () => init.uniform());
    const evaluation = await engine.compile(experiment.graph, experiment.evaluation);
    const batches = rng.split('batches');
    let scores = { train: 0, heldout: 0 };
    for (let step = 1; step <= 600 && scores.train < 1; step++) {
      await session.step(experiment.nextBatch(step, batches));
      if (step % 25 === 0) {
        const out = await evaluation.run(session.paramFeeds());
        scores = { train: out.train.data[0], heldout: out.heldout.data[0] };
      }
    }
    await Promise.all([session.dispose(), evaluation.dispose()]);
    expect(scores.train).toBe(1);
    // Memorized, not yet grokked: the first half of the grokking signature.
    expect(scores.heldout).toBeLessThan(0.5);
  });
});
