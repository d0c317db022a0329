import {
  assertWritableFile,
  BENCH_SCHEMA,
  benchTask,
  describeEnvironment,
  deviceLabel,
  formatNumber,
  textTable,
  writeBenchReport,
  type TaskBenchResult,
} from '@grokbench/harness';
import { resolveConfig, type Task } from '@grokbench/task-kit';
import { createEngine, type Device, type EngineName } from '@grokbench/trainer';
import type { ArgsOf, benchOptions } from '../command-options.js';
import { discoverSelectedTasks } from '../select-tasks.js';
import { UsageError } from '../user-error.js';

type BenchArgs = ArgsOf<typeof benchOptions>;

/** The tasks to time: those named (each must exist), or every task that has the preset. */
async function tasksToTime(names: string | undefined, preset: string): Promise<Task[]> {
  const tasks = await discoverSelectedTasks(names);
  if (names !== undefined) return tasks;
  const withPreset = tasks.filter((t) => preset in t.presets);
  if (!withPreset.length) throw new UsageError(`no task has the preset "${preset}" (tasks: ${tasks.map((t) => t.id).join(', ') || 'none installed'})`);
  return withPreset;
}


function table(results: readonly TaskBenchResult[]): string {
  const header = ['task', 'steps/s', 'ms/step', '± %', 'examples/s', 'GFLOP/s', 'ms/eval', 'with companions', 'companions % of run'];
  const rows = results.map((r) => [
    r.task,
    formatNumber(r.stepsPerSecond),
    formatNumber(r.msPerStep),
    formatNumber(r.rmePercent),
    formatNumber(r.examplesPerSecond),
    formatNumber(r.gflops),
    formatNumber(r.msPerEvaluation?.scores),
    formatNumber(r.msPerEvaluation?.withCompanions),
    formatNumber(r.companionOverheadPercent),
  ]);
  return textTable(header, rows, header.map((_, i) => i > 0));
}

/** Training-step throughput of each task on one engine: a table, and optionally a JSON file. */
export async function benchCommand(argv: BenchArgs): Promise<void> {
  if (argv.json !== undefined) assertWritableFile(argv.json, '--json');
  const tasks = await tasksToTime(argv.tasks, argv.preset);
  // A bad preset, method or config fails here, before minutes of timing are spent on the tasks before it.
  for (const task of tasks) resolveConfig(task, argv.preset, argv.method);
  const engine = await createEngine(argv.engine as EngineName, { device: argv.device as Device, threads: argv.threads });
  const environment = describeEnvironment();
  const results: TaskBenchResult[] = [];
  try {
    for (const task of tasks) {
      process.stderr.write(`timing ${task.id} (${argv.preset}, ${argv.method}) for ${argv.seconds} s\n`);
      results.push(await benchTask({ task, preset: argv.preset, method: argv.method, engine, seconds: argv.seconds }));
    }
  } finally {
    await engine.dispose?.();
  }
  const { name, backend, threads } = engine.info;
  process.stdout.write(
    `engine ${name} (backend ${backend}, device ${deviceLabel(engine.info)}, ${threads} thread${threads === 1 ? '' : 's'}) on ${environment.cpuModel} (${environment.cores} cores); ` +
      `preset ${argv.preset}, method ${argv.method}, ${argv.seconds} s per task\n` +
      `${table(results)}\n`,
  );
  if (argv.json) {
    await writeBenchReport(argv.json, { schema: BENCH_SCHEMA, environment, engine: engine.info, seconds: argv.seconds, results, createdAt: new Date().toISOString() });
  }
}
