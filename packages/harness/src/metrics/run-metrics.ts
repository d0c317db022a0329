import type { CurvePoint } from '@grokbench/trainer';
import { companionAgreement, companionsMetrics, type CompanionAgreement, type CompanionMetrics, type CompanionSpec, type PrimaryCompanion } from './companion-metrics.js';
import { circuitTiming, type CircuitTiming } from './circuit-timing.js';
import { assertValidCurve } from './curve-checks.js';
import { classifyPhase, type Phase } from './phase.js';
import { sharpness, type Sharpness } from './sharpness.js';
import { thresholdMetrics, type ThresholdMetrics } from './threshold-metrics.js';

export const THETA_PRIMARY = 0.95;
export const THETA_STRICT = 0.99;

/** The primary companion of a task that names none: every curve carries its held-out loss. */
export const DEFAULT_PRIMARY_COMPANION: PrimaryCompanion = { name: 'heldoutLoss', better: 'lower', description: 'held-out loss' };

/**
 * The primary companion a task names (Task.primaryCompanion), resolved against the companions its
 * curve records. Throws when the name is neither one of them nor a built-in series: a task that
 * names a series it does not record has a bug that would silently disable the check.
 */
export function resolvePrimaryCompanion(name: string | undefined, companions: Readonly<Record<string, CompanionSpec>>): PrimaryCompanion {
  if (name === undefined || name === DEFAULT_PRIMARY_COMPANION.name) return DEFAULT_PRIMARY_COMPANION;
  if (name === 'trainLoss') return { name, better: 'lower', description: 'train loss' };
  const spec = companions[name];
  if (!spec) throw new Error(`primary companion "${name}" is not among the recorded series (${['heldoutLoss', ...Object.keys(companions)].join(', ')})`);
  return { name, ...spec };
}

/**
 * The options a run's metrics are computed with, from what its record says: the runner builds them
 * from the experiment it trained, `grokbench analyze` from a run.json or the command line, so a
 * recorded curve measured again gets exactly the verdict the runner would give it.
 */
export function runMetricsOptions(input: {
  chance: number;
  companions?: Readonly<Record<string, CompanionSpec>>;
  primaryCompanion?: string;
  diverged: boolean;
  thetaPrimary?: number;
  circuitSeries?: string;
}): RunMetricsOptions {
  const companions = input.companions ?? {};
  return {
    chance: input.chance,
    ...(input.thetaPrimary === undefined ? {} : { thetaPrimary: input.thetaPrimary }),
    companions,
    primaryCompanion: resolvePrimaryCompanion(input.primaryCompanion, companions),
    diverged: input.diverged,
    ...(input.circuitSeries === undefined ? {} : { circuitSeries: input.circuitSeries }),
  };
}

export interface RunMetricsOptions {
  /** Held-out score of a model that guesses (e.g. 1/p for modular arithmetic). */
  chance: number;
  /** Threshold reported as primary and used for the phase and relativeSharpness; default 0.95. */
  thetaPrimary?: number;
  /** Stricter threshold reported alongside; default 0.99. */
  thetaStrict?: number;
  /** The experiment's continuous companion series (curve point `extra`), timed as well. */
  companions?: Readonly<Record<string, CompanionSpec>>;
  /** The companion whose timing must agree with a grokking verdict; default the held-out loss. */
  primaryCompanion?: PrimaryCompanion;
  /** The run stopped because its loss or parameters turned NaN/∞. */
  diverged?: boolean;
  /** The companion whose rise marks the circuit forming (CompanionSeries.marksCircuit), timed as `circuit`. */
  circuitSeries?: string;
}

/** Grokking metrics of one run, all JSON-safe: a figure that does not exist is null, never NaN. */
export interface RunMetrics {
  chance: number;
  /** Scores at the last evaluation the run kept (`step`): where it stopped, or before it diverged. */
  final: { train: number; heldout: number; step: number };
  primary: ThresholdMetrics;
  strict: ThresholdMetrics;
  sharpness: Sharpness;
  phase: Phase;
  /** One line saying which figures decided the phase. Absent in records labelled before it existed. */
  phaseReason?: string;
  /** Whether the primary companion's timing agrees with the verdict. Absent in older records. */
  companionAgreement?: CompanionAgreement;
  /** Onset and width of each companion series; absent when the task declares none. */
  companions?: Record<string, CompanionMetrics>;
  /** When the task's circuit series formed and how long before tGrok; absent when it records none. */
  circuit?: CircuitTiming;
  /** Set when `grokbench analyze --relabel` recomputed these metrics from the run's curve after it was recorded. */
  relabelled?: Relabelling;
}

/** Which code re-labelled a recorded run, and when. */
export interface Relabelling {
  grokbenchVersion: string;
  gitCommit?: string;
  gitDirty?: boolean;
  gitDiffHash?: string;
  at: string;
}

function assertUnitInterval(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${value}`);
}

/** Throws RangeError on an empty, unsorted or non-finite curve, or on a chance/θ outside [0, 1]. */
export function computeRunMetrics(curve: readonly CurvePoint[], options: RunMetricsOptions): RunMetrics {
  const { chance, thetaPrimary = THETA_PRIMARY, thetaStrict = THETA_STRICT } = options;
  assertUnitInterval('chance', chance);
  assertUnitInterval('thetaPrimary', thetaPrimary);
  assertUnitInterval('thetaStrict', thetaStrict);
  assertValidCurve(curve);
  const primary = thresholdMetrics(curve, thetaPrimary, chance);
  const last = curve[curve.length - 1];
  const shape = sharpness(curve, chance, thetaPrimary, primary.tGrok);
  const verdict = classifyPhase(curve, { primary, chance, finalHeldout: last.heldout, diverged: options.diverged ?? false, erfCentre: shape.tStar });
  const claimsDelay = verdict.phase === 'grokking' || verdict.phase === 'semi-grokking';
  return {
    chance,
    final: { train: last.train, heldout: last.heldout, step: last.step },
    primary,
    strict: thresholdMetrics(curve, thetaStrict, chance),
    sharpness: shape,
    phase: verdict.phase,
    phaseReason: verdict.reason,
    companionAgreement: companionAgreement(curve, options.primaryCompanion ?? DEFAULT_PRIMARY_COMPANION, claimsDelay, primary.tFit),
    ...(options.companions && Object.keys(options.companions).length ? { companions: companionsMetrics(curve, options.companions) } : {}),
    ...(options.circuitSeries ? { circuit: circuitTiming(curve, options.circuitSeries, primary.tGrok) } : {}),
  };
}
