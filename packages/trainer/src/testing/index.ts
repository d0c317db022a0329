// Test helpers for task packages (`@grokbench/trainer/testing`): train a task's experiment in a
// vitest test as the harness does, and check that its curve is reproducible and resumable.
export { taskRuns, withoutTiming } from './task-runs.js';
export { relativeError } from './numerics.js';
export { initialParams, lossGradients } from './gradients.js';
