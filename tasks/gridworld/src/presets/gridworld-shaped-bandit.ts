import type { Preset } from '@grokbench/task-kit';

/**
 * The first design's preset (the `quick` preset until issue 21), kept under the name of what it
 * is: with γ = 0 and the shaping −Δdistance at ±1 a step, each step's return is its own reward, and
 * that reward says whether the sampled action was a BFS-optimal one — a contextual bandit with a
 * per-state label, no credit assignment across steps. Its shaping is the `step-difference` form,
 * not potential-based at the returns' γ. Its held-out success rises alongside fitting (gradual).
 *
 * Chosen by measurement on this 2-core CPU (grokbench run --task gridworld --threads 1, seed 0
 * unless stated), trying the alternatives of the task's design (issue 7) in order. "train"/"held-out" are greedy success
 * rates at the last evaluation, "claim" the held-out fraction of goal cells where the greedy
 * action is claim (a pilot diagnostic; the recorded companion, goal recognition, also requires no
 * claim elsewhere, since a policy that claims everywhere scores 1 on this one).
 *
 * Earlier attempts, none of which grokked (cell entering the first layer, γ = 1 returns with
 * potential-based shaping, lr 1e-2):
 * - The torus of the design, n = 11, half of the 121 configurations, hidden 128, weight decay 1: train
 *   0.29 after 2,350 steps, held-out 0. Behaviour cloning on the same split memorizes (train 1.0 by
 *   step ~850, held-out 0.000).
 * - Ring (first alternative), one hidden layer: n = 11 with an entropy bonus reaches train 0.99,
 *   held-out 0.00; n = 23 at 70 % with entropy 0.3: train 0.79, held-out 0.04 after 8,000 steps.
 * - Omnigrok's larger init (initScale 3, ring 11): train 0.90, held-out 0.00 after 4,300 steps.
 * - Two hidden layers, ring 23, 70 %, weight decay 0.3, KL(uniform ‖ π) 0.3 instead of the entropy
 *   bonus (the entropy's gradient vanishes on an action the policy has all but ruled out; the KL's
 *   does not): seeds 0–2 train 0.86–0.91, held-out 0.26–0.40 after 6,000 steps, phase confusion.
 *   With 90 % and 20,000 steps: train 0.91, held-out 0.53.
 *
 * What changed it, one thing at a time (ring 23, two hidden layers of 128, 6,000 steps):
 * 1. Returns with γ = 0 and the shaping −Δdistance at ±1 a step (weight 11 = the diameter): each
 *    step's return is its own reward, whose best action is a BFS-optimal one in every state (see
 *    gridworld-config.ts), so the policy gradient is far less noisy. 70 %: train 0.94, held-out
 *    0.46 after 3,000 steps (was 0.88 / 0.26 after 6,000).
 * 2. lr 3e-3 and KL 0.05 (90 % of the configurations): train 0.955 (tFit 3,300), held-out 0.53 —
 *    lr 1e-2 kept the greedy train success bouncing at 0.85–0.92. Held-out failures were claims:
 *    0.45–0.55 of held-out goal cells claimed, against 0.99 of the training ones, while 0.93–0.95
 *    of the held-out moves were right. Weight decay 1 instead of 0.3: train 0.71 (no fit).
 *    One hidden layer of 256: train 0.955, held-out 0.39, claim 0.47.
 * 3. The cell entering at the second layer (`cellEntry: 'second-layer'`): the first layer sees
 *    (a, b) alone — the one-hidden-layer MLP that groks modular addition in the supervised quick
 *    presets — and the cell joins after it, a configuration encoder and a state stream as in
 *    goal-conditioned value networks. 90 %: held-out claim 1.0 by step 1,800 and held-out success
 *    0.87–0.92 (comprehension, no delay). 70 %: train fits by 3,800 while held-out falls from 0.66
 *    to 0.40 and recovers to 0.87 by 14,000 steps — grokking, but too slow for the budget. Weight
 *    decay 0.6 at 70 %: no fit (train 0.91 at 14,000); lr 5e-3 at 70 %: held-out 0.83 at 16,000;
 *    128 episodes a step at 70 %: tFit 5,500, held-out 0.88 at 16,000.
 * 4. This preset, 80 % of the configurations: seeds 0 / 1 / 2 (12,000-step pilots) fit at
 *    2,500 / 3,700 / 4,600 steps and cross held-out 0.95 at 7,300 / 10,900 / 10,000 — delay ratios
 *    2.9 / 2.9 / 2.2; seed 1's held-out success falls from 0.73 (step 1,900) to 0.45 (4,600) while
 *    the training configurations are memorized, then climbs with the held-out claim rate.
 * Tuned on seeds 0–2 (before the rule to tune on seeds ≥ 1000); their runs are in
 * results/tuning.json: tFit 2,500 / 2,500 / 4,400, tGrok 7,300 / 10,300 / 8,900, but held-out
 * success at tFit 0.80 / 0.57 / 0.76 (rise after fit F 0.17–0.42): gradual, not grokking, in all
 * three. The committed baseline, seeds 3–7 (untuned): 0/5 grok — seeds 3 and 5 never reach 0.95
 * (0.85, 0.86 at 15,000 steps), seeds 4, 6, 7 reach it and end below it (0.95, 0.93, 0.84), F
 * 0.13–0.35 throughout. The reward design is not yet one that groks.
 */
export const shapedBandit: Preset = {
  description:
    'the first design, a shaped bandit (γ = 0, each step rewarded by its own −Δdistance: no credit assignment): ring of 23 cells, 80 % of the 529 configurations; REINFORCE (γ = 0, shaping −Δdistance ±1 a step, leave-one-out baseline over groups of 4 of 256 episodes, KL(uniform ‖ π) 0.05); policy MLP: (a, b) → 128 → ReLU, + cell → 128 → ReLU → 3 actions; AdamW lr 3e-3, weight decay 0.3',
  source:
    'grokbench measurement (tasks/gridworld/src/presets/gridworld-shaped-bandit.ts); REINFORCE (Williams 1992) with the RLOO baseline of Kool et al. 2019, shaping of Ng et al. 1999, AdamW β as Power et al. 2022',
  config: {
    data: { world: 'ring', n: 23, trainFraction: 0.8, evalStarts: 8, horizon: null },
    model: { kind: 'policy-mlp', hidden: 128, depth: 2, cellEntry: 'second-layer', activation: 'relu', initScale: 1, outputScale: 1 },
    objective: { kind: 'reinforce', episodes: 256, groupSize: 4, gamma: 0, shaping: 11, shapingForm: 'step-difference', entropy: 0, uniformKl: 0.05 },
    optimizer: { kind: 'adamw', lr: 3e-3, beta1: 0.9, beta2: 0.98, eps: 1e-8, weightDecay: 0.3, warmupSteps: 0 },
    filter: null,
    batchSize: null,
    steps: 15_000,
    evalEvery: 100,
    patience: 200,
  },
};
