import { add, div, exp, mul, sqrt, square, sub } from '../ops/elementwise.js';
import type { Tensor } from '../tensor.js';
import type { StateBuilder } from './state-builder.js';

/**
 * Optimizer settings. `weightDecay` is coupled (an L2 term added to the gradient, PyTorch's
 * `Adam(weight_decay=…)` and `SGD(weight_decay=…)`) except for AdamW, where it is decoupled
 * (p ← p − lr·wd·p, Loshchilov & Hutter 2019).
 */
export type OptimizerSpec =
  | { kind: 'sgd'; lr: number; momentum?: number; weightDecay?: number; warmupSteps?: number; cosineAnneal?: CosineAnneal | null }
  | { kind: 'adam' | 'adamw'; lr: number; beta1?: number; beta2?: number; eps?: number; weightDecay?: number; warmupSteps?: number; cosineAnneal?: CosineAnneal | null };

/** A half-cosine from the full learning rate down to `floor` × it over `steps` updates after the warm-up, then flat. */
export interface CosineAnneal {
  steps: number;
  floor: number;
}

export const ADAM_DEFAULTS = { beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;

/**
 * Learning-rate factor at 1-based step t with linear warm-up over `warmupSteps`: min(1, (t−1)/w).
 * It mirrors `LambdaLR(opt, lambda u: min(u / w, 1))` stepped after each update, as the reference
 * code of Power et al. (2022), Nanda et al. (2023) and Lee et al. (2024, Grokfast) does: the
 * first update runs with factor 0.
 */
export function warmupFactor(step: number, warmupSteps = 0): number {
  return warmupSteps > 0 ? Math.min(1, (step - 1) / warmupSteps) : 1;
}

/**
 * Learning-rate factor at 1-based step t: the warm-up, then (when asked) the cosine anneal of
 * openai/grok's `--anneal_lr` (Power et al. 2022's reference code): with u = t − 1 updates done and
 * w warm-up steps, floor + (1 − floor)·(1 + cos(π·(u − w)/N))/2 for w < u ≤ w + N, floor after.
 * Its length is in steps, not a fraction of the budget, so extending a run keeps its curve.
 */
export function learningRateFactor(step: number, warmupSteps = 0, anneal: CosineAnneal | null = null): number {
  const updates = step - 1;
  if (!anneal || updates <= warmupSteps) return warmupFactor(step, warmupSteps);
  const progress = Math.min(1, (updates - warmupSteps) / anneal.steps);
  return anneal.floor + (1 - anneal.floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
}

/** Per-step scalars every step graph reads: the 1-based step (for bias correction) and the learning rate. */
export interface StepScalars {
  step: Tensor;
  lr: Tensor;
}

/** Appends one parameter's update to the graph and returns the parameter's next value. */
export function applyOptimizer(spec: OptimizerSpec, param: Tensor, grad: Tensor, scalars: StepScalars, state: StateBuilder): Tensor {
  const wd = spec.weightDecay ?? 0;
  if (spec.kind === 'sgd') {
    const g = wd && spec.kind === 'sgd' ? add(grad, mul(param, wd)) : grad;
    const momentum = spec.momentum ?? 0;
    if (!momentum) return sub(param, mul(g, scalars.lr));
    // PyTorch's form without dampening: buf ← μ·buf + g, and buf starts at zero, so its first value is g.
    const buffer = state.carry(`sgd.momentum/${param.name}`, param.shape);
    const next = state.update(buffer, add(mul(buffer, momentum), g));
    return sub(param, mul(next, scalars.lr));
  }
  const { beta1, beta2, eps } = { ...ADAM_DEFAULTS, ...spec };
  const g = spec.kind === 'adam' && wd ? add(grad, mul(param, wd)) : grad;
  const m = state.carry(`adam.m/${param.name}`, param.shape);
  const v = state.carry(`adam.v/${param.name}`, param.shape);
  const mNext = state.update(m, add(mul(m, beta1), mul(g, 1 - beta1)));
  const vNext = state.update(v, add(mul(v, beta2), mul(square(g), 1 - beta2)));
  // Bias corrections 1 − β^t, with β^t = exp(t·ln β) so that t can be a fed scalar.
  const correction1 = sub(1, exp(mul(scalars.step, Math.log(beta1))));
  const correction2 = sub(1, exp(mul(scalars.step, Math.log(beta2))));
  const stepSize = div(scalars.lr, correction1);
  const denominator = add(sqrt(div(vNext, correction2)), eps);
  const decayed = spec.kind === 'adamw' && wd ? sub(param, mul(param, mul(scalars.lr, wd))) : param;
  return sub(decayed, mul(div(mNext, denominator), stepSize));
}
