import type { Graph, Tensor } from '@grokbench/graph';
import type { ModelConfig } from './model-config.js';
import { buildMlp } from './mlp.js';
import { buildTransformer } from './transformer.js';

/**
 * A model whose parameters already live in a graph: applying it to a token tensor adds the forward
 * pass. Applying it several times (a training batch, the baked-in train and held-out sets) shares
 * the parameters.
 */
export type Model = (tokens: Tensor) => Tensor;

export interface ModelDims {
  /** Distinct token ids the model reads (operand values for the MLP, the whole vocabulary for the transformer). */
  vocab: number;
  classes: number;
  /** Tokens per example. */
  length: number;
}

export function buildModel(g: Graph, config: ModelConfig, dims: ModelDims): Model {
  return config.kind === 'mlp' ? buildMlp(g, config, dims) : buildTransformer(g, config, dims);
}
