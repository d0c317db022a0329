import type { Task } from '@grokbench/task-kit';
import { gridworld } from './gridworld-task.js';

export { gridworld, gridworldData, chanceLevel, type GridworldData } from './gridworld-task.js';
export { ACTIONS, buildEnvironment, coordinates, goalOf, optimalActions, randomPolicySuccess, type Environment, type World } from './environment.js';
export { gridworldConfigSchema, MAX_SIDE, type GridworldConfig } from './gridworld-config.js';

/** The tasks this package contributes; the harness discovers them through package.json's "grokbench" field. */
export const tasks: Task[] = [gridworld as unknown as Task];
