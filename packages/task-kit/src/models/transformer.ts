import {
  add,
  gather,
  matmul,
  mul,
  reshape,
  slice,
  softmax,
  transpose,
  where,
  type Graph,
  type Tensor,
} from '@grokbench/graph';
import { ConfigError } from '../training-config.js';
import type { TransformerConfig } from './model-config.js';
import {
  activate,
  applyLayerNorm,
  applyLinear,
  lastPosition,
  layerNormParams,
  linearParams,
  type LayerNormParams,
  type LinearParams,
} from './layers.js';
import type { Model } from './model.js';

interface BlockParams {
  /** Query, key and value projections side by side, [d, 3d]: one GEMM for all three. */
  qkv: LinearParams;
  out: LinearParams;
  mlpIn: LinearParams;
  mlpOut: LinearParams;
  norm1: LayerNormParams | null;
  norm2: LayerNormParams | null;
}

interface Shape {
  width: number;
  heads: number;
  length: number;
}

/** The token table, whose first rows are the elements (residues) the model reads. */
export const TRANSFORMER_RESIDUE_EMBEDDINGS = ['transformer/token_embed'] as const;

/**
 * The decoder-only transformer of Power et al. (2022, arXiv:2201.02177) and its descendants:
 * token + position embeddings, `layers` blocks of causal multi-head self-attention and an MLP with
 * residual connections, a linear unembedding read at the last position (the answer is predicted
 * from the '=' token). Tokens [B, L] int32 → logits [B, classes].
 *
 * Only the last position's output is used, so the last block computes its query, residual and MLP
 * at that position alone (keys and values still span the sequence): exact, and for L = 4 it saves
 * about three quarters of the last block's work.
 */
export function buildTransformer(g: Graph, config: TransformerConfig, dims: { vocab: number; classes: number; length: number }): Model {
  const { width } = config;
  const { length } = dims;
  const shape: Shape = { width, heads: config.heads, length };
  const mlpWidth = config.mlpWidth ?? 4 * width;
  const { init } = config;
  const vocab = vocabularySize(config, dims.vocab);
  const classes = config.head === 'vocabulary' ? vocab : dims.classes;
  // nn.Embedding draws N(0, 1).
  const embeddingDefault = { kind: 'normal', std: 1 } as const;
  const tokenEmbed = g.param(TRANSFORMER_RESIDUE_EMBEDDINGS[0], [vocab, width], init.tokenEmbed ?? embeddingDefault);
  const positionEmbed =
    config.positions === 'learned'
      ? g.param('transformer/position_embed', [length, width], init.positionEmbed ?? embeddingDefault)
      : g.constant('transformer/position_encoding', sinusoids(length, width), [length, width]);
  const blocks: BlockParams[] = [];
  for (let i = 0; i < config.layers; i++) {
    const name = `transformer/block_${i}`;
    const norms = config.layerNorm !== 'none';
    blocks.push({
      norm1: norms ? layerNormParams(g, `${name}/norm_1`, width) : null,
      ...attentionParams(g, `${name}/attention`, width, config),
      norm2: norms ? layerNormParams(g, `${name}/norm_2`, width) : null,
      mlpIn: linearParams(g, `${name}/mlp/in`, width, mlpWidth, config.biases.mlp, { weight: init.mlpIn, bias: init.mlpBias }),
      mlpOut: linearParams(g, `${name}/mlp/out`, mlpWidth, width, config.biases.mlp, { weight: init.mlpOut, bias: init.mlpBias }),
    });
  }
  const finalNorm = config.finalLayerNorm ? layerNormParams(g, 'transformer/final_norm', width) : null;
  const unembed = g.param('transformer/unembed/weight', [width, classes], init.unembed ?? { kind: 'fan-in-uniform' });
  const mask = length > 1 ? causalMask(g, length) : null;

  return (tokens) => {
    if (tokens.dtype !== 'int32' || tokens.rank !== 2 || tokens.shape[1] !== length) {
      throw new Error(`transformer: expects int32 tokens [B, ${length}], got ${tokens}`);
    }
    let x = add(gather(tokenEmbed, tokens), positionEmbed);
    blocks.forEach((block, i) => {
      x = applyBlock(block, x, i === blocks.length - 1, config, shape, mask);
    });
    if (finalNorm) x = applyLayerNorm(x, finalNorm);
    return matmul(x, unembed);
  };
}

/** One block on the residual stream x [B, L, d]; the last block returns only the last position, [B, d]. */
function applyBlock(p: BlockParams, x: Tensor, lastOnly: boolean, config: TransformerConfig, shape: Shape, mask: Tensor | null): Tensor {
  const mlp = (h: Tensor) => applyLinear(activate(applyLinear(h, p.mlpIn), config.activation), p.mlpOut);
  const residual = lastOnly ? lastPosition(x) : x;
  if (config.layerNorm === 'pre') {
    const attended = add(residual, attention(p, applyLayerNorm(x, p.norm1!), lastOnly, shape, mask));
    return add(attended, mlp(applyLayerNorm(attended, p.norm2!)));
  }
  if (config.layerNorm === 'pre-stream') {
    const normalized = applyLayerNorm(x, p.norm1!);
    const attended = add(lastOnly ? lastPosition(normalized) : normalized, attention(p, normalized, lastOnly, shape, mask));
    return add(attended, mlp(applyLayerNorm(attended, p.norm2!)));
  }
  if (config.layerNorm === 'post') {
    const attended = applyLayerNorm(add(residual, attention(p, x, lastOnly, shape, mask)), p.norm1!);
    return applyLayerNorm(add(attended, mlp(attended)), p.norm2!);
  }
  const attended = add(residual, attention(p, x, lastOnly, shape, mask));
  return add(attended, mlp(attended));
}

