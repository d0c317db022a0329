import {
  add,
  argmax,
  cast,
  concat,
  div,
  equal,
  exp,
  gather,
  log,
  logSoftmax,
  matmul,
  mean,
  mul,
  neg,
  oneHot,
  reshape,
  slice,
  sub,
  sum,
  type Graph,
  type Tensor,
} from '@grokbench/graph';

/**
 * Gumbel-max sampling: argmax(logits − log(−log u)) is a draw from softmax(logits) for u uniform in
 * (0, 1). `uniform` [..., A] is fed (by `nextBatch`), so the step graph stays a pure function of its
 * feeds. The result is int32 and carries no gradient (ArgMax has none): the policy gradient flows
 * only through log π of the taken action.
 */
export function gumbelMaxSample(logits: Tensor, uniform: Tensor): Tensor {
  const gumbel = neg(log(neg(log(uniform))));
  return argmax(add(logits, gumbel), -1);
}

/** log π(a | s) of the taken actions: logits [..., A], int32 actions [...] → [...]. */
export function logProbOf(logits: Tensor, actions: Tensor): Tensor {
  return sum(mul(logSoftmax(logits, -1), oneHot(actions, logits.shape[logits.rank - 1])), -1);
}

/** Entropy of softmax(logits) per row, [..., A] → [...]. */
export function policyEntropy(logits: Tensor): Tensor {
  const logp = logSoftmax(logits, -1);
  return neg(sum(mul(exp(logp), logp), -1));
}

/**
 * KL(uniform ‖ π) per row, [..., A] → [...]: −(1/A)·Σ_a log π(a | s) − log A. Unlike the entropy, its
 * gradient on an action's logit, π(a | s) − 1/A, does not vanish as π(a | s) → 0, so a penalty on it
 * keeps every action sampled often enough for the policy gradient to correct a confident mistake.
 */
export function uniformKl(logits: Tensor): Tensor {
  const actions = logits.shape[logits.rank - 1];
  return sub(neg(mean(logSoftmax(logits, -1), -1)), Math.log(actions));
}

export { linearAnneal } from '../schedules.js';

/** log Σ_{a ∈ A*} π(a | s) for a 0/1 mask [..., A] of the acceptable actions (the set's likelihood). */
export function logProbOfSet(logits: Tensor, acceptable: Tensor): Tensor {
  return log(sum(mul(exp(logSoftmax(logits, -1)), acceptable), -1));
}

/**
 * Discounted returns-to-go G_t = Σ_{k ≥ t} γ^{k−t} r_k of rewards [H, B], as one matmul with the
 * constant upper-triangular [H, H] matrix U[t, k] = γ^{k−t} (k ≥ t).
 */
export function discountedReturns(rewards: Tensor, gamma: number): Tensor {
  const [horizon] = rewards.shape;
  const g = rewards.graph;
  const u = new Float32Array(horizon * horizon);
  for (let t = 0; t < horizon; t++) for (let k = t; k < horizon; k++) u[t * horizon + k] = gamma ** (k - t);
  return matmul(g.constant(`returns_${horizon}_${gamma}_${g.nodes.length}`, u, [horizon, horizon]), rewards);
}

/**
 * Advantages G − b for returns [H, B] whose B episodes come in groups of `groupSize` consecutive
 * episodes that share their configuration and start: b is the leave-one-out mean of the group's
 * other returns at the same time step (RLOO, Kool et al. 2019), a baseline that needs no parameters
 * and so adds no gradient path. `groupSize` 1 uses the batch mean at each time step instead.
 */
export function leaveOneOutAdvantages(returns: Tensor, groupSize: number): Tensor {
  const [horizon, batch] = returns.shape;
  if (groupSize <= 1) return sub(returns, mean(returns, [1], true));
  if (batch % groupSize !== 0) throw new Error(`leaveOneOutAdvantages: batch ${batch} is not a multiple of the group size ${groupSize}`);
  const grouped = reshape(returns, [horizon, batch / groupSize, groupSize]);
  const others = div(sub(sum(grouped, [2], true), grouped), groupSize - 1);
  return reshape(sub(grouped, others), [horizon, batch]);
}

