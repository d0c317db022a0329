import type { Task } from '@grokbench/trainer';
import { vaeModular } from './vae-modular-task.js';

export { vaeModular } from './vae-modular-task.js';
export { maskCompletion, maskOneSlot, tripleTable, triplesAt, TRIPLE_OPERATIONS, type TripleOperation, type TripleTable } from './modular-triples.js';
export { vaeModularConfigSchema, MAX_VAE_MODULUS, type VaeModularConfig } from './vae-modular-config.js';

/** The tasks this package contributes; the harness discovers them through package.json's "grokbench" field. */
export const tasks: Task[] = [vaeModular as unknown as Task];
