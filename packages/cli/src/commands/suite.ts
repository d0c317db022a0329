import fs from 'node:fs';
import {
  assertWritableDir,
  assertWritableFile,
  parseShard,
  planSuite,
  readLeaderboard,
  runSuite,
  type SuiteJob,
  type SuiteResult,
} from '@grokbench/harness';
import { METHODS, resolveConfig } from '@grokbench/task-kit';
import { availableCores, type Device, type EngineName } from '@grokbench/trainer';
import type { ArgsOf, suiteOptions } from '../command-options.js';
import { collectOverrides } from '../overrides.js';
import { abortOnSigint } from '../interrupt.js';
import { createSuiteProgress } from '../progress.js';
import { discoverSelectedTasks, runLabel } from '../select-tasks.js';
import { formatLeaderboardTable } from '../tables.js';
import { integerIn, MAX_SEED, MAX_SEEDS } from '../flag-values.js';
import { UsageError } from '../user-error.js';

const list = (text: string | undefined) => (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);

const DEFAULT_SEEDS = 3;

function seedsOf(argv: { seeds?: number; 'seed-list'?: string }): number[] {
  if (argv['seed-list'] !== undefined) {
    const seeds = list(argv['seed-list']).map(integerIn('seed-list', 0, MAX_SEED));
    if (seeds.length === 0 || seeds.length > MAX_SEEDS) throw new UsageError(`--seed-list takes 1 to ${MAX_SEEDS.toLocaleString('en-US')} seeds, got "${argv['seed-list']}"`);
    const repeated = seeds.find((seed, i) => seeds.indexOf(seed) !== i);
    if (repeated !== undefined) throw new UsageError(`--seed-list names seed ${repeated} twice`);
    return seeds;
  }
  return Array.from({ length: argv.seeds ?? DEFAULT_SEEDS }, (_, i) => i);
}

async function jobsOf(argv: { preset: string; tasks?: string; methods: string; seeds?: number; 'seed-list'?: string; shard?: string }): Promise<SuiteJob[]> {
  const tasks = await discoverSelectedTasks(argv.tasks);
  const methods = list(argv.methods);
  const badMethod = methods.find((m) => !METHODS[m]);
  if (badMethod || methods.length === 0) throw new UsageError(`unknown method "${badMethod ?? ''}" (methods: ${Object.keys(METHODS).join(', ')})`);
  return planSuite(tasks, argv.preset, methods, seedsOf(argv), argv.shard ? parseShard(argv.shard) : undefined);
}

type SuiteArgs = ArgsOf<typeof suiteOptions>;

/** Every (task, method) config resolved before the first run trains, so a bad value fails at once, not hours in. */
function resolveEveryConfig(jobs: readonly SuiteJob[], overrides: Record<string, unknown>): void {
  const seen = new Set<string>();
  for (const job of jobs) {
    const key = `${job.task.id}|${job.method}`;
    if (!seen.has(key)) resolveConfig(job.task, job.preset, job.method, overrides);
    seen.add(key);
  }
}

/**
 * Threads of each run: as asked, or the cores divided among the runs trained at once. A count
 * that oversubscribes the cores is allowed (the curves do not change) but said, since the
 * throughput figures then measure contention.
 */
function threadsPerRun(threads: number | undefined, jobs: number, notice: (message: string) => void): number | undefined {
  const cores = availableCores();
  if (threads === undefined) return jobs > 1 ? Math.max(1, Math.floor(cores / jobs)) : undefined;
  if (threads * jobs > cores) notice(`${jobs} runs at once × ${threads} threads exceed the ${cores} cores available: the runs compete for cores, and their throughput shows it`);
  return threads;
}

/** What the suite did to the leaderboard, in one line: never "recorded in" a file it did not write. */
function suiteSummary(result: SuiteResult, out: string): string {
  const extended = result.extended.length ? ` (${result.extended.length} of them extended to the larger step budget)` : '';
  const skipped = result.skipped.length ? `, ${result.skipped.length} already there (--rerun to repeat them)` : '';
  const inUse = result.inUse.length ? `, ${result.inUse.length} in training by another process (run the suite again to record them here)` : '';
  const recorded = result.ran.length ? `${result.ran.length} runs recorded in ${out}` : fs.existsSync(out) ? `no run recorded in ${out}` : `no run recorded (${out} not written)`;
  return `${recorded}${extended}${skipped}${inUse}`;
}

export async function suiteCommand(argv: SuiteArgs): Promise<void> {
  assertWritableFile(argv.out, '--out');
  if (argv['runs-dir'] !== undefined) assertWritableDir(argv['runs-dir'], '--runs-dir');
  const overrides = collectOverrides({ steps: argv.steps, set: argv.set });
  const jobs = await jobsOf(argv);
  resolveEveryConfig(jobs, overrides);
  const interrupt = abortOnSigint('checkpointing the runs in progress');
  const progress = createSuiteProgress(jobs.length);
  const concurrency = argv.jobs ?? 1;
  const threads = threadsPerRun(argv.threads, concurrency, (message) => progress.notice(message));
  try {
    const result = await runSuite({
      jobs,
      out: argv.out,
      runsDir: argv['runs-dir'],
      engine: argv.engine as EngineName,
      device: argv.device as Device,
      threads,
      concurrency,
      overrides,
      rerun: argv.rerun,
      signal: interrupt.signal,
      onJobStart: (job, i) => progress.jobStarted(runLabel(job), i),
      onJobEnd: (job, record, i) => progress.jobEnded(runLabel(job), record, i),
      onJobSkipped: (job, reason, i) => progress.jobSkipped(runLabel(job), reason, i),
      onStep: (i, s, b) => progress.step(i, s, b),
      onNotice: (message) => progress.notice(message),
    });
    progress.stop();
    const touched = new Set([...result.ran.map((r) => r.runId), ...result.reused]);
    const leaderboard = readLeaderboard(argv.out, { missingOk: true });
    const entries = leaderboard.entries.filter((e) => e.runs.some((r) => touched.has(r.runId)));
    process.stdout.write(`${formatLeaderboardTable(entries)}\n`);
    process.stdout.write(`${suiteSummary(result, argv.out)}\n`);
    if (result.interrupted) {
      process.stderr.write('interrupted: every finished run is recorded; run the same command again to continue\n');
      process.exitCode = 130;
    }
  } finally {
    progress.stop();
    interrupt.release();
  }
}
