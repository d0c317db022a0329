import type { RunStatus } from '../load/optional-fields.js';

/**
 * How a run's outcome is drawn wherever runs are plotted one by one: a run that never grokked sits
 * at its budget and a diverged run where it stopped, each with a mark of its own, never dropped.
 */
export const STATUS_LABEL: Record<RunStatus, string> = {
  grokked: 'grokked',
  'never grokked': 'never grokked (at budget)',
  diverged: 'diverged (where it stopped)',
};

export const STATUS_SHAPE = {
  field: 'status',
  type: 'nominal',
  title: 'run',
  legend: { orient: 'bottom' },
  scale: { domain: Object.values(STATUS_LABEL), range: ['circle', 'triangle-right', 'cross'] },
} as const;
