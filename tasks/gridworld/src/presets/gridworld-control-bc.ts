import type { Preset } from '@grokbench/task-kit';
import { quick } from './gridworld-quick.js';

const { objective: _objective, ...shared } = quick.config;

/**
 * The quick preset's network, split, optimizer and evaluation, trained by behaviour cloning instead
 * of reward: full batch over every (training configuration, cell) state, loss −log π(A* | s) of the
 * BFS-optimal action set — labels instead of reward. It answers whether the quick preset's delay is
 * the reward's or the split's (figures in docs/gridworld.md). Its budget is quick's in steps,
 * 15,000, and a little more in compute: a full-batch step over the ~7,000 training states costs
 * 16.5 ms against quick's 13.9 ms (grokbench bench --tasks gridworld --preset <p> --threads 1).
 */
export const controlBc: Preset = {
  description: 'control: behaviour cloning of the BFS-optimal actions on every training state (full batch), same network, split and optimizer as quick, 15,000 steps (quick’s budget)',
  source: 'grokbench control for the quick preset (tasks/gridworld/src/presets/gridworld-control-bc.ts)',
  config: { ...shared, objective: { kind: 'behaviour-cloning' }, steps: 15_000 },
};
