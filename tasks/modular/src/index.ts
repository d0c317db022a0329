import type { Task } from '@grokbench/task-kit';
import { modularAdd, modularDiv, modularMul, modularSub } from './modular-task.js';

export { modularAdd, modularDiv, modularMul, modularSub } from './modular-task.js';
export { MODULAR_OPERATIONS, modularTable, type ModularOperation, type ModularOperationId } from './modular-operations.js';
export { modularConfigSchema, modularMulConfigSchema, type ModularConfig, type ModularMulConfig } from './modular-config.js';
export { isPrime, modInverse } from './number-theory.js';

/** Every task of this package, for the harness's discovery. */
export const tasks: Task[] = [modularAdd, modularSub, modularDiv, modularMul];
