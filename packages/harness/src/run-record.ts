import type { TrainingConfig } from '@grokbench/task-kit';
import type { EngineInfo, StopReason } from '@grokbench/trainer';
import type { Environment } from './environment.js';
import type { RunMetrics, Throughput } from './metrics/index.js';

export const RUN_SCHEMA = 'grokbench/run@1';

/** run.json: everything needed to interpret and reproduce one run. */
export interface RunRecord {
  schema: typeof RUN_SCHEMA;
  runId: string;
  task: string;
  paradigm: string;
  preset: string;
  method: string;
  seed: number;
  config: TrainingConfig & Record<string, unknown>;
  engine: EngineInfo;
  environment: Environment;
  stepsRun: number;
  /** Wall time of the train loop (steps, evaluations, checkpoints), all resumed segments together; setup excluded. */
  wallSeconds: number;
  trainSeconds: number;
  stoppedBy: StopReason;
  /** Step at which the loss or the parameters turned NaN/∞ (stoppedBy "diverged"); absent otherwise. */
  divergedAt?: number;
  /** What the config, engine, device or threads change from the preset, e.g. "optimizer.lr=0.003"; "" for none. Absent in older records. */
  variant?: string;
  /** Version of the grokbench CLI/harness that wrote the record. */
  grokbenchVersion?: string;
  /** Git commit of the working tree it ran from, when it is a git checkout. */
  gitCommit?: string;
  /** Whether that tree had uncommitted changes (results/ aside) when the run started. Absent in older records and outside git. */
  gitDirty?: boolean;
  /** sha256 (16 hex digits) of those changes, when there were any: which uncommitted code it was. */
  gitDiffHash?: string;
  resumedFrom: number | null;
  metrics: RunMetrics;
  throughput: Throughput;
  createdAt: string;
}