/**
 * The REINFORCE surrogate: −(1/B) Σ_{t,b} alive_{t,b} · log π(a_t | s_t) · A_{t,b}, whose gradient is
 * the policy-gradient estimate. `advantages` and `alive` must not depend on the parameters (they
 * come from sampled, integer trajectories, so no gradient reaches them).
 */
export function reinforceLoss(logProbs: Tensor, advantages: Tensor, alive: Tensor): Tensor {
  const batch = logProbs.shape[1];
  return div(neg(sum(mul(mul(logProbs, advantages), alive), [0, 1])), batch);
}

/** Mean over the alive (t, b) of a per-step series [H, B] (e.g. the policy's entropy). */
export function aliveMean(values: Tensor, alive: Tensor): Tensor {
  return div(sum(mul(values, alive), [0, 1]), add(sum(alive, [0, 1]), 1e-9));
}

/** What a tabular rollout needs: a deterministic environment whose transitions are a table. */
export interface TabularRolloutSpec {
  /** int32 [cells · actions]: the cell reached from cell c by action a at c · actions + a. */
  transitions: Tensor;
  actions: number;
  /** int32 [B]: each episode's first cell. */
  start: Tensor;
  horizon: number;
  /** The action that ends an episode (the cell stays); null when episodes only end at the horizon. */
  terminalAction: number | null;
  /** Logits [B, actions] of the policy in cells [B] (int32) at step t; per-episode context is the closure's. */
  policy: (cells: Tensor, t: number) => Tensor;
  /** Uniform noise [H, B, actions] for Gumbel-max sampling; null acts greedily (argmax). */
  noise: Tensor | null;
}

export interface TabularRollout {
  /** int32 [B] per step t = 0…H−1: the cell before acting, and the action taken. */
  cells: Tensor[];
  actions: Tensor[];
  /** Logits [B, actions] per step. */
  logits: Tensor[];
  /** float [H, B]: 1 while the episode has not yet ended before step t. */
  alive: Tensor;
  /** float [H, B]: log π(a_t | s_t). */
  logProbs: Tensor;
  /** int32 [B]: the cell after the last step. */
  finalCells: Tensor;
}

/**
 * Rolls out B episodes of H steps inside the graph: policy forward, Gumbel-max (or greedy) action,
 * transition by a gather from the table. Nothing leaves the graph, so a whole update — rollout,
 * returns, loss, gradient, optimizer — is one step graph and runs at engine speed.
 */
export function tabularRollout(spec: TabularRolloutSpec): TabularRollout {
  const { transitions, actions: actionCount, horizon, terminalAction, policy, noise } = spec;
  const batch = spec.start.shape[0];
  const g: Graph = spec.start.graph;
  const cells: Tensor[] = [];
  const actions: Tensor[] = [];
  const logitsPerStep: Tensor[] = [];
  const aliveRows: Tensor[] = [];
  const logProbRows: Tensor[] = [];
  let cell = spec.start;
  let alive: Tensor = g.constant(`rollout_alive_${g.nodes.length}`, new Float32Array(batch).fill(1), [batch]);
  for (let t = 0; t < horizon; t++) {
    const logits = policy(cell, t);
    const action = noise ? gumbelMaxSample(logits, reshape(slice(noise, 0, t, t + 1), [batch, actionCount])) : argmax(logits, -1);
    cells.push(cell);
    actions.push(action);
    logitsPerStep.push(logits);
    aliveRows.push(reshape(alive, [1, batch]));
    logProbRows.push(reshape(logProbOf(logits, action), [1, batch]));
    cell = gather(transitions, add(mul(cell, actionCount), action));
    if (terminalAction !== null) alive = mul(alive, sub(1, cast(equal(action, terminalAction), 'float32')));
  }
  const stack = (rows: Tensor[]) => (rows.length === 1 ? rows[0] : concat(rows, 0));
  return { cells, actions, logits: logitsPerStep, alive: stack(aliveRows), logProbs: stack(logProbRows), finalCells: cell };
}
