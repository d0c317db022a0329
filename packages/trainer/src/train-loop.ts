import fs from 'node:fs';
import writeFileAtomic from 'write-file-atomic';
import { buildTrainingStep, type GradientFilterSpec, type OptimizerSpec, type StepProgram, type Tensor, type HostTensor } from '@grokbench/graph';
import { ConfigError, Rng, type Experiment, type TrainingConfig } from '@grokbench/task-kit';
import { DamagedRunFileError, readCheckpoint, writeCheckpoint } from './checkpoint.js';
import type { CurvePoint } from './curve.js';
import type { CompiledGraph, Engine } from './engines/engine.js';
import { isEvalStep } from './eval-schedule.js';
import { TrainingSession } from './training-session.js';

/** Held-out score that counts as generalized for the early stop. */
export const STOP_THRESHOLD = 0.99;

export interface RunFiles {
  /** curve.jsonl: one CurvePoint per line, appended as evaluations happen. */
  curve: string;
  checkpoint: string;
}

export interface TrainOptions {
  engine: Engine;
  experiment: Experiment;
  config: TrainingConfig;
  /** The run's random streams; `init` draws parameters, `batches` is the root that minibatches are split from. */
  rng: { init: Rng; batches: Rng };
  /** Where to stream the curve and keep checkpoints; nothing is written without it. */
  files?: RunFiles;
  /** Continue from the checkpoint in `files` when there is one. */
  resume?: boolean;
  /** Checked after every step: when aborted, the loop checkpoints and returns. */
  signal?: AbortSignal;
  onStep?(step: number, budget: number): void;
  onEval?(point: CurvePoint, budget: number): void;
}

export type StopReason = 'budget' | 'generalized' | 'interrupted' | 'diverged';

export interface TrainResult {
  curve: CurvePoint[];
  stepsRun: number;
  /** Time spent in training steps, summed over resumed segments. */
  trainSeconds: number;
  /** Wall time of the loop (steps, evaluations, checkpoints), summed over resumed segments. */
  wallSeconds: number;
  stoppedBy: StopReason;
  flopsPerStep: number;
  resumedFrom: number | null;
  /** Step at which the loss or the parameters turned NaN/∞; the run stopped there. */
  divergedAt: number | null;
}

export function optimizerSpec(config: TrainingConfig): OptimizerSpec {
  const o = config.optimizer;
  return o.kind === 'sgd'
    ? { kind: 'sgd', lr: o.lr, momentum: o.momentum, weightDecay: o.weightDecay, warmupSteps: o.warmupSteps, cosineAnneal: o.cosineAnneal }
    : { kind: o.kind, lr: o.lr, beta1: o.beta1, beta2: o.beta2, eps: o.eps, weightDecay: o.weightDecay, warmupSteps: o.warmupSteps, cosineAnneal: o.cosineAnneal };
}

/** The training step a config asks for: the experiment's loss, its optimizer and gradient filter. */
export function buildConfiguredStep(experiment: Experiment, config: TrainingConfig): StepProgram {
  const filter = (config.filter ?? null) as GradientFilterSpec | null;
  return buildTrainingStep({ loss: experiment.loss, optimizer: optimizerSpec(config), filter });
}

/** The L2 norm of each parameter tensor, in float64. */
function parameterNorms(params: Record<string, HostTensor>): Record<string, number> {
  const norms: Record<string, number> = {};
  for (const [name, t] of Object.entries(params)) {
    let total = 0;
    for (const v of t.data) total += v * v;
    norms[name] = Math.sqrt(total);
  }
  return norms;
}

/** The norm of all parameters together, from the per-tensor norms. */
const weightNorm = (norms: Record<string, number>) => Math.sqrt(Object.values(norms).reduce((acc, n) => acc + n * n, 0));

/** The step from which the held-out score has stayed ≥ the stop threshold, or null. */
function generalizedSince(curve: readonly CurvePoint[]): number | null {
  let since: number | null = null;
  for (const p of curve) since = p.heldout >= STOP_THRESHOLD ? (since ?? p.step) : null;
  return since;
}

/**
 * A run has diverged when its training loss or its parameters (through their norm) are NaN/∞.
 * The held-out loss is left out: on a model that is confidently wrong it may overflow while the
 * parameters are fine, and it is a measurement, not the state being trained.
 */
