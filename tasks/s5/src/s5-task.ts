import { binaryOperationDataset, binaryOperationExperiment, type Task } from '@grokbench/task-kit';
import { symmetricGroupTable } from './permutations.js';
import { power2022 } from './presets/power2022.js';
import { quick } from './presets/quick.js';
import { s5ConfigSchema, type S5Config } from './s5-config.js';

// Built once: the group never changes.
const group = symmetricGroupTable(5);

export const s5: Task<S5Config> = {
  id: 's5',
  paradigm: 'supervised',
  description: 'composition in the symmetric group S5: c = a then b, c[i] = b[a[i]], over all 14,400 pairs of the 120 permutations',
  configSchema: s5ConfigSchema,
  presets: { quick, power2022 },
  setup: (config, rng) => binaryOperationExperiment(group.table, config, rng),
  dataset: (config, rng) =>
    binaryOperationDataset(
      group.table,
      config,
      rng,
      `S5 composition (c[i] = b[a[i]]), permutations of 0..4 as arrays, train fraction ${config.data.trainFraction}`,
      (element) => group.elements[element],
    ),
};
