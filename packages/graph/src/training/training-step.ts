import { gradients } from '../autodiff.js';
import { countFlops } from '../flops.js';
import { ancestors, type Graph } from '../graph.js';
import { GraphError } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { applyGradientFilter, type GradientFilterSpec } from './gradient-filters.js';
import { applyOptimizer, learningRateFactor, type OptimizerSpec, type StepScalars } from './optimizers.js';
import { StateBuilder, type HistorySlot, type StateSlot } from './state-builder.js';

export interface TrainingStepOptions {
  loss: Tensor;
  optimizer: OptimizerSpec;
  /** A Grokfast filter applied to each gradient before the optimizer sees it. */
  filter?: GradientFilterSpec | null;
  /** Parameters to train; all of the graph's parameters when omitted. */
  params?: readonly Tensor[];
  /** Extra values to return from each step (the loss is always returned as `loss`). */
  metrics?: Record<string, Tensor>;
}

/**
 * One training step as a single graph: forward, backward, gradient filter and optimizer update.
 * An engine carries each state slot's output to its input between steps (parameters first), keeps
 * the history windows, and feeds the step scalars; the rest of the inputs are the batch.
 */
export interface StepProgram {
  graph: Graph;
  outputs: Record<string, Tensor>;
  /** Parameters and optimizer state, parameters first, with their output names. */
  state: (StateSlot & { outputName: string })[];
  histories: (HistorySlot & { outputName: string })[];
  /** Output names of the per-step metrics. */
  metrics: string[];
  scalars: StepScalars;
  /** Values of the step scalars at 1-based step t. */
  scalarFeeds(step: number): Record<string, number>;
  /** Inputs the caller feeds each step (the batch). */
  batchInputs: Tensor[];
  /** FLOPs of one step's graph. */
  flops: number;
}

export const STEP_INPUT = 'opt/step';
export const LR_INPUT = 'opt/lr';

export function buildTrainingStep(options: TrainingStepOptions): StepProgram {
  const graph = options.loss.graph;
  const params = options.params ?? graph.params.map((p) => p.tensor);
  if (params.length === 0) throw new GraphError('buildTrainingStep: the graph has no parameters to train');
  const scalars: StepScalars = { step: graph.input(STEP_INPUT, []), lr: graph.input(LR_INPUT, []) };
  const grads = gradients(options.loss, params);
  const state = new StateBuilder(graph);

  const paramSlots: StateSlot[] = params.map((param, i) => {
    const info = graph.paramInfo(param);
    if (!info) throw new GraphError(`buildTrainingStep: ${param} is not a parameter`);
    const grad = options.filter ? applyGradientFilter(options.filter, param, grads[i], scalars, state) : grads[i];
    return { input: param, output: applyOptimizer(options.optimizer, param, grad, scalars, state), init: info.init };
  });
  state.finish();

  const slots = [...paramSlots, ...state.slots].map((s) => ({ ...s, outputName: `next:${s.input.name}` }));
  const histories = state.histories.map((h) => ({ ...h, outputName: `push:${h.evicted.name}` }));
  const metricTensors = { loss: options.loss, ...options.metrics };
  const outputs: Record<string, Tensor> = { ...metricTensors };
  for (const s of slots) outputs[s.outputName] = s.output;
  for (const h of histories) outputs[h.outputName] = h.pushed;

  const internal = new Set<Tensor>([scalars.step, scalars.lr, ...slots.map((s) => s.input), ...histories.map((h) => h.evicted)]);
  const { lr, warmupSteps, cosineAnneal } = options.optimizer;
  return {
    graph,
    outputs,
    state: slots,
    histories,
    metrics: Object.keys(metricTensors),
    scalars,
    scalarFeeds: (step) => ({ [STEP_INPUT]: step, [LR_INPUT]: lr * learningRateFactor(step, warmupSteps, cosineAnneal ?? null) }),
    batchInputs: ancestors(Object.values(outputs)).filter((t) => t.kind === 'input' && !internal.has(t)),
    flops: countFlops(Object.values(outputs)),
  };
}
