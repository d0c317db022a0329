import { add, div, equal, greater, mul, sub, where } from '../ops/elementwise.js';
import type { Tensor } from '../tensor.js';
import type { StepScalars } from './optimizers.js';
import type { StateBuilder } from './state-builder.js';

/**
 * Grokfast gradient filters (Lee et al. 2024, "Grokfast: Accelerated Grokking by Amplifying Slow
 * Gradients", arXiv:2405.20233): amplify the slow component of the gradient before the optimizer.
 * - EMA: μ ← αμ + (1−α)g with μ starting at the first gradient; ĝ = g + λμ.
 * - MA:  ĝ = g + λ·mean of the last w gradients, and ĝ = g until w gradients are held.
 */
export type GradientFilterSpec =
  | { kind: 'grokfast-ema'; alpha: number; lambda: number }
  | { kind: 'grokfast-ma'; window: number; lambda: number };

export function applyGradientFilter(spec: GradientFilterSpec, param: Tensor, grad: Tensor, scalars: StepScalars, state: StateBuilder): Tensor {
  return spec.kind === 'grokfast-ema' ? emaFilter(spec, param, grad, scalars, state) : maFilter(spec, param, grad, scalars, state);
}

function emaFilter(spec: { alpha: number; lambda: number }, param: Tensor, grad: Tensor, scalars: StepScalars, state: StateBuilder): Tensor {
  const mu = state.carry(`grokfast.ema/${param.name}`, param.shape);
  const previous = where(equal(scalars.step, 1), grad, mu);
  const next = state.update(mu, add(mul(previous, spec.alpha), mul(grad, 1 - spec.alpha)));
  return add(grad, mul(next, spec.lambda));
}

/**
 * The window of w gradients lives on the host (a ring buffer the engine keeps), not in the graph:
 * the graph keeps only their running sum and is fed the gradient leaving the window, so a step
 * moves one extra copy of the parameters instead of w. Float32 drift of the running sum grows
 * like √steps·ε relative to one gradient — negligible next to the sum of w of them.
 */
function maFilter(spec: { window: number; lambda: number }, param: Tensor, grad: Tensor, scalars: StepScalars, state: StateBuilder): Tensor {
  const evicted = state.history(`grokfast.ma/${param.name}`, grad, spec.window);
  const total = state.carry(`grokfast.ma.sum/${param.name}`, param.shape);
  const nextTotal = state.update(total, sub(add(total, grad), evicted));
  const full = greater(scalars.step, spec.window - 0.5);
  return add(grad, where(full, mul(div(nextTotal, spec.window), spec.lambda), 0));
}
