import path from 'node:path';
import { type Task, ConfigError } from '@grokbench/task-kit';
import type { CurvePoint, Device, EngineName } from '@grokbench/trainer';
import { readLeaderboard, recordRuns } from './leaderboard/index.js';
import type { RunRecord } from './run-record.js';
import { planRun, runTask } from './run-task.js';

/** One (task, preset, method, seed) of a suite. */
export interface SuiteJob {
  task: Task;
  preset: string;
  method: string;
  seed: number;
}

export interface Shard {
  index: number;
  count: number;
}

/** Parses "i/n" (0 ≤ i < n). */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index >= count) throw new ConfigError(`--shard must be i/n with 0 ≤ i < n, got "${text}"`);
  return { index, count };
}

/**
 * Every (task, preset, method, seed), in a fixed order (task, method, seed), of the tasks that
 * have the preset. A shard takes every n-th job starting at i: round-robin spreads slow and fast
 * tasks evenly, and the union of the n shards is exactly the unsharded suite.
 */
export function planSuite(tasks: readonly Task[], preset: string, methods: readonly string[], seeds: readonly number[], shard?: Shard): SuiteJob[] {
  const jobs: SuiteJob[] = [];
  const sorted = [...tasks].sort((a, b) => a.id.localeCompare(b.id));
  for (const task of sorted) {
    if (!task.presets[preset]) continue;
    for (const method of methods) for (const seed of seeds) jobs.push({ task, preset, method, seed });
  }
  if (jobs.length === 0) throw new ConfigError(`no task has the preset "${preset}"`);
  return shard ? jobs.filter((_, i) => i % shard.count === shard.index) : jobs;
}

export interface SuiteOptions {
  jobs: SuiteJob[];
  /** The leaderboard file every finished run is recorded into at once. */
  out: string;
  /** Folder of the runs' own folders (curve.jsonl, run.json, checkpoint). */
  runsDir?: string;
  engine: EngineName;
  device: Device;
  threads?: number;
  /** Config overrides applied to every run (as `run --set`). */
  overrides?: Record<string, unknown>;
  /** Run again what the leaderboard already holds, replacing those records. */
  rerun?: boolean;
  signal?: AbortSignal;
  onJobStart?(job: SuiteJob, index: number, total: number): void;
  onJobEnd?(job: SuiteJob, record: RunRecord | null, index: number, total: number): void;
  onStep?(step: number, budget: number): void;
  onEval?(point: CurvePoint, budget: number): void;
  /** Something the user should know about a job (a recorded run reused, extended or kept). */
  onNotice?(message: string): void;
}

export interface SuiteResult {
  ran: RunRecord[];
  skipped: SuiteJob[];
  /** Run ids of the recorded runs reused for the skipped jobs. */
  reused: string[];
  /** Recorded runs continued to a larger step budget (also in `ran`). */
  extended: RunRecord[];
  interrupted: boolean;
}

type Reuse = 'reuse' | 'extend' | 'run';

/**
 * What to do with a job whose run id is already recorded: reuse it when it ran to the same budget;
 * extend it (resume from its checkpoint, or re-run where there is none: resume is exact) when the
 * suite asks for more steps; keep it, saying why, when the suite asks for fewer.
 */
function reuseOf(recorded: RunRecord | undefined, budget: number, rerun: boolean, notice: (message: string) => void): Reuse {
  if (!recorded || rerun) return 'run';
  const recordedBudget = recorded.config.steps;
  if (recordedBudget < budget) {
    notice(`${recorded.runId}: recorded with a budget of ${recordedBudget.toLocaleString('en-US')} steps; continuing it to ${budget.toLocaleString('en-US')}`);
    return 'extend';
  }
  if (recordedBudget > budget) {
    notice(`${recorded.runId}: recorded with a larger budget (${recordedBudget.toLocaleString('en-US')} steps) than ${budget.toLocaleString('en-US')}; kept as it is (--rerun to run it again with ${budget.toLocaleString('en-US')})`);
  }
  return 'reuse';
}

/**
 * Runs a suite's jobs one after another. Each finished run goes into the leaderboard file at once
 * (under a lock, merged by run id), so an interrupted suite keeps every run it finished and a
 * second invocation skips them; a run cut off mid-way resumes from its checkpoint.
 */
export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const runsDir = options.runsDir ?? path.join(path.dirname(options.out), 'runs');
  const recorded = new Map(readLeaderboard(options.out, { missingOk: true }).entries.flatMap((e) => e.runs.map((r) => [r.runId, r] as const)));
  const result: SuiteResult = { ran: [], skipped: [], reused: [], extended: [], interrupted: false };
  const notice = options.onNotice ?? (() => {});
  for (const [index, job] of options.jobs.entries()) {
    if (options.signal?.aborted) {
      result.interrupted = true;
      break;
    }
    const request = { ...job, engine: options.engine, device: options.device, threads: options.threads, overrides: options.overrides, outDir: runsDir };
    const plan = await planRun(request);
    const reuse = reuseOf(recorded.get(plan.runId), plan.config.steps, options.rerun ?? false, notice);
    if (reuse === 'reuse') {
      result.skipped.push(job);
      result.reused.push(plan.runId);
      options.onJobEnd?.(job, null, index, options.jobs.length);
      continue;
    }
    options.onJobStart?.(job, index, options.jobs.length);
    const record = await runTask(
      { ...request, resume: !options.rerun, fresh: options.rerun, signal: options.signal, onStep: options.onStep, onEval: options.onEval },
      plan,
    );
    if (record.stoppedBy === 'interrupted') {
      result.interrupted = true;
      break;
    }
    await recordRuns(options.out, [record], { replace: options.rerun || reuse === 'extend', onWait: notice });
    result.ran.push(record);
    if (reuse === 'extend') result.extended.push(record);
    options.onJobEnd?.(job, record, index, options.jobs.length);
  }
  return result;
}
