import type { Preset } from '@grokbench/trainer';
import { quick } from './gridworld-quick.js';

const { objective: _objective, ...shared } = quick.config;

/**
 * The quick preset's network, split, optimizer and evaluation, trained by behaviour cloning instead
 * of reward: full batch over every (training configuration, cell) state, loss −log π(A* | s) of the
 * BFS-optimal action set. It separates the effect of the reward signal from the task: measured on
 * the pilots above, cloning fits the training states within ~1,000 steps and its held-out greedy
 * success stays low (ring n = 23, two hidden layers, 70 %: train 1.0, held-out 0.18–0.20, per-state
 * accuracy 0.86 at step 1,200), so the task itself, not only the reward, keeps the policy from
 * generalizing at this size. Fewer steps than quick: a full-batch step is dearer and it has fit by then.
 */
export const controlBc: Preset = {
  description: 'control: behaviour cloning of the BFS-optimal actions on every training state (full batch), same network, split and optimizer as quick, 3,000 steps',
  source: 'grokbench control for the quick preset (tasks/gridworld/src/presets/gridworld-control-bc.ts)',
  config: { ...shared, objective: { kind: 'behaviour-cloning' }, steps: 3_000 },
};
