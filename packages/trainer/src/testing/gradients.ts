import { gradients, sampleInitializer, type Graph, type HostTensor } from '@grokbench/graph';
import { Rng, type Experiment } from '@grokbench/task-kit';
import { OrtEngine } from '../engines/ort-engine.js';

/** Every parameter's values, drawn from `seed` with its initializer as the trainer draws them. */
export function initialParams(graph: Graph, seed: number): Record<string, Float32Array> {
  const rng = Rng.fromSeed(seed);
  return Object.fromEntries(graph.params.map((p) => [p.tensor.name, sampleInitializer(p.init, p.tensor.shape, () => rng.uniform())]));
}

/**
 * The gradient of the experiment's loss with respect to every parameter, run on ORT (one thread)
 * at parameter `values` with the step's fed `batch`, and the feeds it ran on: what a gradient
 * cross-check compares against its independent computation.
 */
export async function lossGradients(experiment: Experiment, values: Record<string, Float32Array>, batch: Record<string, HostTensor>) {
  const params = experiment.graph.params.map((p) => p.tensor);
  const feeds: Record<string, HostTensor> = { ...batch };
  for (const p of params) feeds[p.name] = { dtype: 'float32', shape: p.shape, data: values[p.name] };
  const grads = gradients(experiment.loss, params);
  const compiled = await new OrtEngine({ threads: 1 }).compile(experiment.graph, Object.fromEntries(params.map((p, i) => [`grad:${p.name}`, grads[i]])));
  try {
    const out = await compiled.run(feeds);
    // Keyed by parameter name (an output may not share a name with the input it differentiates).
    return { feeds, grads: Object.fromEntries(params.map((p) => [p.name, out[`grad:${p.name}`].data as Float32Array])) };
  } finally {
    await compiled.dispose();
  }
}
