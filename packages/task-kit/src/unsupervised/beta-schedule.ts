import type { Graph, HostTensor, Tensor } from '@grokbench/graph';
import { linearAnneal } from '../schedules.js';
import type { VaeObjective } from './unsupervised-config.js';

/** The KL weight of a step's loss and the feeds that set it. */
export interface KlWeight {
  /** β as the loss reads it: a constant, or a graph input when it is scheduled. */
  beta: Tensor | number;
  /** The feeds of 1-based step `step` ({} for a constant β). */
  feeds(step: number): Record<string, HostTensor>;
}

/**
 * β for the training loss: the objective's constant, or with `betaWarmup` an input fed each step
 * from the schedule (a function of the step alone, so a resumed run continues exactly). A constant
 * β keeps the graph as it was before schedules existed.
 */
export function klWeight(g: Graph, objective: Pick<VaeObjective, 'beta' | 'betaWarmup'>): KlWeight {
  const { beta, betaWarmup } = objective;
  if (betaWarmup === null) return { beta, feeds: () => ({}) };
  const input = g.input('vae/beta', []);
  const schedule = { to: beta, steps: betaWarmup.steps };
  return {
    beta: input,
    feeds: (step) => ({ [input.name]: { dtype: 'float32', shape: [], data: Float32Array.of(linearAnneal(step, betaWarmup.from, schedule)) } }),
  };
}
