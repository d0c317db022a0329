import type { CurvePoint } from '@grokbench/trainer';
import { firstSustainedStep, type ThresholdMetrics } from './threshold-metrics.js';
import { thetaRiseLevel } from './width.js';

/**
 * What a run did, as one word. Four phases are those of Liu et al. 2022, "Towards Understanding
 * Grokking: An Effective Theory of Representation Learning" (arXiv:2205.10343, §5): comprehension
 * (generalizes about as soon as it fits), grokking (fits, then generalizes much later),
 * memorization (fits, never generalizes) and confusion (does not even fit). The others are
 * grokbench's: gradual, semi-grokking (Varma et al. 2023, "Explaining grokking through circuit
 * efficiency", arXiv:2309.02390), rising (the budget ended mid-rise), lost and diverged.
 */
export type Phase = 'comprehension' | 'grokking' | 'gradual' | 'semi-grokking' | 'rising' | 'memorization' | 'confusion' | 'lost' | 'diverged';

/** Every phase, in the order tables list them. */
export const PHASES = ['grokking', 'comprehension', 'gradual', 'semi-grokking', 'rising', 'memorization', 'confusion', 'lost', 'diverged'] as const satisfies readonly Phase[];

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
 * Semi-grokking: the held-out score was near chance when training fit (F ≥ 0.75: the rise came
 * after fitting, as in grokking), then climbed at least half of the way from chance to θ, held
 * there (SUSTAIN_EVALUATIONS evaluations and to the end, without still rising), and never
 * reached θ. Half
 * is far above the noise of a held-out set of a few hundred examples yet well short of θ, the
 * "middling" plateau Varma et al. report near the critical dataset size.
 */
export const SEMI_GROKKING_LEVEL = 0.5;

/**
 * A run is still rising when the mean of its last few held-out evaluations is at least this share
 * of θ − chance above their mean three quarters of the way through: it neither plateaued nor
 * reached θ, and calling it semi-grokking or memorization would guess at what more steps bring.
 */
export const STILL_RISING = 0.1;
/** Evaluations averaged at each end of that comparison, so that one noisy evaluation does not decide it. */
const RISE_WINDOW = 3;

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

function meanHeldout(points: readonly CurvePoint[]): number {
  return points.reduce((sum, point) => sum + point.heldout, 0) / points.length;
}

/** Rise of the held-out score over the last quarter of the evaluated steps (window means), in score units. */
export function lateRise(curve: readonly CurvePoint[]): number {
  const first = curve[0].step;
  const last = curve[curve.length - 1].step;
  const quarter = curve.findIndex((point) => point.step >= first + 0.75 * (last - first));
  const before = curve.slice(Math.max(0, quarter - RISE_WINDOW + 1), quarter + 1);
  const end = curve.slice(-RISE_WINDOW);
  return meanHeldout(end) - meanHeldout(before);
}

function withoutGeneralization(curve: readonly CurvePoint[], input: PhaseInput, tFit: number): PhaseVerdict {
  const { primary, chance, finalHeldout } = input;
  const rise = lateRise(curve);
  if (rise >= STILL_RISING * (primary.theta - chance)) {
    return { phase: 'rising', reason: `held-out still rising when the run ended (+${fmt(rise)} over its last quarter, final ${fmt(finalHeldout)}): neither a plateau nor θ ${primary.theta} yet` };
  }
  const level = thetaRiseLevel(chance, primary.theta, SEMI_GROKKING_LEVEL);
  const plateauFrom = firstSustainedStep(curve, level);
  const riseAfterFitting = (primary.riseAfterFit ?? 0) >= GROKKING_MIN_RISE_AFTER_FIT;
  if (riseAfterFitting && plateauFrom !== null && finalHeldout >= level) {
    return { phase: 'semi-grokking', reason: `held-out was near chance when training fit at step ${fmt(tFit)}, then rose to a plateau at ${fmt(finalHeldout)} (≥ ${fmt(level)} from step ${fmt(plateauFrom)}) without reaching θ ${primary.theta}` };
  }
  return { phase: 'memorization', reason: `training fit at step ${fmt(tFit)}; held-out never reached θ ${primary.theta} (final ${fmt(finalHeldout)})` };
}

/**
 * Liu et al. draw their phase diagrams (§5, over learning rate × weight decay) from the steps
 * each run takes to reach 90 % train and validation accuracy within a fixed budget, grokking being
 * validation getting there much later than train. grokbench adapts that rule as follows:
 * - θ is the primary threshold (0.95, not 0.9) of a score in [0, 1] with a task-given chance level;
 * - "much later" is a ratio, tGrok / tFit ≥ 2, so it holds across tasks of any length;
 * - grokking also needs the held-out score to have been near chance when training fit
 *   (F ≥ 0.75) and no well-fitted erf step centred before tFit: a curve that rose mostly
 *   alongside fitting and crossed θ late is `gradual`, not grokking;
 * - reaching θ must hold: a run that reached θ and ended below it is `lost`, one whose loss or
 *   parameters turned NaN/∞ is `diverged`, whatever it reached before;
 * - a delayed rise to a plateau below θ is `semi-grokking` rather than memorization, and a run
 *   whose budget ended mid-rise is `rising`: what more steps would bring is not guessed.
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
