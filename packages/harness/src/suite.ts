import fs from 'node:fs';
import path from 'node:path';
import { type Task, ConfigError } from '@grokbench/task-kit';
import { describeEngine, type CurvePoint, type Device, type EngineName } from '@grokbench/trainer';
import { describeEnvironment } from './environment.js';
import { readLeaderboard, recordRuns } from './leaderboard/index.js';
import type { RunRecord } from './run-record.js';
import { planRun, RunInUseError, runTask, type RunPlan, type RunRequest } from './run-task.js';
import { SuiteWorker } from './suite-worker-client.js';

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
  /** Threads of each run's engine. */
  threads?: number;
  /** Runs trained at once, each in a worker thread of its own; 1 (the default) trains them in this thread. */
  concurrency?: number;
  /** Config overrides applied to every run (as `run --set`). */
  overrides?: Record<string, unknown>;
  /** Run again what the leaderboard already holds, replacing those records. */
  rerun?: boolean;
  signal?: AbortSignal;
  onJobStart?(job: SuiteJob, index: number, total: number): void;
  onJobEnd?(job: SuiteJob, record: RunRecord | null, index: number, total: number): void;
  /** A job not trained because another process is training the same run (`reason` says so). */
  onJobSkipped?(job: SuiteJob, reason: string, index: number, total: number): void;
  /** Progress of the run of job `index` (several run at once with concurrency > 1). */
  onStep?(index: number, step: number, budget: number): void;
  onEval?(index: number, point: CurvePoint, budget: number): void;
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
  /** Jobs whose run another process was training at the time: not trained, not recorded here. */
  inUse: SuiteJob[];
  interrupted: boolean;
}

type Reuse = 'reuse' | 'extend' | 'run';

/**
 * What to do with a job whose run id is already recorded: reuse it when it ran to the same budget;
 * extend it (resume from its checkpoint, or re-run where there is none: resume is exact) when the
 * suite asks for more steps and `continuable` allows; keep it, saying why, when the suite asks for
 * fewer.
 */
function reuseOf(recorded: RunRecord | undefined, budget: number, rerun: boolean, notice: (message: string) => void, continuable: (run: RunRecord) => boolean): Reuse {
  if (!recorded || rerun) return 'run';
  const recordedBudget = recorded.config.steps;
  if (recordedBudget < budget) {
    if (!continuable(recorded)) return 'reuse';
    notice(`${recorded.runId}: recorded with a budget of ${recordedBudget.toLocaleString('en-US')} steps; continuing it to ${budget.toLocaleString('en-US')}`);
    return 'extend';
  }
  if (recordedBudget > budget) {
    notice(`${recorded.runId}: recorded with a larger budget (${recordedBudget.toLocaleString('en-US')} steps) than ${budget.toLocaleString('en-US')}; kept as it is (--rerun to run it again with ${budget.toLocaleString('en-US')})`);
  }
  return 'reuse';
}

/**
 * Whether a recorded run can be extended here. With its checkpoint it resumes exactly. Without one
 * it trains again from step 0, which reproduces its curve only on the CPU kind that drew it: ONNX
 * Runtime picks its CPU kernels by instruction set, and another set rounds differently, so the
 * same run id would get another curve and replace the recorded one. Such a run is kept as it is.
 */
function continuableHere(recorded: RunRecord, runDir: string, device: Device, notice: (message: string) => void): boolean {
  if (device !== 'cpu' || fs.existsSync(path.join(runDir, 'checkpoint.bin'))) return true;
  const there = recorded.environment.cpuIsa;
  const here = describeEnvironment().cpuIsa;
  if (there !== undefined && there === here) return true;
  notice(
    `${recorded.runId}: no checkpoint to continue from, and recorded on ${there ? `an ${there} CPU` : 'a CPU of unrecorded kind'}: ` +
      `re-running it on this ${here ?? 'unknown'} CPU would draw another curve; kept as it is (--rerun to replace it with this CPU's run)`,
  );
  return false;
}

/** A job that trains: what it is, its place in the suite, and its plan. */
interface PendingRun {
  job: SuiteJob;
  index: number;
  request: RunRequest;
  plan: RunPlan;
  extend: boolean;
}

/**
 * Runs a suite's jobs, `concurrency` at a time. Every job is named first (its run id, from the
 * engine's identity: no engine starts for a job the leaderboard already holds); each finished run
 * goes into the leaderboard file at once (under a lock, merged by run id), so an interrupted suite
 * keeps every run it finished and a second invocation skips them; a run cut off mid-way resumes
 * from its checkpoint.
 */
