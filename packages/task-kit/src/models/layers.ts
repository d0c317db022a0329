import { gelu, layerNorm, linear, relu, reshape, slice, type Graph, type Initializer, type Tensor } from '@grokbench/graph';

export type Activation = 'relu' | 'gelu';

export function activate(x: Tensor, activation: Activation): Tensor {
  return activation === 'relu' ? relu(x) : gelu(x);
}

export interface LinearParams {
  weight: Tensor;
  bias: Tensor | null;
}

/** Initializers that replace a linear layer's defaults; a missing or null one keeps the default. */
export interface LinearInit {
  weight?: Initializer | null;
  bias?: Initializer | null;
}

/**
 * A [in, out] weight and optional [out] bias, both U(±1/√in) as PyTorch's nn.Linear draws them
 * unless `init` says otherwise. The bias gets an explicit limit because the fan-in rule reads a
 * rank-1 shape as its own length.
 */
export function linearParams(g: Graph, name: string, inputs: number, outputs: number, bias: boolean, init: LinearInit = {}): LinearParams {
  return {
    weight: g.param(`${name}/weight`, [inputs, outputs], init.weight ?? { kind: 'fan-in-uniform' }),
    bias: bias ? g.param(`${name}/bias`, [outputs], init.bias ?? { kind: 'uniform', limit: 1 / Math.sqrt(inputs) }) : null,
  };
}

export function applyLinear(x: Tensor, p: LinearParams): Tensor {
  return linear(x, p.weight, p.bias);
}

export interface LayerNormParams {
  gain: Tensor;
  bias: Tensor;
}

/** Gain 1 and bias 0, as nn.LayerNorm starts. */
export function layerNormParams(g: Graph, name: string, width: number): LayerNormParams {
  return {
    gain: g.param(`${name}/gain`, [width], { kind: 'ones' }),
    bias: g.param(`${name}/bias`, [width], { kind: 'zeros' }),
  };
}

export function applyLayerNorm(x: Tensor, p: LayerNormParams): Tensor {
  return layerNorm(x, p.gain, p.bias);
}

/** The last position of a [B, L, d] sequence as [B, d]. */
export function lastPosition(x: Tensor): Tensor {
  const [batch, length, width] = x.shape;
  return reshape(slice(x, 1, length - 1, length), [batch, width]);
}
