// Leaderboard data layer (DESIGN §6): schemas, validation, atomic and lock-safe writes, merge, compare.
export {
  compareEntryKeys,
  compareRuns,
  emptyLeaderboard,
  entryName,
  LEADERBOARD_SCHEMA,
  type EntryKey,
  type EntrySummary,
  type Leaderboard,
  type LeaderboardEntry,
} from './leaderboard.js';
export { LeaderboardError } from './leaderboard-error.js';
export { SCHEMA_FILES, validateLeaderboard, validateRun } from './validate.js';
export { countedPhase, grokkedWithPhases, lostGeneralization, phaseCounts, summarizeEntry } from './summarize-entry.js';
export { budgetOf, budgetRange, budgetsDiffer, censoredAt, censoringCaveat, comparableRuns, formatBudgets, type BudgetRange, type ComparableRuns, type LeftOutRun } from './budgets.js';
export {
  addRuns,
  describeConflict,
  regroupEntries,
  differingPaths,
  mergeLeaderboards,
  PROVENANCE_FIELDS,
  type AddRunsOptions,
  type AddRunsResult,
  type MergeResult,
  type RunConflict,
} from './add-runs.js';
export { LOCK_STALE_MS, readLeaderboard, recordRuns, sortLeaderboard, writeLeaderboard, type ReadLeaderboardOptions, type RecordRunsOptions } from './leaderboard-file.js';
export {
  compareLeaderboards,
  compareTGrok,
  compareTGrokRuns,
  compareThroughput,
  REGRESSION_RULE,
  TGROK_FACTOR,
  THROUGHPUT_FACTOR,
  type ComparedMetric,
  type CompareOptions,
  type CompareResult,
  type CompareRow,
  type Finding,
  type MetricComparison,
  type Verdict,
} from './compare.js';
export { COMPARE_SCHEMA, formatCompareJson, formatCompareTable } from './compare-format.js';
export { toGithubActionBenchmark, type BenchmarkResult, type GithubActionBenchmark } from './github-action-benchmark.js';
export { formatNumber, formatPercent } from './format-number.js';
