import {
  binaryOperationExperiment,
  binaryOperationTable,
  type BinaryOperationOptions,
  buildSupervisedConfigSchema,
  ConfigError,
  type Experiment,
  type SupervisedConfig,
  type Task,
} from '@grokbench/task-kit';
import { OrtEngine } from '@grokbench/trainer';
import { describe, expect, it } from 'vitest';
import { benchTask } from './task-bench.js';

const P = 11;
const pairs = Array.from({ length: P * P }, (_, i) => [Math.floor(i / P), i % P] as const);
const table = binaryOperationTable(P, pairs, (a, b) => (a + b) % P);

/** Addition mod 11 with a small MLP on minibatches of 16, recording the step numbers it is asked for. */
function tinyTask(stepsAsked: number[], options: BinaryOperationOptions = {}): Task<SupervisedConfig> {
  return {
    id: 'tiny-add',
    paradigm: 'supervised',
    description: 'a + b mod 11',
    configSchema: buildSupervisedConfigSchema({}) as unknown as Task<SupervisedConfig>['configSchema'],
    presets: {
      quick: {
        description: 'tiny',
        config: { model: { kind: 'mlp', hidden: 32 }, optimizer: { kind: 'adamw', lr: 1e-3 }, batchSize: 16, steps: 100 },
      },
    },
    setup(config, rng): Experiment {
      const experiment = binaryOperationExperiment(table, config, rng, options);
      return {
        ...experiment,
        nextBatch: (step, batchRng) => {
          stepsAsked.push(step);
          return experiment.nextBatch(step, batchRng);
        },
      };
    },
    dataset: () => ({ description: 'a + b mod 11', examples: [] }),
  };
}

describe('benchTask', () => {
  it('times consecutive steps of the resolved config and derives the throughput figures from one mean', async () => {
    const steps: number[] = [];
    const engine = new OrtEngine({ threads: 1 });
    const result = await benchTask({ task: tinyTask(steps) as unknown as Task, preset: 'quick', method: 'adamw', engine, seconds: 0.2 });

    // Every step, warm-up included, asked for the batch of the next step number: 1, 2, 3, …
    expect(steps).toEqual(Array.from({ length: steps.length }, (_, i) => i + 1));
    expect(result.samples).toBeGreaterThanOrEqual(3);
    expect(steps.length).toBeGreaterThan(result.samples);

    expect(result).toMatchObject({ task: 'tiny-add', paradigm: 'supervised', preset: 'quick', method: 'adamw', examplesPerStep: 16 });
    expect(result.engine).toEqual(engine.info);
    expect(result.stepsPerSecond).toBeGreaterThan(0);
    expect(result.msPerStep * result.stepsPerSecond).toBeCloseTo(1000, 0);
    expect(result.examplesPerSecond / result.stepsPerSecond).toBeCloseTo(16, 2);
    expect(result.flopsPerStep).toBeGreaterThan(0);
    expect((result.gflops * 1e9) / (result.flopsPerStep * result.stepsPerSecond)).toBeCloseTo(1, 2);
    expect(Number.isFinite(result.rmePercent)).toBe(true);
  });

  it('times an evaluation without and with the companion series, and their share of a run', async () => {
    const engine = new OrtEngine({ threads: 1 });
    const plain = await benchTask({ task: tinyTask([]) as unknown as Task, preset: 'quick', method: 'adamw', engine, seconds: 0.05 });
    expect(plain.msPerEvaluation).toBeUndefined();
    const measured = await benchTask({ task: tinyTask([], { residueGroup: 'additive' }) as unknown as Task, preset: 'quick', method: 'adamw', engine, seconds: 0.05 });
    expect(measured.msPerEvaluation!.scores).toBeGreaterThan(0);
    expect(measured.msPerEvaluation!.withCompanions).toBeGreaterThan(0);
    expect(Number.isFinite(measured.companionOverheadPercent)).toBe(true);
  });

  it("times the method's gradient filter as part of the step", async () => {
    const engine = new OrtEngine({ threads: 1 });
    const plain = await benchTask({ task: tinyTask([]) as unknown as Task, preset: 'quick', method: 'adamw', engine, seconds: 0.05 });
    const filtered = await benchTask({ task: tinyTask([]) as unknown as Task, preset: 'quick', method: 'grokfast-ema', engine, seconds: 0.05 });
    expect(filtered.flopsPerStep).toBeGreaterThan(plain.flopsPerStep);
  });

  it('rejects a preset the task does not have, naming the presets it has', async () => {
    const request = { task: tinyTask([]) as unknown as Task, preset: 'nope', method: 'adamw', engine: new OrtEngine(), seconds: 0.05 };
    await expect(benchTask(request)).rejects.toThrow(ConfigError);
    await expect(benchTask(request)).rejects.toThrow(/presets: quick/);
  });
});
