import type { Tensor } from '@grokbench/graph';
import { resolveConfig, seedStreams, type Experiment, type Task } from '@grokbench/task-kit';
import { buildConfiguredStep, evaluationOutputs, TrainingSession, type Engine, type EngineInfo } from '@grokbench/trainer';
import writeFileAtomic from 'write-file-atomic';
import type { Environment } from './environment.js';
import { timeCalls, timeSteps, type StepTiming, type StepTimingOptions } from './time-steps.js';

export const BENCH_SCHEMA = 'grokbench/bench@1';

export interface TaskBenchRequest extends StepTimingOptions {
  task: Task;
  preset: string;
  method: string;
  engine: Engine;
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
  /**
   * One evaluation (the scores and losses), without and with the task's companion series (progress
   * measures and the rest), ms; absent for a task that records no companions.
   */
  msPerEvaluation?: { scores: number; withCompanions: number };
  /**
   * What the companions add to a run's wall time: (with − without) ÷ (evalEvery steps + one
   * evaluation without them), percent.
   */
  companionOverheadPercent?: number;
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
  const { data, init, batches } = seedStreams(0);
  const experiment = task.setup(config, data);
  const program = buildConfiguredStep(experiment, config);
  const session = await TrainingSession.create(engine, program, () => init.uniform());
  let timing: StepTiming;
  let evaluation: { scores: number; withCompanions: number } | null;
  try {
    timing = await timeSteps(session, (step) => experiment.nextBatch(step, batches), request);
    evaluation = await timeEvaluations(engine, experiment, session, request);
  } finally {
    await session.dispose();
  }
  const ms = timing.msPerStep;
  const evalEvery = config.evalEvery ?? null;
  const stepsPerSecond = 1000 / ms;
  return {
    task: task.id,
    paradigm: task.paradigm,
    preset: request.preset,
    method: request.method,
    engine: { ...engine.info },
    stepsPerSecond: round(stepsPerSecond),
    msPerStep: round(ms),
    rmePercent: round(timing.rmePercent, 2),
    samples: timing.samples,
    examplesPerStep: experiment.examplesPerStep,
    examplesPerSecond: round(experiment.examplesPerStep * stepsPerSecond),
    flopsPerStep: program.flops,
    gflops: round((program.flops * stepsPerSecond) / 1e9),
    ...(evaluation
      ? {
          msPerEvaluation: { scores: round(evaluation.scores), withCompanions: round(evaluation.withCompanions) },
          ...(evalEvery ? { companionOverheadPercent: round((100 * (evaluation.withCompanions - evaluation.scores)) / (evalEvery * ms + evaluation.scores), 2) } : {}),
        }
      : {}),
  };
}

/**
 * Times one evaluation as the run takes it, compiled twice: the scores and losses alone, and with
 * every companion series. The difference is what the companions cost; null without companions.
 */
async function timeEvaluations(engine: Engine, experiment: Experiment, session: TrainingSession, options: StepTimingOptions) {
  if (Object.keys(experiment.companions ?? {}).length === 0) return null;
  const params = session.paramFeeds();
  const timeGraph = async (outputs: Record<string, Tensor>) => {
    const compiled = await engine.compile(experiment.graph, outputs);
    try {
      return await timeCalls(() => compiled.run(params), { ...options, seconds: options.seconds / 2 });
    } finally {
      await compiled.dispose();
    }
  };
  const scores = await timeGraph({ ...experiment.evaluation });
  // The outputs a run's evaluation computes, companions included.
  const withCompanions = await timeGraph(evaluationOutputs(experiment));
  return { scores, withCompanions };
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