export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const result: SuiteResult = { ran: [], skipped: [], reused: [], extended: [], inUse: [], interrupted: false };
  const pending = await planJobs(options, result);
  const total = options.jobs.length;
  // Lanes finish runs in any order; their leaderboard writes go one after another rather than
  // wait on each other's file lock.
  let recording: Promise<unknown> = Promise.resolve();
  const record = (run: RunRecord, replace: boolean) => (recording = recording.then(() => recordRuns(options.out, [run], { replace, onWait: options.onNotice })));
  const train = async (run: PendingRun, trainer: RunTrainer) => {
    options.onJobStart?.(run.job, run.index, total);
    const finished = await trainer(run.request, run.plan, {
      onStep: (step, budget) => options.onStep?.(run.index, step, budget),
      onEval: (point, budget) => options.onEval?.(run.index, point, budget),
    }).catch((error: unknown) => {
      // Another suite (or `grokbench run`) is training this very run: it is theirs to finish.
      if (!(error instanceof RunInUseError)) throw error;
      result.inUse.push(run.job);
      options.onJobSkipped?.(run.job, error.message, run.index, total);
      return null;
    });
    if (finished === null) return true;
    if (finished.stoppedBy === 'interrupted') {
      result.interrupted = true;
      return false;
    }
    await record(finished, (options.rerun ?? false) || run.extend);
    result.ran.push(finished);
    if (run.extend) result.extended.push(finished);
    options.onJobEnd?.(run.job, finished, run.index, total);
    return true;
  };
  await inLanes(pending, options.concurrency ?? 1, train, options.signal);
  if (options.signal?.aborted) result.interrupted = true;
  return result;
}

async function planJobs(options: SuiteOptions, result: SuiteResult): Promise<PendingRun[]> {
  const runsDir = options.runsDir ?? path.join(path.dirname(options.out), 'runs');
  const recorded = new Map(readLeaderboard(options.out, { missingOk: true }).entries.flatMap((e) => e.runs.map((r) => [r.runId, r] as const)));
  const notice = options.onNotice ?? (() => {});
  const engine = await describeEngine(options.engine, { device: options.device, threads: options.threads });
  const rerun = options.rerun ?? false;
  const pending: PendingRun[] = [];
  for (const [index, job] of options.jobs.entries()) {
    const request: RunRequest = { ...job, engine: options.engine, device: options.device, threads: options.threads, overrides: options.overrides, outDir: runsDir };
    const plan = await planRun(request, engine);
    const continuable = (run: RunRecord) => continuableHere(run, path.join(runsDir, plan.runId), engine.device, notice);
    const reuse = reuseOf(recorded.get(plan.runId), plan.config.steps, rerun, notice, continuable);
    if (reuse === 'reuse') {
      result.skipped.push(job);
      result.reused.push(plan.runId);
      options.onJobEnd?.(job, null, index, options.jobs.length);
      continue;
    }
    pending.push({ job, index, request: { ...request, resume: !rerun, fresh: rerun, signal: options.signal }, plan, extend: reuse === 'extend' });
  }
  return pending;
}

/** Trains one run, reporting its progress; in this thread or in a worker. */
type RunTrainer = (request: RunRequest, plan: RunPlan, progress: Pick<RunRequest, 'onStep' | 'onEval'>) => Promise<RunRecord>;

const trainHere: RunTrainer = (request, plan, progress) => runTask({ ...request, ...progress }, plan);

/**
 * `lanes` loops, each taking the next run until none is left, the suite is interrupted, or a run
 * fails (then the others are interrupted, checkpointing, and the failure is thrown). One lane
 * trains in this thread; several train in a worker thread each, since ONNX Runtime's Node binding
 * runs a session on the calling thread.
 */
async function inLanes(runs: PendingRun[], lanes: number, train: (run: PendingRun, trainer: RunTrainer) => Promise<boolean>, signal?: AbortSignal): Promise<void> {
  const queue = [...runs];
  const failed = new AbortController();
  const stopped = () => signal?.aborted || failed.signal.aborted;
  const lane = async (trainer: RunTrainer) => {
    for (let run = queue.shift(); run && !stopped(); run = queue.shift()) {
      if (!(await train(run, trainer))) return;
    }
  };
  if (lanes <= 1) return lane(trainHere);
  const workers = Array.from({ length: Math.min(lanes, runs.length) }, () => new SuiteWorker(signal ? AbortSignal.any([signal, failed.signal]) : failed.signal));
  try {
    const outcomes = await Promise.allSettled(
      workers.map((worker) =>
        lane((request, plan, progress) => worker.run(request, plan, progress)).catch((error: unknown) => {
          failed.abort();
          throw error;
        }),
      ),
    );
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failure) throw failure.reason;
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
}
