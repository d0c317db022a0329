import type { RunStatus } from '../load/run-outcome.js';

/**
 * How a run's outcome is labelled wherever runs are plotted one by one: a run that never grokked
 * sits at its budget and a diverged run where it stopped, a lost run at the tGrok it did not keep;
 * each has a mark of its own, never that of a run that grokked, and none is dropped.
 */
export const STATUS_LABEL: Record<RunStatus, string> = {
  grokked: 'grokked',
  lost: 'lost (at tGrok; ended below θ)',
  'never grokked': 'never grokked (at budget)',
  diverged: 'diverged (where it stopped)',
};