/**
 * Causal multi-head self-attention over h [B, L, d], scaled by 1/√d_head. With `lastOnly` the one
 * query is the last position, which may attend to every key, so no mask is needed.
 */
function attention(p: BlockParams, h: Tensor, lastOnly: boolean, shape: Shape, mask: Tensor | null): Tensor {
  const { width, heads, length } = shape;
  const batch = h.shape[0];
  const headWidth = width / heads;
  const project = (x: Tensor, from: number, to: number) =>
    applyLinear(x, { weight: slice(p.qkv.weight, 1, from, to), bias: p.qkv.bias && slice(p.qkv.bias, 0, from, to) });

  let q: Tensor, k: Tensor, v: Tensor;
  if (lastOnly) {
    const kv = project(h, width, 3 * width);
    [k, v] = [slice(kv, 2, 0, width), slice(kv, 2, width, 2 * width)];
    q = project(lastPosition(h), 0, width);
  } else {
    const qkv = applyLinear(h, p.qkv);
    [q, k, v] = [0, 1, 2].map((i) => slice(qkv, 2, i * width, (i + 1) * width));
  }
  const queries = lastOnly ? 1 : length;
  // [B, Lq, d] → [B, H, Lq, d_head]; keys go straight to [B, H, d_head, L] for the score product.
  const qh = transpose(reshape(q, [batch, queries, heads, headWidth]), [0, 2, 1, 3]);
  const kt = transpose(reshape(k, [batch, length, heads, headWidth]), [0, 2, 3, 1]);
  const vh = transpose(reshape(v, [batch, length, heads, headWidth]), [0, 2, 1, 3]);
  let scores = mul(matmul(qh, kt), 1 / Math.sqrt(headWidth));
  // A large finite negative rather than −∞: the same zero weight after softmax, and no inf − inf anywhere.
  if (!lastOnly && mask) scores = where(mask, scores, -1e9);
  const mixed = matmul(softmax(scores, -1), vh);
  const merged = lastOnly
    ? reshape(mixed, [batch, width])
    : reshape(transpose(mixed, [0, 2, 1, 3]), [batch, length, width]);
  return applyLinear(merged, p.out);
}

/**
 * The attention projections: as nn.Linear draws them ('linear'), or as nn.MultiheadAttention does
 * ('torch-mha': its [3d, d] input projection Xavier-uniform, U(±√(6 / (d + 3d))), both biases
 * zero, the output projection keeping nn.Linear's U(±1/√d) weight). `init` overrides either.
 */
function attentionParams(g: Graph, name: string, width: number, config: TransformerConfig): Pick<BlockParams, 'qkv' | 'out'> {
  const { init } = config;
  const mha = config.attentionInit === 'torch-mha';
  const bias = init.attentionBias ?? (mha ? { kind: 'zeros' as const } : null);
  const qkvWeight = init.attentionQkv ?? (mha ? { kind: 'uniform' as const, limit: Math.sqrt(6 / (4 * width)) } : null);
  return {
    qkv: linearParams(g, `${name}/qkv`, width, 3 * width, config.biases.attention, { weight: qkvWeight, bias }),
    out: linearParams(g, `${name}/out`, width, width, config.biases.attention, { weight: init.attentionOut, bias }),
  };
}

/** The token-table size: the task's own tokens, or the preset's larger reference vocabulary. */
function vocabularySize(config: TransformerConfig, taskTokens: number): number {
  if (config.vocabulary === null) return taskTokens;
  if (config.vocabulary < taskTokens) {
    throw new ConfigError(`model.vocabulary: ${config.vocabulary} is smaller than the task's ${taskTokens} tokens`);
  }
  return config.vocabulary;
}

/** [L, L] bool, true where query i may attend to key j ≤ i. */
function causalMask(g: Graph, length: number): Tensor {
  const data = new Uint8Array(length * length);
  for (let i = 0; i < length; i++) for (let j = 0; j <= i; j++) data[i * length + j] = 1;
  return g.constant(`transformer/causal_mask_${length}`, data, [length, length], 'bool');
}

/**
 * Fixed position encodings as Power et al.'s reference code builds them (openai/grok,
 * transformer.py `_position_encoding`): sin(pos / 10000^(i/d)) at even i, cos(pos / 10000^((i−1)/d)) at odd i.
 */
export function sinusoids(length: number, width: number): Float32Array {
  const out = new Float32Array(length * width);
  for (let pos = 0; pos < length; pos++) {
    for (let i = 0; i < width; i++) {
      const even = i - (i % 2);
      const angle = pos / 10000 ** (even / width);
      out[pos * width + i] = i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return out;
}
