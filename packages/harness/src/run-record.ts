import type { EngineInfo, StopReason, TrainingConfig } from '@grokbench/trainer';
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
  resumedFrom: number | null;
  metrics: RunMetrics;
  throughput: Throughput;
  createdAt: string;
}
