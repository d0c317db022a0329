import { discoverTasks, parseShard, planSuite, readLeaderboard, runSuite, type SuiteJob } from '@grokbench/harness';
import type { Device, EngineName } from '@grokbench/trainer';
import { METHODS } from '@grokbench/trainer';
import type { Argv } from 'yargs';
import { collectOverrides } from '../overrides.js';
import { abortOnSigint } from '../interrupt.js';
import { createSuiteProgress } from '../progress.js';
import { runLabel, selectTasks } from '../select-tasks.js';
import { formatLeaderboardTable } from '../tables.js';
import { UsageError } from '../user-error.js';

const list = (text: string | undefined) => (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);

export function suiteOptions<T>(y: Argv<T>) {
  return y
    .option('preset', { type: 'string', default: 'quick', describe: 'preset to run on every task that has it' })
    .option('tasks', { type: 'string', describe: 'comma-separated task ids (default: every installed task)' })
    .option('methods', { type: 'string', default: 'adamw', describe: 'comma-separated methods' })
    .option('seeds', { type: 'number', default: 3, describe: 'seeds 0 … N−1' })
    .option('seed-list', { type: 'string', describe: 'explicit seeds, e.g. 0,4,7 (instead of --seeds)' })
    .option('shard', { type: 'string', describe: 'run only shard i of n: i/n (0-based)' })
    .option('out', { type: 'string', default: 'results/leaderboard.json', describe: 'leaderboard file (merged into, never overwritten)' })
    .option('runs-dir', { type: 'string', describe: "folder of the runs' folders (default: runs/ beside --out)" })
    .option('rerun', { type: 'boolean', default: false, describe: 'run again what the leaderboard already holds, replacing those records' })
    .option('engine', { choices: ['ort', 'tfjs'] as const, default: 'ort' as const })
    .option('device', { choices: ['cpu', 'cuda'] as const, default: 'cpu' as const })
    .option('threads', { type: 'number', describe: 'CPU threads (default: the cores available)' })
    .option('steps', { type: 'number', describe: 'step budget of every run (overrides the preset)' })
    .option('set', { type: 'string', array: true, describe: 'override a config field of every run: --set optimizer.weightDecay=0.5' });
}

function seedsOf(argv: { seeds: number; 'seed-list'?: string }): number[] {
  if (argv['seed-list'] !== undefined) {
    const seeds = list(argv['seed-list']).map(Number);
    if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s) || s < 0)) throw new UsageError(`--seed-list takes non-negative integers, got "${argv['seed-list']}"`);
    return seeds;
  }
  if (!Number.isInteger(argv.seeds) || argv.seeds < 1) throw new UsageError(`--seeds must be a positive integer, got ${argv.seeds}`);
  return Array.from({ length: argv.seeds }, (_, i) => i);
}

async function jobsOf(argv: { preset: string; tasks?: string; methods: string; seeds: number; 'seed-list'?: string; shard?: string }): Promise<SuiteJob[]> {
  const tasks = selectTasks(await discoverTasks(), argv.tasks);
  const methods = list(argv.methods);
  const badMethod = methods.find((m) => !METHODS[m]);
  if (badMethod || methods.length === 0) throw new UsageError(`unknown method "${badMethod ?? ''}" (methods: ${Object.keys(METHODS).join(', ')})`);
  return planSuite(tasks, argv.preset, methods, seedsOf(argv), argv.shard ? parseShard(argv.shard) : undefined);
}

export async function suiteCommand(argv: Awaited<ReturnType<ReturnType<typeof suiteOptions>['parseAsync']>>): Promise<void> {
  const jobs = await jobsOf(argv);
  const interrupt = abortOnSigint('checkpointing the current run');
  const progress = createSuiteProgress(jobs.length);
  try {
    const result = await runSuite({
      jobs,
      out: argv.out,
      runsDir: argv['runs-dir'],
      engine: argv.engine as EngineName,
      device: argv.device as Device,
      threads: argv.threads,
      overrides: collectOverrides({ steps: argv.steps, set: argv.set }),
      rerun: argv.rerun,
      signal: interrupt.signal,
      onJobStart: (job, i) => progress.jobStarted(runLabel(job), i),
      onJobEnd: (job, record, i) => progress.jobEnded(runLabel(job), record, i),
      onStep: (s, b) => progress.step(s, b),
    });
    progress.stop();
    const touched = new Set(jobs.map((j) => `${j.task.id}|${j.preset}|${j.method}`));
    const leaderboard = readLeaderboard(argv.out, { missingOk: true });
    const entries = leaderboard.entries.filter((e) => touched.has(`${e.task}|${e.preset}|${e.method}`));
    process.stdout.write(`${formatLeaderboardTable(entries)}\n`);
    process.stdout.write(`${result.ran.length} runs recorded in ${argv.out}${result.skipped.length ? `, ${result.skipped.length} already there (--rerun to repeat them)` : ''}\n`);
    if (result.interrupted) {
      process.stderr.write('interrupted: every finished run is recorded; run the same command again to continue\n');
      process.exitCode = 130;
    }
  } finally {
    progress.stop();
    interrupt.release();
  }
}
