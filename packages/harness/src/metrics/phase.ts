import type { CurvePoint } from '@grokbench/trainer';
import { firstSustainedStep, type ThresholdMetrics } from './threshold-metrics.js';
import { thetaRiseLevel } from './width.js';

/**
 * What a run did, as one word. Four phases are those of Liu et al. 2022, "Towards Understanding
 * Grokking: An Effective Theory of Representation Learning" (arXiv:2205.10343, §5): comprehension
 * (generalizes about as soon as it fits), grokking (fits, then generalizes much later),
 * memorization (fits, never generalizes) and confusion (does not even fit). The others are
 * grokbench's: gradual, semi-grokking (Varma et al. 2023, "Explaining grokking through circuit
 * efficiency", arXiv:2309.02390), lost and diverged.
 */
export type Phase = 'comprehension' | 'grokking' | 'gradual' | 'semi-grokking' | 'memorization' | 'confusion' | 'lost' | 'diverged';

/** Every phase, in the order tables list them. */
export const PHASES = ['grokking', 'comprehension', 'gradual', 'semi-grokking', 'memorization', 'confusion', 'lost', 'diverged'] as const satisfies readonly Phase[];

/** tGrok / tFit at or above this is a delay: generalization took at least twice as long as fitting. */
export const GROKKING_DELAY_RATIO = 2;

/**
 * Rise after fit F at or above this is needed for grokking: at most a quarter of the chance → θ
 * rise may have happened by the time training fit. The gridworld runs this rule was written
 * against had 55–83 % of their rise done by tFit (F 0.17–0.45); textbook grokking curves
 * (modular arithmetic, Nanda et al. 2023) sit at chance there (F ≈ 1). A quarter leaves room
 * for the held-out noise of a few hundred examples and for the early rise of a run that does
 * start its transition while the last training examples are being fitted.
 */
export const GROKKING_MIN_RISE_AFTER_FIT = 0.75;

/**
 * Semi-grokking: after fitting, the held-out score climbs at least half of the way from chance
 * to θ, holds there (SUSTAIN_EVALUATIONS evaluations and to the end), and never reaches θ. Half
 * is far above the noise of a held-out set of a few hundred examples yet well short of θ, the
 * "middling" plateau Varma et al. report near the critical dataset size.
 */
export const SEMI_GROKKING_LEVEL = 0.5;

export interface PhaseInput {
  primary: ThresholdMetrics;
  chance: number;
  /** Held-out score at the last evaluation. */
  finalHeldout: number;
  /** The run stopped because its loss or parameters turned NaN/∞. */
  diverged: boolean;
  /** Centre of the published erf fit of the held-out curve (sharpness.tStar); null when none passed the gate. */
  erfCentre: number | null;
}

export interface PhaseVerdict {
  phase: Phase;
  /** One line saying which figures decided it. */
  reason: string;
}

const fmt = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 0));

function withoutGeneralization(curve: readonly CurvePoint[], input: PhaseInput, tFit: number): PhaseVerdict {
  const { primary, chance, finalHeldout } = input;
  const level = thetaRiseLevel(chance, primary.theta, SEMI_GROKKING_LEVEL);
  const plateauFrom = firstSustainedStep(curve, level);
  const nearChanceAtFit = (primary.riseAfterFit ?? 0) >= GROKKING_MIN_RISE_AFTER_FIT;
  const delayed = plateauFrom !== null && plateauFrom >= GROKKING_DELAY_RATIO * tFit;
  if (nearChanceAtFit && delayed && finalHeldout >= level) {
    return { phase: 'semi-grokking', reason: `held-out rose after fitting to a plateau at ${fmt(finalHeldout)} (≥ ${fmt(level)}, from step ${fmt(plateauFrom)}) without reaching θ ${primary.theta}` };
  }
  return { phase: 'memorization', reason: `training fit at step ${fmt(tFit)}; held-out never reached θ ${primary.theta} (final ${fmt(finalHeldout)})` };
}

/**
 * Liu et al. draw their phase diagrams from the steps at which train and validation accuracy
 * first pass a threshold within a fixed budget, grokking being validation getting there much
 * later than train. grokbench adapts that rule as follows:
 * - θ is the primary threshold (0.95) of a score in [0, 1] with a task-given chance level;
 * - "much later" is a ratio, tGrok / tFit ≥ 2, so it holds across tasks of any length;
 * - grokking also needs the held-out score to have been near chance when training fit
 *   (F ≥ 0.75) and no well-fitted erf step centred before tFit: a curve that rose mostly
 *   alongside fitting and crossed θ late is `gradual`, not grokking;
 * - reaching θ must hold: a run that reached θ and ended below it is `lost`, one whose loss or
 *   parameters turned NaN/∞ is `diverged`, whatever it reached before;
 * - a delayed rise to a plateau below θ is `semi-grokking` rather than memorization.
 * When tFit = 0 (train at θ before training) the ratio is taken as its limit: a later tGrok is an
 * unbounded delay, tGrok = 0 none.
 */
export function classifyPhase(curve: readonly CurvePoint[], input: PhaseInput): PhaseVerdict {
  const { primary, finalHeldout } = input;
  const { tFit, tGrok, theta } = primary;
  if (input.diverged) return { phase: 'diverged', reason: 'the loss or the parameters turned NaN/∞' };
  if (tFit === null) return { phase: 'confusion', reason: `the train score never reached θ ${theta}` };
  if (tGrok === null) return withoutGeneralization(curve, input, tFit);
  if (finalHeldout < theta) return { phase: 'lost', reason: `held-out reached θ ${theta} at step ${fmt(tGrok)} and ended at ${fmt(finalHeldout)}` };
  const delayed = tFit === 0 ? tGrok > 0 : tGrok / tFit >= GROKKING_DELAY_RATIO;
  if (!delayed) return { phase: 'comprehension', reason: `held-out reached θ at step ${fmt(tGrok)}, within ${GROKKING_DELAY_RATIO}× tFit ${fmt(tFit)}` };
  const F = primary.riseAfterFit ?? 0;
  if (F < GROKKING_MIN_RISE_AFTER_FIT) {
    return { phase: 'gradual', reason: `held-out was already ${fmt(primary.heldoutAtFit ?? 0)} when training fit: rise after fit F = ${fmt(F)} < ${GROKKING_MIN_RISE_AFTER_FIT}` };
  }
  if (input.erfCentre !== null && input.erfCentre < tFit) {
    return { phase: 'gradual', reason: `the erf fit of the held-out curve is centred at step ${fmt(input.erfCentre)}, before training fit at ${fmt(tFit)}` };
  }
  const later = tFit === 0 ? 'after training fit at step 0' : `${fmt(tGrok / tFit)}× tFit`;
  return { phase: 'grokking', reason: `training fit at step ${fmt(tFit)} with held-out near chance (F = ${fmt(F)}); held-out reached θ ${theta} at step ${fmt(tGrok)} (${later}) and held` };
}
