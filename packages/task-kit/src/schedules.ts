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
