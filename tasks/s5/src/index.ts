import type { Task } from '@grokbench/task-kit';
import { s5 } from './s5-task.js';

export { s5 } from './s5-task.js';
export { compose, lexicographicPermutations, symmetricGroupTable, type Permutation } from './permutations.js';
export { s5ConfigSchema, type S5Config } from './s5-config.js';

/** Every task of this package, for the harness's discovery. */
export const tasks: Task[] = [s5];
