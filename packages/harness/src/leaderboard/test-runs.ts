import type { Phase } from '../metrics/index.js';
import { RUN_SCHEMA, type RunRecord } from '../run-record.js';
import { addRuns } from './add-runs.js';
import { emptyLeaderboard, type Leaderboard } from './leaderboard.js';

export interface SyntheticRun {
  task?: string;
  paradigm?: RunRecord['paradigm'];
  preset?: string;
  method?: string;
  seed?: number;
  /** Distinguishes runs of the same (task, preset, method, seed), e.g. other configs. */
  tag?: string;
  tFit?: number | null;
  tGrok?: number | null;
  steps?: number;
  stepsPerSecond?: number | null;
  wallSeconds?: number;
  createdAt?: string;
  /** The step at which the run diverged (stoppedBy "diverged"). */
  diverged?: number;
}

/** The phase classifyPhase gives a curve at chance until tGrok and at 1 after it. */
function syntheticPhase(tFit: number | null, tGrok: number | null, diverged: boolean): Phase {
  if (diverged) return 'diverged';
  if (tFit === null) return 'confusion';
  if (tGrok === null) return 'memorization';
  return (tFit === 0 ? tGrok > 0 : tGrok / tFit >= 2) ? 'grokking' : 'comprehension';
}

/** A run.json as runTask writes it, with internally consistent figures derived from a few inputs. */
export function syntheticRun(options: SyntheticRun = {}): RunRecord {
  const { task = 'modular-add', paradigm = 'supervised', preset = 'quick', method = 'adamw', seed = 0, tag = 'synth' } = options;
  const { tFit = 100, tGrok = 1000, steps = 5000, stepsPerSecond = 1000, createdAt = '2025-01-01T00:00:00.000Z' } = options;
  const trainSeconds = stepsPerSecond === null ? 0 : steps / stepsPerSecond;
  const threshold = (theta: number) => ({
    theta,
    tFit,
    tGrok,
    tGrokSustained: tGrok,
    delay: tFit === null || tGrok === null ? null : tGrok - tFit,
    delayRatio: tFit === null || tGrok === null || tFit === 0 ? null : tGrok / tFit,
    // Synthetic runs are at chance when they fit: all of the rise comes after.
    heldoutAtFit: tFit === null ? null : 1 / 97,
    riseAfterFit: tFit === null ? null : 1,
  });
  const primary = threshold(0.95);
  return {
    schema: RUN_SCHEMA,
    runId: `${task}.${preset}.${method}.s${seed}.${tag}`,
    task,
    paradigm,
    preset,
    method,
    seed,
    config: {
      optimizer: { kind: 'adamw', lr: 0.001, beta1: 0.9, beta2: 0.98, eps: 1e-8, momentum: 0, weightDecay: 1, warmupSteps: 0, cosineAnneal: null },
      filter: null,
      batchSize: null,
      steps,
      evalEvery: 100,
      patience: 0,
      checkpointEvery: 1000,
      checkpointSeconds: 60,
      data: { p: 97, trainFraction: 0.5 },
      model: { kind: 'mlp', hidden: 256 },
    },
    engine: { name: 'ort', backend: 'cpu', device: 'cpu', threads: 2 },
    environment: { cpuModel: 'Synthetic CPU', cores: 2, node: 'v20.0.0', os: 'linux test x64' },
    stepsRun: steps,
    wallSeconds: options.wallSeconds ?? trainSeconds * 1.25,
    trainSeconds,
    stoppedBy: options.diverged === undefined ? 'budget' : 'diverged',
    ...(options.diverged === undefined ? {} : { divergedAt: options.diverged }),
    resumedFrom: null,
    metrics: {
      chance: 1 / 97,
      final: { train: tFit === null ? 0.5 : 1, heldout: tGrok === null ? 0.1 : 1, step: steps },
      primary,
      strict: threshold(0.99),
      sharpness: {
        width10to90: tGrok === null ? null : 200,
        relativeSharpness: tGrok === null ? null : tGrok / 200,
        tStar: tGrok,
        s: tGrok === null ? null : 0.009,
        erfFit: tGrok === null ? null : { tStar: tGrok, s: 0.009, a: 0.5, c: 0.5, r2: 0.99, rmse: 0.01 },
        erfR2: tGrok === null ? null : 0.99,
        reason: tGrok === null ? 'never grokked' : null,
      },
      phase: syntheticPhase(tFit, tGrok, options.diverged !== undefined),
    },
    throughput: {
      stepsPerSecond,
      examplesPerSecond: stepsPerSecond === null ? null : stepsPerSecond * 4704,
      gflops: stepsPerSecond === null ? null : stepsPerSecond * 0.01,
      secondsToGrok: tGrok === null || stepsPerSecond === null ? null : tGrok / stepsPerSecond,
    },
    createdAt,
  };
}

/** Runs of one entry, one per seed (0, 1, …), with the given tGrok values. */
export function seededRuns(tGroks: readonly (number | null)[], options: SyntheticRun = {}): RunRecord[] {
  return tGroks.map((tGrok, seed) => syntheticRun({ ...options, seed, tGrok }));
}

export const FIXED_TIME = '2025-01-02T03:04:05.678Z';

export function leaderboardOf(runs: readonly RunRecord[]): Leaderboard {
  return addRuns(emptyLeaderboard(FIXED_TIME), runs, { updatedAt: FIXED_TIME }).leaderboard;
}
