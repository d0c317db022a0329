// Grokking metrics of one run, throughput, and multi-seed summaries (DESIGN §5).
export * from './metrics/index.js';
export * from './analyze/index.js';
export * from './export/index.js';
export {
  candidatePackageDirs,
  discoverTaskPackages,
  discoverTasks,
  findTask,
  TaskDiscoveryError,
  unknownTasksMessage,
  type DiscoveredTask,
  type TaskDiscovery,
} from './discovery.js';
export { runTask, runIdOf, RunInUseError, RunRequestError, type RunRequest } from './run-task.js';
export { RUN_INPUT_ERRORS } from './run-input-errors.js';
export { RUN_SCHEMA, type RunRecord } from './run-record.js';
export { describeEnvironment, type Environment } from './environment.js';
export { parseShard, planSuite, runSuite, type Shard, type SuiteJob, type SuiteOptions, type SuiteResult } from './suite.js';
export { planRun, type RunPlan } from './run-task.js';
export { alignColumns, textTable } from './text-table.js';
export { assertWritableDir, assertWritableFile, OutputPathError } from './output-path.js';
export { writeTextAtomically } from './write-text-atomically.js';
export { grokbenchVersion } from './provenance.js';
export { configIdOf, curveFingerprint } from './config-fingerprint.js';
export { variantLabel } from './variant-label.js';
export { deviceLabel } from './device-label.js';
export { timeSteps, type StepTiming, type StepTimingOptions } from './time-steps.js';
export { benchTask, writeBenchReport, BENCH_SCHEMA, type BenchReport, type TaskBenchRequest, type TaskBenchResult } from './task-bench.js';
export * from './leaderboard/index.js';
