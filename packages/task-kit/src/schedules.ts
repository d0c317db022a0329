import type { Graph, HostTensor, Tensor } from '@grokbench/graph';

/**
 * A weight annealed linearly from `from` at step 1 to `to` at step `steps`, constant after: fed to
 * the step graph each step (a schedule in steps, not in fractions of the budget, so a run extended
 * with more steps keeps its curve).
 */
export function linearAnneal(step: number, from: number, schedule: { to: number; steps: number } | null): number {
  if (!schedule) return from;
  const progress = schedule.steps <= 1 ? 1 : Math.min(1, Math.max(0, (step - 1) / (schedule.steps - 1)));
  return from + (schedule.to - from) * progress;
}

/** A loss weight as the step graph reads it, and the feeds that set it. */
export interface ScheduledWeight {
  /** A constant, or a graph input when the weight is scheduled. */
  value: Tensor | number;
  /** The feeds of 1-based step `step` ({} for a constant). */
  feeds(step: number): Record<string, HostTensor>;
}

/**
 * A loss weight that starts at `from` and follows `schedule` (`linearAnneal`): without a schedule
 * the constant `from`, so the graph stays as it was before schedules existed; with one, an input
 * `inputName` fed each step (a function of the step alone, so a resumed run continues exactly).
 */
export function scheduledWeight(g: Graph, inputName: string, from: number, schedule: { to: number; steps: number } | null): ScheduledWeight {
  if (!schedule) return { value: from, feeds: () => ({}) };
  const input = g.input(inputName, []);
  return {
    value: input,
    feeds: (step) => ({ [input.name]: { dtype: 'float32', shape: [], data: Float32Array.of(linearAnneal(step, from, schedule)) } }),
  };
}
