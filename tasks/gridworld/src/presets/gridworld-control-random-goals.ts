import type { Preset } from '@grokbench/task-kit';
import { quick } from './gridworld-quick.js';

/**
 * The quick preset with goals that no rule of (a, b) gives: each configuration's goal is a cell
 * drawn once per seed. Nothing learned on the training configurations says anything about a
 * held-out goal, so held-out success must stay at chance, and the steps to fit the training
 * configurations are the pure memorization timescale of this network, learner and budget — the
 * time the quick preset's delay is to be compared with.
 */
export const controlRandomGoals: Preset = {
  description: 'control: the quick preset with random goals (a cell per configuration, drawn once per seed): held-out success must stay at chance; its fit time is pure memorization',
  source: 'grokbench control for the quick preset (tasks/gridworld/src/presets/gridworld-control-random-goals.ts)',
  config: { ...quick.config, data: { ...(quick.config.data as object), goals: 'random' } },
};
