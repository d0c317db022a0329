import type { Preset } from '@grokbench/trainer';
import { quick } from './gridworld-quick.js';

const { objective: _objective, ...shared } = quick.config;

/** PILOT */
export const controlBc: Preset = {
  description: 'control: behaviour cloning of the BFS-optimal actions on every training state, same network, split and optimizer as quick',
  source: 'grokbench control for the quick preset (tasks/gridworld/src/presets/gridworld-control-bc.ts)',
  config: { ...shared, objective: { kind: 'behaviour-cloning' } },
};