function isDivergedPoint(point: CurvePoint): boolean {
  return !Number.isFinite(point.trainLoss) || !Number.isFinite(point.weightNorm) || !Number.isFinite(point.train) || !Number.isFinite(point.heldout);
}

/** Mutable progress of one loop, saved in checkpoints. */
interface LoopState {
  step: number;
  trainSeconds: number;
  curve: CurvePoint[];
}

const COMPANION_PREFIX = 'companion/';

/** The evaluation graph's outputs: the scores and losses, and each companion series under a prefix. */
export function evaluationOutputs(experiment: Experiment): Record<string, Tensor> {
  const companions = Object.entries(experiment.companions ?? {}).map(([name, series]) => [`${COMPANION_PREFIX}${name}`, series.value]);
  return { ...experiment.evaluation, ...Object.fromEntries(companions) };
}

class Evaluator {
  constructor(
    private readonly compiled: CompiledGraph,
    private readonly engine: Engine,
    private readonly companionNames: readonly string[],
  ) {}

  static async create(engine: Engine, experiment: Experiment): Promise<Evaluator> {
    return new Evaluator(await engine.compile(experiment.graph, evaluationOutputs(experiment)), engine, Object.keys(experiment.companions ?? {}));
  }

  private extra(value: (name: string) => number): Record<string, number | null> | undefined {
    if (this.companionNames.length === 0) return undefined;
    return Object.fromEntries(this.companionNames.map((name) => [name, finiteOrNull(value(`${COMPANION_PREFIX}${name}`))]));
  }

  async point(session: TrainingSession, state: LoopState): Promise<CurvePoint> {
    const params = session.paramFeeds();
    const out = await this.compiled.run(params);
    const value = (name: string) => out[name].data[0];
    const extra = this.extra(value);
    // On the host in float64 whatever the device, so every engine records the same norms.
    const norms = parameterNorms(await this.engine.readBack(params));
    return {
      step: state.step,
      train: value('train'),
      heldout: value('heldout'),
      trainLoss: value('trainLoss'),
      heldoutLoss: value('heldoutLoss'),
      weightNorm: weightNorm(norms),
      parameterNorms: norms,
      trainSeconds: state.trainSeconds,
      ...(extra ? { extra } : {}),
    };
  }
}

// JSON has no NaN or ∞: a companion that overflowed is recorded as null rather than as a wrong number.
const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

function parsePoint(line: string): CurvePoint | null {
  try {
    const point = JSON.parse(line) as CurvePoint;
    return typeof point?.step === 'number' ? point : null;
  } catch {
    return null;
  }
}

/**
 * Reads the curve written so far, keeping only evaluations the checkpoint covers. A crash while
 * appending can cut the last line; that evaluation came after the checkpoint (it is written before
 * the checkpoint of its step), so it is dropped and repeated. Any other unreadable line, or a curve
 * that stops before the checkpoint's evaluations, means the file was damaged.
 */
function curveUpTo(path: string, step: number, evalEvery: number | null): CurvePoint[] {
  if (!fs.existsSync(path)) throw new DamagedRunFileError(path, 'missing beside its checkpoint');
  const lines = fs.readFileSync(path, 'utf8').split('\n').filter((l) => l.trim());
  const points = lines.map(parsePoint);
  const bad = points.findIndex((p, i) => p === null && i < lines.length - 1);
  if (bad >= 0) throw new DamagedRunFileError(path, `line ${bad + 1} is not a curve point`);
  const kept = points.filter((p): p is CurvePoint => p !== null && p.step <= step);
  if (evalEvery === null || !isEvalStep(step, evalEvery, Infinity) || kept.at(-1)?.step === step) return kept;
  throw new DamagedRunFileError(path, `it ends before step ${step}, where the checkpoint is`);
}

