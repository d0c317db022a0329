import type { Preset } from '@grokbench/trainer';

/**
 * Chosen by measurement on this 2-core CPU (grokbench run --task gridworld, 1 thread, seed 0), in
 * the order the issue asks for. No attempt grokked; this is the one whose held-out score moved
 * most within the two-minute budget. Train/held-out are greedy success rates, "acc" the held-out
 * per-state optimal-action accuracy (the companion), at the last evaluation:
 * - The torus (n = 11, half of the 121 configurations, hidden 128, lr 3e-3, weight decay 1,
 *   no shaping/entropy): train 0.29 after 2,350 steps, held-out 0. Behaviour cloning on the same
 *   split memorizes (train 1.0 from step ~850, held-out 0.000, acc 0.53 and falling): the supervised
 *   version of the task does not generalize at this size either.
 * - Ring (first alternative), one hidden layer: n = 11 reaches train 0.99 with entropy bonus 0.3
 *   (lr 1e-2, weight decay 0.1; without the bonus the policy turns greedy too early and stalls at
 *   train 0.70–0.91, siblings of a group then all act alike and the leave-one-out advantage
 *   vanishes) but held-out stays at 0.00 (acc 0.65): memorization. n = 23 fits slowly (train
 *   0.15–0.27 after 2,000–3,700 steps with shaping, 0.12 without; γ = 0.5 learns nothing);
 *   n = 23 with 70 % of the configurations and entropy 0.3: train 0.79, held-out 0.04, acc 0.86
 *   after 8,000 steps.
 * - Omnigrok larger init (initScale 3, ring n = 11): train 0.90, held-out 0.00 after 4,300 steps.
 *   Weight decay 1 with lr 1e-2 stops the fit (train ≤ 0.87); with two hidden layers it collapses
 *   the weights to 0.
 * - Two hidden layers (ring n = 23, 70 %, entropy 0.3, weight decay 0.3): train 0.85, held-out
 *   0.31 (best 0.32), acc 0.91 after 8,000 steps (228 s with three runs sharing the CPU). With 90 %
 *   of the configurations held-out climbs faster (0.46 at 6,400 steps, train 0.85).
 * - This preset: the same with the entropy bonus replaced by a KL(uniform ‖ π) penalty 0.3 (the
 *   entropy's gradient vanishes on an action the policy has all but ruled out, so a confident
 *   mistake shared across configurations is never sampled and never corrected; the KL's does not,
 *   and it takes a tiny ring from train 0.83 to 1.0). Seed 0 pilot: train 0.88, held-out 0.26
 *   (best 0.31), acc 0.91 after 6,000 steps, 75 steps/s alone on one thread. Recorded seeds 0–2
 *   (grokbench suite --tasks gridworld --preset quick --seeds 3 --threads 1): train 0.88 / 0.86 /
 *   0.91, held-out 0.26 / 0.27 / 0.40, phase confusion, 77–86 s each.
 * - More data and time: the same with 90 % of the configurations and 20,000 steps (seed 0) ends at
 *   train 0.91, held-out 0.53 (best 0.66), acc 0.95 (best): the held-out score climbs with the
 *   train score and the greedy train success itself never reaches 0.95, so there is no tFit to
 *   measure a delay from.
 * - A smaller train fraction (the third alternative) was not tried: the larger fraction was
 *   the direction in which the held-out score moved at all.
 * Optimizer family as the supervised quick presets (AdamW, β = (0.9, 0.98), Power et al. 2022).
 */
export const quick: Preset = {
  description:
    'ring of 23 cells (the issue’s first alternative to the torus), 70 % of the 529 configurations; REINFORCE with a leave-one-out baseline over groups of 4 of 256 episodes, potential-based shaping −Δdistance/diameter (weight 1), KL(uniform ‖ π) penalty 0.3; policy MLP with two hidden layers of 128; AdamW lr 1e-2, weight decay 0.3. Does not grok within its budget (see the preset file)',
  source: 'grokbench measurement (tasks/gridworld/src/presets/gridworld-quick.ts); REINFORCE (Williams 1992) with the RLOO baseline of Kool et al. 2019 and potential-based shaping of Ng et al. 1999',
  config: {
    data: { world: 'ring', n: 23, trainFraction: 0.7, evalStarts: 8, horizon: null },
    model: { kind: 'policy-mlp', hidden: 128, depth: 2, activation: 'relu', initScale: 1, outputScale: 1 },
    objective: { kind: 'reinforce', episodes: 256, groupSize: 4, gamma: 1, shaping: 1, entropy: 0, uniformKl: 0.3 },
    optimizer: { kind: 'adamw', lr: 1e-2, beta1: 0.9, beta2: 0.98, eps: 1e-8, weightDecay: 0.3, warmupSteps: 0 },
    filter: null,
    batchSize: null,
    steps: 6_000,
    evalEvery: 100,
    patience: 200,
  },
};
