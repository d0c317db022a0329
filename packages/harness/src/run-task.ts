import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  OrtEngine,
  Rng,
  TfjsEngine,
  train,
  type CurvePoint,
  type Device,
  type Engine,
  type EngineName,
  type Task,
  type TrainingConfig,
} from '@grokbench/trainer';
import writeFileAtomic from 'write-file-atomic';
import { describeEnvironment } from './environment.js';
import { computeRunMetrics, throughputMetrics } from './metrics/index.js';
import { resolveConfig } from './resolve-config.js';
import { RUN_SCHEMA, type RunRecord } from './run-record.js';

export interface RunRequest {
  task: Task;
  preset: string;
  method: string;
  seed: number;
  engine: EngineName;
  device: Device;
  threads?: number;
  /** Flag overrides, as a partial config (e.g. { optimizer: { lr: 1e-3 } }). */
  overrides?: Record<string, unknown>;
  /** Folder that holds one sub-folder per run. */
  outDir: string;
  resume?: boolean;
  /** Start over even where the run's folder already holds results. */
  fresh?: boolean;
  signal?: AbortSignal;
  onStep?(step: number, budget: number): void;
  onEval?(point: CurvePoint, budget: number): void;
}

/** Refusals a user can fix (a run already recorded, nothing to resume): one line, exit 2. */
export class RunRequestError extends Error {
  override name = 'RunRequestError';
}

export async function createEngine(name: EngineName, device: Device, threads?: number): Promise<Engine> {
  return name === 'ort' ? new OrtEngine({ device, threads }) : TfjsEngine.create({ device, threads });
}

/**
 * A run's id names what it is and fingerprints what determines its curve: the resolved config
 * (the step budget aside, so a finished run can be extended with --resume --steps N), the engine,
 * device and thread count.
 */
export function runIdOf(request: Pick<RunRequest, 'task' | 'preset' | 'method' | 'seed'>, config: object, engine: Engine): string {
  const { steps: _budget, ...curveDefining } = config as Record<string, unknown>;
  const { name, device, threads } = engine.info;
  const digest = createHash('sha256').update(JSON.stringify({ config: curveDefining, name, device, threads })).digest('hex').slice(0, 8);
  return `${request.task.id}.${request.preset}.${request.method}.s${request.seed}.${digest}`;
}

export interface RunPlan {
  config: TrainingConfig;
  engine: Engine;
  runId: string;
}

/** What a request resolves to before anything runs: its config, engine and run id. */
export async function planRun(request: Omit<RunRequest, 'outDir'>): Promise<RunPlan> {
  const config = resolveConfig(request.task, request.preset, request.method, request.overrides);
  const engine = await createEngine(request.engine, request.device, request.threads);
  return { config, engine, runId: runIdOf(request, config, engine) };
}

/** Trains one run and writes its run.json; `plan` is the request's planRun(), when the caller has it already. */
export async function runTask(request: RunRequest, plan?: RunPlan): Promise<RunRecord> {
  const { task, seed } = request;
  const { config, engine, runId } = plan ?? (await planRun(request));
  const dir = path.join(request.outDir, runId);
  const files = { curve: path.join(dir, 'curve.jsonl'), checkpoint: path.join(dir, 'checkpoint.bin'), run: path.join(dir, 'run.json') };
  const hasResults = fs.existsSync(files.curve) || fs.existsSync(files.run);
  if (hasResults && !request.resume && !request.fresh) {
    throw new RunRequestError(`run ${runId} already has results in ${dir}: add --resume to continue it, or --fresh to start over`);
  }
  // Set up first: a config the task refuses (a too-small vocabulary, say) leaves no folder behind.
  const rng = Rng.fromSeed(seed);
  const experiment = task.setup(config, rng.split('data'));
  if (request.fresh) fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const result = await train({
    engine,
    experiment,
    config,
    rng: { init: rng.split('init'), batches: rng.split('batches') },
    files,
    resume: request.resume,
    signal: request.signal,
    onStep: request.onStep,
    onEval: request.onEval,
  });
  const metrics = computeRunMetrics(result.curve, { chance: experiment.chance });
  const record: RunRecord = {
    schema: RUN_SCHEMA,
    runId,
    task: task.id,
    paradigm: task.paradigm,
    preset: request.preset,
    method: request.method,
    seed,
    config,
    engine: engine.info,
    environment: describeEnvironment(),
    stepsRun: result.stepsRun,
    wallSeconds: result.wallSeconds,
    trainSeconds: result.trainSeconds,
    stoppedBy: result.stoppedBy,
    resumedFrom: result.resumedFrom,
    metrics,
    throughput: throughputMetrics({
      stepsRun: result.stepsRun,
      trainSeconds: result.trainSeconds,
      examplesPerStep: experiment.examplesPerStep,
      flopsPerStep: result.flopsPerStep,
      tGrok: metrics.primary.tGrok,
      curve: result.curve,
    }),
    createdAt: new Date().toISOString(),
  };
  await writeFileAtomic(files.run, `${JSON.stringify(record, null, 2)}\n`);
  return record;
}
