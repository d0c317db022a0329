import type { Preset } from '@grokbench/task-kit';
import { quick } from './gridworld-quick.js';

const { objective: _objective, ...shared } = quick.config;

/**
 * The quick preset's network, split, optimizer and evaluation, trained by behaviour cloning instead
 * of reward: full batch over every (training configuration, cell) state, loss −log π(A* | s) of the
 * BFS-optimal action set — labels instead of reward. It answers whether the quick preset's delay is
 * the reward's or the split's (figures in docs/gridworld.md). Its budget is quick's in compute,
 * not in steps: a full-batch step over the ~7,000 training states costs 15.9 ms against quick's
 * 7.75 ms (grokbench bench --tasks gridworld --threads 1), so 7,500 steps take what quick's 15,000 do.
 */
export const controlBc: Preset = {
  description: 'control: behaviour cloning of the BFS-optimal actions on every training state (full batch), same network, split and optimizer as quick, 7,500 steps (quick’s compute)',
  source: 'grokbench control for the quick preset (tasks/gridworld/src/presets/gridworld-control-bc.ts)',
  config: { ...shared, objective: { kind: 'behaviour-cloning' }, steps: 7_500 },
};
