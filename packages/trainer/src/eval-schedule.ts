/**
 * When to evaluate: at step 0 (the untrained baseline), about ten times per decade of steps before
 * the first regular evaluation (so a fast transition is resolved rather than hidden inside one
 * interval), every `every` steps after that, and at the last step of the budget.
 */
export function isEvalStep(step: number, every: number, budget: number): boolean {
  if (step === 0 || step === budget || step % every === 0) return true;
  return step < every && EARLY_STEPS.has(step);
}

/** round(10^(i/10)) for i = 0, 1, …: 1, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20, 25, 32, 40, 50, 63, 79, 100, … */
const EARLY_STEPS = new Set(Array.from({ length: 80 }, (_, i) => Math.round(10 ** (i / 10))));
