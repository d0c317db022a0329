import { buildTrainingStep, type GradientFilterSpec } from '@grokbench/graph';
import { optimizerSpec, Rng, TrainingSession, type Engine, type EngineInfo, type Task } from '@grokbench/trainer';
import { Bench } from 'tinybench';
import writeFileAtomic from 'write-file-atomic';
import type { Environment } from './environment.js';
import { resolveConfig } from './resolve-config.js';

export const BENCH_SCHEMA = 'grokbench/bench@1';

export interface TaskBenchRequest {
  task: Task;
  preset: string;
  method: string;
  engine: Engine;
  /** Time budget of the timed phase, in seconds. */
  seconds: number;
  /** Timed steps at least, whatever the time budget (slow engines reach it after a few). */
  minSteps?: number;
  /** Untimed steps first, so one-time costs (allocation, kernel selection) are not counted. */
  warmupSteps?: number;
  overrides?: Record<string, unknown>;
}

/** Step throughput of one (task, preset, method) on one engine. */
export interface TaskBenchResult {
  task: string;
  paradigm: string;
  preset: string;
  method: string;
  engine: EngineInfo;
  stepsPerSecond: number;
  msPerStep: number;
  /** Relative margin of error of the mean step time, in percent. */
  rmePercent: number;
  /** Timed steps. */
  samples: number;
  examplesPerStep: number;
  examplesPerSecond: number;
  flopsPerStep: number;
  /** Achieved: the step graph's FLOP count ÷ the mean step time. */
  gflops: number;
}

const round = (x: number, digits = 3) => Number(x.toPrecision(digits + 3));

/**
 * Times training steps of a task as a run takes them: the resolved config's step graph (optimizer
 * and gradient filter included) on `engine`, each step fed the batch its experiment gives for that
 * step number. Seed 0 throughout, so every engine times the same data and initial parameters.
 */
export async function benchTask(request: TaskBenchRequest): Promise<TaskBenchResult> {
  const { task, engine } = request;
  const config = resolveConfig(task, request.preset, request.method, request.overrides);
  const rng = Rng.fromSeed(0);
  const experiment = task.setup(config, rng.split('data'));
  const filter = (config.filter ?? null) as GradientFilterSpec | null;
  const program = buildTrainingStep({ loss: experiment.loss, optimizer: optimizerSpec(config), filter });
  const init = rng.split('init');
  const batches = rng.split('batches');
  const session = await TrainingSession.create(engine, program, () => init.uniform());

  const bench = new Bench({
    time: request.seconds * 1000,
    iterations: request.minSteps ?? 3,
    warmupTime: Math.min(500, (request.seconds * 1000) / 4),
    warmupIterations: request.warmupSteps ?? 2,
    throws: true,
  });
  // The step number keeps rising through warm-up and timing, as in a run: batches and learning-rate warm-up follow it.
  bench.add(task.id, async () => {
    await session.step(experiment.nextBatch(session.stepsDone + 1, batches));
  });
  try {
    await bench.run();
  } finally {
    await session.dispose();
  }
  const result = bench.tasks[0].result;
  if (!result || !('latency' in result) || !result.latency.samples.length) throw new Error(`${task.id}: the benchmark produced no timings`);
  const ms = result.latency.mean;
  const stepsPerSecond = 1000 / ms;
  return {
    task: task.id,
    paradigm: task.paradigm,
    preset: request.preset,
    method: request.method,
    engine: { ...engine.info },
    stepsPerSecond: round(stepsPerSecond),
    msPerStep: round(ms),
    rmePercent: round(result.latency.rme, 2),
    samples: result.latency.samples.length,
    examplesPerStep: experiment.examplesPerStep,
    examplesPerSecond: round(experiment.examplesPerStep * stepsPerSecond),
    flopsPerStep: program.flops,
    gflops: round((program.flops * stepsPerSecond) / 1e9),
  };
}

/** What `grokbench bench --json` writes: the machine and engine once, then one result per task. */
export interface BenchReport {
  schema: typeof BENCH_SCHEMA;
  environment: Environment;
  engine: EngineInfo;
  /** The time budget each task was timed for. */
  seconds: number;
  results: TaskBenchResult[];
  createdAt: string;
}

/** Writes a bench report atomically (temp file + rename): a reader never sees half a file. */
export async function writeBenchReport(file: string, report: BenchReport): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
}
