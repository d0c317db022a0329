import type { Graph } from '@grokbench/graph';
import { scheduledWeight, type ScheduledWeight } from '../schedules.js';
import type { VaeObjective } from './unsupervised-config.js';

/** β for the training loss: the objective's constant, or with `betaWarmup` its warm-up fed each step. */
export function klWeight(g: Graph, objective: Pick<VaeObjective, 'beta' | 'betaWarmup'>): ScheduledWeight {
  const { beta, betaWarmup } = objective;
  return betaWarmup === null ? scheduledWeight(g, 'vae/beta', beta, null) : scheduledWeight(g, 'vae/beta', betaWarmup.from, { to: beta, steps: betaWarmup.steps });
}