/**
 * Trains an experiment: steps, evaluations on the schedule, the curve streamed to disk, periodic
 * atomic checkpoints, early stop once generalized for `patience` steps, and exact resume: a
 * resumed run continues with the same parameters, optimizer state, filter windows and batch
 * stream, so it ends with the same curve as one never interrupted.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { engine, experiment, config, rng, files } = options;
  const program = buildConfiguredStep(experiment, config);
  const session = await TrainingSession.create(engine, program, () => rng.init.uniform());
  const evaluator = await Evaluator.create(engine, experiment);
  const budget = config.steps;
  const state: LoopState = { step: 0, trainSeconds: 0, curve: [] };
  let resumedFrom: number | null = null;
  let divergedAt: number | null = null;
  const loopStarted = performance.now();
  let wallBefore = 0;
  const wallSeconds = () => wallBefore + (performance.now() - loopStarted) / 1000;

  const checkpoint = options.resume && files ? readCheckpoint(files.checkpoint) : null;
  if (checkpoint && files) {
    session.restore(checkpoint.session);
    state.step = session.stepsDone;
    // Resuming to a smaller budget would rewrite the record to say fewer steps than its curve holds.
    if (state.step > budget) {
      throw new ConfigError(`steps: the run is at step ${state.step.toLocaleString('en-US')}, past the ${budget.toLocaleString('en-US')} asked; --resume continues a run to a budget at least as large (nothing was changed)`);
    }
    state.trainSeconds = checkpoint.meta.trainSeconds as number;
    wallBefore = (checkpoint.meta.wallSeconds as number | undefined) ?? 0;
    resumedFrom = state.step;
    // A diverged run stays diverged: its saved parameters are NaN/∞, and a larger budget changes nothing.
    divergedAt = (checkpoint.meta.divergedAt as number | undefined) ?? null;
    // The evaluation that found the divergence was not recorded, so only a healthy run's curve must reach the checkpoint.
    state.curve = curveUpTo(files.curve, state.step, divergedAt === null ? config.evalEvery : null);
  }
  if (files) await writeFileAtomic(files.curve, state.curve.map((p) => `${JSON.stringify(p)}\n`).join(''));

  /** Evaluates and records a curve point; false (nothing recorded) when the run has diverged. */
  const record = async (): Promise<boolean> => {
    const point = await evaluator.point(session, state);
    if (isDivergedPoint(point)) return false;
    state.curve.push(point);
    if (files) fs.appendFileSync(files.curve, `${JSON.stringify(point)}\n`);
    options.onEval?.(point, budget);
    return true;
  };
  const save = async () => {
    if (!files) return;
    const meta = { trainSeconds: state.trainSeconds, wallSeconds: wallSeconds(), ...(divergedAt === null ? {} : { divergedAt }) };
    await writeCheckpoint(files.checkpoint, { meta, session: await session.snapshot() });
  };
  const generalized = () => {
    const since = generalizedSince(state.curve);
    return config.patience > 0 && since !== null && state.step - since >= config.patience;
  };

  if (state.step === 0 && !(await record())) divergedAt = 0;
  let stoppedBy: StopReason = 'budget';
  let lastSave = performance.now();
  try {
    while (state.step < budget && divergedAt === null) {
      if (generalized()) {
        stoppedBy = 'generalized';
        break;
      }
      if (options.signal?.aborted) {
        stoppedBy = 'interrupted';
        break;
      }
      const batch = experiment.nextBatch(state.step + 1, rng.batches);
      const started = performance.now();
      const metrics = await session.step(batch);
      state.trainSeconds += (performance.now() - started) / 1000;
      state.step = session.stepsDone;
      options.onStep?.(state.step, budget);
      const diverged = !Object.values(metrics).every(Number.isFinite) || (isEvalStep(state.step, config.evalEvery, budget) && !(await record()));
      if (diverged) {
        divergedAt = state.step;
        break;
      }
      const dueBySteps = config.checkpointEvery > 0 && state.step % config.checkpointEvery === 0;
      const dueByTime = config.checkpointSeconds > 0 && performance.now() - lastSave >= config.checkpointSeconds * 1000;
      if (dueBySteps || dueByTime) {
        await save();
        lastSave = performance.now();
      }
    }
    if (divergedAt !== null) stoppedBy = 'diverged';
    else if (stoppedBy === 'budget' && generalized()) stoppedBy = 'generalized';
    await save();
  } finally {
    await session.dispose();
  }
  return {
    curve: state.curve,
    stepsRun: state.step,
    trainSeconds: state.trainSeconds,
    wallSeconds: wallSeconds(),
    stoppedBy,
    flopsPerStep: program.flops,
    resumedFrom,
    divergedAt,
  };
}
