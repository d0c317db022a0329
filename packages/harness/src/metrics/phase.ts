import type { ThresholdMetrics } from './threshold-metrics.js';

/**
 * Learning phases of Liu et al. 2022, "Towards Understanding Grokking: An Effective Theory of
 * Representation Learning" (arXiv:2205.10343), decided from when each score reaches θ.
 */
export type Phase = 'comprehension' | 'grokking' | 'memorization' | 'confusion';

/** tGrok / tFit at or above this is grokking: generalization took at least twice as long as fitting. */
export const GROKKING_DELAY_RATIO = 2;

/**
 * - confusion: the train score never reaches θ. Liu et al. define confusion by the failure to
 *   fit the training set, so this holds even in the unusual case that the held-out score does.
 * - memorization: train reaches θ, held-out never does.
 * - grokking / comprehension: both reach θ, with tGrok / tFit ≥ 2 or < 2.
 * When tFit = 0 (train at θ before training) the ratio is taken as its limit: 0/0 (held-out
 * also at θ at step 0) is no delay, comprehension; any later tGrok is an unbounded delay, grokking.
 */
export function classifyPhase(metrics: Pick<ThresholdMetrics, 'tFit' | 'tGrok'>): Phase {
  const { tFit, tGrok } = metrics;
  if (tFit === null) return 'confusion';
  if (tGrok === null) return 'memorization';
  const delayed = tFit === 0 ? tGrok > 0 : tGrok / tFit >= GROKKING_DELAY_RATIO;
  return delayed ? 'grokking' : 'comprehension';
}
