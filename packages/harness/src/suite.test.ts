import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { binaryOperationExperiment, binaryOperationTable, buildSupervisedConfigSchema, type SupervisedConfig, type Task } from '@grokbench/task-kit';
import { OrtEngine } from '@grokbench/trainer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { planSuite, runSuite } from './suite.js';

const P = 7;
const pairs = Array.from({ length: P * P }, (_, i) => [Math.floor(i / P), i % P] as const);
const table = binaryOperationTable(P, pairs, (a, b) => (a + b) % P);

/** Addition mod 7 with a small MLP, full batch, 20 steps: a suite of it takes well under a second. */
const tinyAdd: Task<SupervisedConfig> = {
  id: 'tiny-add',
  paradigm: 'supervised',
  description: 'a + b mod 7',
  configSchema: buildSupervisedConfigSchema({}) as unknown as Task<SupervisedConfig>['configSchema'],
  presets: { quick: { description: 'tiny', config: { model: { kind: 'mlp', hidden: 16 }, optimizer: { kind: 'adamw', lr: 1e-3 }, steps: 20, evalEvery: 10 } } },
  setup: (config, rng) => binaryOperationExperiment(table, config, rng),
  dataset: () => ({ description: 'a + b mod 7', examples: [] }),
};

describe('runSuite', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('starts an engine for each run it trains and disposes it, and none for the runs it skips', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'grokbench-suite-engines-')), 'leaderboard.json');
    const created = vi.spyOn(OrtEngine, 'create');
    const disposed = vi.spyOn(OrtEngine.prototype, 'dispose');
    const suite = () => runSuite({ jobs: planSuite([tinyAdd as unknown as Task], 'quick', ['adamw'], [0, 1]), out, engine: 'ort', device: 'cpu', threads: 1 });

    const first = await suite();
    expect(first.ran).toHaveLength(2);
    expect(created).toHaveBeenCalledTimes(2);
    expect(disposed).toHaveBeenCalledTimes(2);

    const again = await suite();
    expect(again.ran).toHaveLength(0);
    expect(again.reused).toEqual(first.ran.map((r) => r.runId));
    expect(created).toHaveBeenCalledTimes(2);
  });
});
