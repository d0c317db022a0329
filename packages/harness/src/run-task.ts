import fs from 'node:fs';
import path from 'node:path';
import { resolveConfig, seedStreams, type Experiment, type Task, type TrainingConfig } from '@grokbench/task-kit';
import { createEngine, describeEngine, train, type CurvePoint, type Device, type Engine, type EngineInfo, type EngineName, type RunFiles } from '@grokbench/trainer';
import writeFileAtomic from 'write-file-atomic';
import { curveFingerprint } from './config-fingerprint.js';
import { lockRunFolder, RUN_LOCK_FILE } from './run-lock.js';
import { describeEnvironment } from './environment.js';
import { computeRunMetrics, resolvePrimaryCompanion, runMetricsOptions, throughputMetrics } from './metrics/index.js';
import { gitState, grokbenchVersion } from './provenance.js';
import { RUN_SCHEMA, type RunRecord } from './run-record.js';
import { deviceLabel } from './device-label.js';
import { variantLabel } from './variant-label.js';

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
  /** Something the user should know, e.g. that --resume found no checkpoint and starts at step 0. */
  onNotice?(message: string): void;
}

/** Refusals a user can fix (a run already recorded, nothing to resume): one line, exit 2. */
export class RunRequestError extends Error {
  override name = 'RunRequestError';
}

/**
 * A run's id names what it is and fingerprints what determines its curve (`curveFingerprint`:
 * config without step budget or checkpoint cadence, engine, device, threads).
 */
export function runIdOf(request: Pick<RunRequest, 'task' | 'preset' | 'method' | 'seed'>, config: object, engine: EngineInfo): string {
  return `${request.task.id}.${request.preset}.${request.method}.s${request.seed}.${curveFingerprint(config, engine)}`;
}

export interface RunPlan {
  config: TrainingConfig;
  runId: string;
  /** What the run changes from its preset (variantLabel). */
  variant: string;
}

/**
 * What a request resolves to before anything runs: its config, run id and variant label. `engine`
 * is the identity of the engine it will run on (describeEngine); pass it when naming many runs.
 */
export async function planRun(request: Omit<RunRequest, 'outDir'>, engine?: EngineInfo): Promise<RunPlan> {
  const config = resolveConfig(request.task, request.preset, request.method, request.overrides);
  const info = engine ?? (await describeEngine(request.engine, { device: request.device, threads: request.threads }));
  const variant = variantLabel(resolveConfig(request.task, request.preset, request.method), config, { ...request, deviceLabel: deviceLabel(info) });
  return { config, runId: runIdOf(request, config, info), variant };
}

/**
 * Trains one run and writes its run.json; `plan` is the request's planRun(), when the caller has
 * it already. The run's folder is locked while it trains, so two processes never write one curve.
 */
export async function runTask(request: RunRequest, plan?: RunPlan): Promise<RunRecord> {
  const resolved = plan ?? (await planRun(request));
  const dir = path.join(request.outDir, resolved.runId);
  const files = { curve: path.join(dir, 'curve.jsonl'), checkpoint: path.join(dir, 'checkpoint.bin'), run: path.join(dir, 'run.json') };
  // The lock lives in the folder. A folder this call made is removed again if the run fails
  // before its first checkpoint: an impossible config, a model too large.
  const created = fs.mkdirSync(dir, { recursive: true });
  const lock = lockRunFolder(dir, (holder) => new RunInUseError(`run ${resolved.runId} is being trained by ${holder} (${dir}; if nothing is training it, delete its lock file)`));
  try {
    return await trainInFolder(request, resolved, dir, files);
  } catch (error) {
    if (created !== undefined && !fs.existsSync(files.checkpoint)) fs.rmSync(created, { recursive: true, force: true });
    throw error;
  } finally {
    lock.release();
  }
}

/** A run another process is training (its folder is locked): one line, exit 2; a suite skips it. */
export class RunInUseError extends RunRequestError {
  override name = 'RunInUseError';
}

async function trainInFolder(request: RunRequest, plan: RunPlan, dir: string, files: RunFiles & { run: string }): Promise<RunRecord> {
  const { config, runId } = plan;
  const hasResults = fs.existsSync(files.curve) || fs.existsSync(files.run);
  if (hasResults && !request.resume && !request.fresh) {
    throw new RunRequestError(`run ${runId} already has results in ${dir}: add --resume to continue it, or --fresh to start over`);
  }
  if (request.resume && !fs.existsSync(files.checkpoint)) request.onNotice?.(`--resume: run ${runId} has no checkpoint in ${dir}; starting at step 0`);
  // Everything but the folder's lock goes.
  if (request.fresh) for (const name of fs.readdirSync(dir)) if (name !== RUN_LOCK_FILE) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  const engine = await createEngine(request.engine, { device: request.device, threads: request.threads });
  try {
    if (runIdOf(request, config, engine.info) !== runId) throw new Error(`run ${runId}: the engine created (${JSON.stringify(engine.info)}) is not the one the run was named for`);
    return await trainAndRecord(request, { ...plan, engine }, files);
  } finally {
    // Each run has an engine of its own: its read-back sessions go with the run.
    await engine.dispose?.();
  }
}

/** The companion whose rise marks the circuit forming; more than one is a bug in the task. */
function circuitSeriesOf(experiment: Experiment): string | undefined {
  const marked = Object.entries(experiment.companions ?? {}).filter(([, series]) => series.marksCircuit);
  if (marked.length > 1) throw new Error(`companions ${marked.map(([name]) => name).join(', ')} all mark the circuit: at most one may`);
  return marked[0]?.[0];
}

async function trainAndRecord(request: RunRequest, plan: RunPlan & { engine: Engine }, files: { curve: string; checkpoint: string; run: string }): Promise<RunRecord> {
  const { task, seed } = request;
  const { config, engine, runId, variant } = plan;
  // The code as the run starts: what produced its curve, even if the tree changes while it trains.
  const provenance = gitState();
  const rng = seedStreams(seed);
  const experiment = task.setup(config, rng.data);
  const companions = Object.fromEntries(Object.entries(experiment.companions ?? {}).map(([name, c]) => [name, { better: c.better, description: c.description }]));
  // Before training: a task naming a series it does not record is a bug to hear about now, not after the run.
  resolvePrimaryCompanion(task.primaryCompanion, companions);
  const circuitSeries = circuitSeriesOf(experiment);
  const result = await train({
    engine,
    experiment,
    config,
    rng,
    files,
    resume: request.resume,
    signal: request.signal,
    onStep: request.onStep,
    onEval: request.onEval,
  });
  const metrics = computeRunMetrics(
    result.curve,
    runMetricsOptions({ chance: experiment.chance, companions, primaryCompanion: task.primaryCompanion, diverged: result.stoppedBy === 'diverged', circuitSeries }),
  );
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
    ...(result.divergedAt === null ? {} : { divergedAt: result.divergedAt }),
    variant,
    grokbenchVersion: grokbenchVersion(),
    ...provenance,
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
