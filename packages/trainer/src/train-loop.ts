import fs from 'node:fs';
import writeFileAtomic from 'write-file-atomic';
import { buildTrainingStep, type GradientFilterSpec, type OptimizerSpec, type StepProgram } from '@grokbench/graph';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import type { CurvePoint } from './curve.js';
import type { CompiledGraph, Engine, HostTensor } from './engines/engine.js';
import { isEvalStep } from './eval-schedule.js';
import { Rng } from './rng.js';
import type { Experiment } from './task.js';
import type { TrainingConfig } from './training-config.js';
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

export type StopReason = 'budget' | 'generalized' | 'interrupted';

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
}

export function optimizerSpec(config: TrainingConfig): OptimizerSpec {
  const o = config.optimizer;
  return o.kind === 'sgd'
    ? { kind: 'sgd', lr: o.lr, momentum: o.momentum, weightDecay: o.weightDecay, warmupSteps: o.warmupSteps }
    : { kind: o.kind, lr: o.lr, beta1: o.beta1, beta2: o.beta2, eps: o.eps, weightDecay: o.weightDecay, warmupSteps: o.warmupSteps };
}

/** The training step a config asks for: the experiment's loss, its optimizer and gradient filter. */
export function buildConfiguredStep(experiment: Experiment, config: TrainingConfig): StepProgram {
  const filter = (config.filter ?? null) as GradientFilterSpec | null;
  return buildTrainingStep({ loss: experiment.loss, optimizer: optimizerSpec(config), filter });
}

function weightNorm(params: Record<string, HostTensor>): number {
  let total = 0;
  for (const t of Object.values(params)) for (const v of t.data) total += v * v;
  return Math.sqrt(total);
}

/** The step from which the held-out score has stayed ≥ the stop threshold, or null. */
function generalizedSince(curve: readonly CurvePoint[]): number | null {
  let since: number | null = null;
  for (const p of curve) since = p.heldout >= STOP_THRESHOLD ? (since ?? p.step) : null;
  return since;
}

/** Mutable progress of one loop, saved in checkpoints. */
interface LoopState {
  step: number;
  trainSeconds: number;
  curve: CurvePoint[];
}

class Evaluator {
  constructor(private readonly compiled: CompiledGraph) {}

  async point(session: TrainingSession, state: LoopState): Promise<CurvePoint> {
    const params = session.paramFeeds();
    const out = await this.compiled.run(params);
    const value = (name: string) => out[name].data[0];
    return {
      step: state.step,
      train: value('train'),
      heldout: value('heldout'),
      trainLoss: value('trainLoss'),
      heldoutLoss: value('heldoutLoss'),
      weightNorm: weightNorm(params),
      trainSeconds: state.trainSeconds,
    };
  }
}

/** Reads the curve written so far, keeping only evaluations the checkpoint covers. */
function curveUpTo(path: string, step: number): CurvePoint[] {
  if (!fs.existsSync(path)) return [];
  const lines = fs.readFileSync(path, 'utf8').split('\n').filter((l) => l.trim());
  return lines.map((l) => JSON.parse(l) as CurvePoint).filter((p) => p.step <= step);
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
  const evaluator = new Evaluator(await engine.compile(experiment.graph, { ...experiment.evaluation }));
  const budget = config.steps;
  const state: LoopState = { step: 0, trainSeconds: 0, curve: [] };
  let resumedFrom: number | null = null;
  const loopStarted = performance.now();
  let wallBefore = 0;
  const wallSeconds = () => wallBefore + (performance.now() - loopStarted) / 1000;

  const checkpoint = options.resume && files ? readCheckpoint(files.checkpoint) : null;
  if (checkpoint && files) {
    session.restore(checkpoint.session);
    state.step = session.stepsDone;
    state.trainSeconds = checkpoint.meta.trainSeconds as number;
    wallBefore = (checkpoint.meta.wallSeconds as number | undefined) ?? 0;
    state.curve = curveUpTo(files.curve, state.step);
    resumedFrom = state.step;
  }
  if (files) await writeFileAtomic(files.curve, state.curve.map((p) => `${JSON.stringify(p)}\n`).join(''));

  const record = async () => {
    const point = await evaluator.point(session, state);
    state.curve.push(point);
    if (files) fs.appendFileSync(files.curve, `${JSON.stringify(point)}\n`);
    options.onEval?.(point, budget);
  };
  const save = async () => {
    if (!files) return;
    const meta = { trainSeconds: state.trainSeconds, wallSeconds: wallSeconds() };
    await writeCheckpoint(files.checkpoint, { meta, session: session.snapshot() });
  };
  const generalized = () => {
    const since = generalizedSince(state.curve);
    return config.patience > 0 && since !== null && state.step - since >= config.patience;
  };

  if (state.step === 0) await record();
  let stoppedBy: StopReason = 'budget';
  let lastSave = performance.now();
  try {
    while (state.step < budget) {
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
      await session.step(batch);
      state.trainSeconds += (performance.now() - started) / 1000;
      state.step = session.stepsDone;
      options.onStep?.(state.step, budget);
      if (isEvalStep(state.step, config.evalEvery, budget)) await record();
      const dueBySteps = config.checkpointEvery > 0 && state.step % config.checkpointEvery === 0;
      const dueByTime = config.checkpointSeconds > 0 && performance.now() - lastSave >= config.checkpointSeconds * 1000;
      if (dueBySteps || dueByTime) {
        await save();
        lastSave = performance.now();
      }
    }
    if (stoppedBy === 'budget' && generalized()) stoppedBy = 'generalized';
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
  };
}
