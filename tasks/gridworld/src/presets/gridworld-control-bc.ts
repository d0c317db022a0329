import type { Preset } from '@grokbench/trainer';
import { quick } from './gridworld-quick.js';

const { objective: _objective, ...shared } = quick.config;

/**
 * The quick preset's network, split, optimizer and evaluation, trained by behaviour cloning instead
 * of reward: full batch over every (training configuration, cell) state, loss −log π(A* | s) of the
 * BFS-optimal action set. It separates the effect of the reward signal from the task. Measured with
 * seeds 0–2 (grokbench run --task gridworld --preset control-bc --seed s --threads 1): train greedy
 * success 1.0 from step 200 (tFit 200), held-out 0.12 / 0.15 / 0.11 at step 3,000, per-state
 * held-out accuracy at best 0.90 / 0.92 / 0.88 — phase memorization. Reward alone (quick) fits worse
 * but generalizes more (held-out 0.26–0.40): the task itself, not only the reward, keeps this policy
 * from generalizing at this size. Fewer steps than quick: a full-batch step is dearer, and it has
 * fit long before.
 */
export const controlBc: Preset = {
  description: 'control: behaviour cloning of the BFS-optimal actions on every training state (full batch), same network, split and optimizer as quick, 3,000 steps',
  source: 'grokbench control for the quick preset (tasks/gridworld/src/presets/gridworld-control-bc.ts)',
  config: { ...shared, objective: { kind: 'behaviour-cloning' }, steps: 3_000 },
};
