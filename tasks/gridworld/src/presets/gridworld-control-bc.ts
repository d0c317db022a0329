import type { Preset } from '@grokbench/task-kit';
import { quick } from './gridworld-quick.js';

const { objective: _objective, ...shared } = quick.config;

/**
 * The quick preset's network, split, optimizer and evaluation, trained by behaviour cloning instead
 * of reward: full batch over every (training configuration, cell) state, loss −log π(A* | s) of the
 * BFS-optimal action set. It separates the effect of the reward signal from the task. Measured with
 * seeds 0–2 (grokbench suite --tasks gridworld --preset control-bc --seeds 3 --threads 1, 57–68 s
 * each): every seed fits at step 400; held-out success crosses 0.95 at 600 and 1,000 in seeds 0 and
 * 2 and never in seed 1, then falls to 0.58 / 0.81 / 0.93 at step 2,000 as the weight norm doubles
 * (phases comprehension, memorization, grokking). With the labels the policy generalizes almost at
 * once, then overfits; from reward alone (quick) it fits later, memorizes, and generalizes after.
 * Fewer steps than quick: a full-batch step over ~9,700 states is dearer, and it has fit long before.
 */
export const controlBc: Preset = {
  description: 'control: behaviour cloning of the BFS-optimal actions on every training state (full batch), same network, split and optimizer as quick, 2,000 steps',
  source: 'grokbench control for the quick preset (tasks/gridworld/src/presets/gridworld-control-bc.ts)',
  config: { ...shared, objective: { kind: 'behaviour-cloning' }, steps: 2_000 },
};
