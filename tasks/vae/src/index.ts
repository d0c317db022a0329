import type { Task } from '@grokbench/task-kit';
import { vaeDigits } from './vae-digits-task.js';
import { vaeModular } from './vae-modular-task.js';

export { vaeModular } from './vae-modular-task.js';
export { vaeDigits } from './vae-digits-task.js';
export { vaeDigitsConfigSchema, type VaeDigitsConfig } from './vae-digits-config.js';
export { downsample, mnistImages, nearestCopyErrors, type DigitImages } from './digit-images.js';
export { maskCompletion, maskOneSlot, tripleTable, triplesAt, TRIPLE_OPERATIONS, type TripleOperation, type TripleTable } from './modular-triples.js';
export { vaeModularConfigSchema, MAX_VAE_MODULUS, type VaeModularConfig } from './vae-modular-config.js';

/** The tasks this package contributes; the harness discovers them through package.json's "grokbench" field. */
export const tasks: Task[] = [vaeModular as unknown as Task, vaeDigits as unknown as Task];
