import { binaryOperationDataset, binaryOperationExperiment, type Preset, type ResidueGroup, type Task } from '@grokbench/task-kit';
import { modularConfigSchema, modularMulConfigSchema, type ModularConfig, type ModularMulConfig } from './modular-config.js';
import { MODULAR_OPERATIONS, modularTable, type ModularOperationId } from './modular-operations.js';
import { grokfast2024 } from './presets/grokfast2024.js';
import { nanda2023 } from './presets/nanda2023.js';
import { power2022Preset } from './presets/power2022.js';
import { quickPreset } from './presets/quick.js';

/** The cyclic group each operation's residues form: its progress measures' Fourier basis. */
const RESIDUE_GROUP: Readonly<Record<ModularOperationId, ResidueGroup>> = { add: 'additive', sub: 'additive', mul: 'multiplicative', div: 'multiplicative' };

type AnyModularConfig = ModularConfig | ModularMulConfig;

const excludesZero = (config: AnyModularConfig) => 'excludeZeroRight' in config.data && config.data.excludeZeroRight;

function modularTask<C extends AnyModularConfig>(
  op: ModularOperationId,
  configSchema: Task<C>['configSchema'],
  presets: Record<string, Preset>,
): Task<C> {
  const operation = MODULAR_OPERATIONS[op];
  const table = (config: C) => modularTable(operation, config.data.p, excludesZero(config));
  return {
    id: `modular-${op}`,
    paradigm: 'supervised',
    description: `c = ${operation.equation} for a prime p: learn the table from a fraction of its equations`,
    configSchema,
    presets,
    setup: (config, rng) => binaryOperationExperiment(table(config), config, rng, { residueGroup: RESIDUE_GROUP[operation.id] }),
    dataset: (config, rng) =>
      binaryOperationDataset(table(config), config, rng, `${operation.equation}, p = ${config.data.p}, train fraction ${config.data.trainFraction}`),
  };
}

export const modularAdd = modularTask<ModularConfig>('add', modularConfigSchema, {
  quick: quickPreset('add'),
  power2022: power2022Preset('add'),
  nanda2023,
});
export const modularSub = modularTask<ModularConfig>('sub', modularConfigSchema, {
  quick: quickPreset('sub'),
  power2022: power2022Preset('sub'),
});
export const modularDiv = modularTask<ModularConfig>('div', modularConfigSchema, {
  quick: quickPreset('div'),
  power2022: power2022Preset('div'),
});
export const modularMul = modularTask<ModularMulConfig>('mul', modularMulConfigSchema, {
  quick: quickPreset('mul'),
  power2022: power2022Preset('mul'),
  grokfast2024,
});
