import { add, gather, reshape, slice, type Graph, type Tensor } from '@grokbench/graph';
import type { MlpConfig } from './model-config.js';
import { activate, applyLinear, linearParams, type LinearParams } from './layers.js';
import type { Model } from './model.js';

/**
 * An MLP over two operands, tokens [B, 2] = (a, b) → logits [B, classes].
 *
 * The first layer is one-hot(a) ⊕ one-hot(b) (width 2·vocab) times a weight matrix; that product
 * is the sum of one row from each half of the matrix, so each half is an embedding table and the
 * layer is two gathers. Separate tables (rather than one table with b offset by vocab) also halve
 * the one-hot the gather gradient builds, [B, vocab] twice instead of [2B, 2·vocab].
 */
/** The MLP's residue embedding tables (rows indexed by operand a and b): what progress measures read. */
export const MLP_RESIDUE_EMBEDDINGS = ['mlp/embed_a', 'mlp/embed_b'] as const;

export function buildMlp(g: Graph, config: MlpConfig, dims: { vocab: number; classes: number }): Model {
  const { hidden, depth, activation, biases } = config;
  // Both tables are halves of one nn.Linear(2·vocab, hidden), hence its fan-in.
  const limit = 1 / Math.sqrt(2 * dims.vocab);
  const embedA = g.param(MLP_RESIDUE_EMBEDDINGS[0], [dims.vocab, hidden], { kind: 'uniform', limit });
  const embedB = g.param(MLP_RESIDUE_EMBEDDINGS[1], [dims.vocab, hidden], { kind: 'uniform', limit });
  const firstBias = biases ? g.param('mlp/embed_bias', [hidden], { kind: 'uniform', limit }) : null;
  const layers: LinearParams[] = [];
  for (let i = 1; i < depth; i++) layers.push(linearParams(g, `mlp/hidden_${i}`, hidden, hidden, biases));
  const readout = linearParams(g, 'mlp/out', hidden, dims.classes, biases);

  return (tokens) => {
    checkTokens(tokens);
    let h = add(operandEmbedding(embedA, tokens, 0), operandEmbedding(embedB, tokens, 1));
    if (firstBias) h = add(h, firstBias);
    h = activate(h, activation);
    for (const layer of layers) h = activate(applyLinear(h, layer), activation);
    return applyLinear(h, readout);
  };
}

function operandEmbedding(table: Tensor, tokens: Tensor, position: number): Tensor {
  const ids = reshape(slice(tokens, 1, position, position + 1), [tokens.shape[0]]);
  return gather(table, ids);
}

function checkTokens(tokens: Tensor): void {
  if (tokens.dtype !== 'int32' || tokens.rank !== 2 || tokens.shape[1] !== 2) {
    throw new Error(`mlp: expects int32 tokens [B, 2] (the two operands), got ${tokens}`);
  }
}
