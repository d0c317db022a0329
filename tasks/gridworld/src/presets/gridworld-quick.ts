import type { Preset } from '@grokbench/task-kit';

/**
 * Sparse reward with credit assignment: the only reward is 1 for claiming the goal, and with
 * γ = 0.95 an action's return depends on every action after it. Chosen by the searches in
 * docs/gridworld.md on tuning seeds ≥ 1000 (grokbench run/suite --task(s) gridworld --threads 1 on
 * this 2-core CPU); seeds 0–4 were never used to choose. What each setting does:
 * - 58 % of the configurations: at 50 % the training configurations are memorized (held-out at
 *   chance at the fit) but the held-out rise is slow (0.64 at 30,000 steps); at 60 % the held-out
 *   score rises with the fit (F 0.29–0.51, comprehension / gradual); at 55 % and 58 % it is at
 *   0.02–0.14 when the training configurations are fitted and rises after, faster at 58 %.
 * - 1,024 episodes a step (groups of 4 for the leave-one-out baseline). With 512 the held-out
 *   score, once risen, swung by ±0.04 between evaluations — after the fit the policy gradient is
 *   mostly sampling noise — so whether a run ended above θ = 0.95 was close to a coin toss: 2 of 6
 *   tuning seeds 1003–1008 `grokking` (and 3 of 5 of seeds 0–4 in the first recording). With
 *   1,024 (twice the step cost): 5 of 6 (one `lost` at 0.948). Annealing the learning rate or the
 *   KL weight instead smoothed the curves but slowed the rise (0–1 of 3–4), and groups of 8 or a
 *   longer horizon did worse.
 * - KL(uniform ‖ π) 0.1: 0.05 let the policy settle on one direction (train stuck at 0.52 for
 *   8,000 steps), 0.2 gives cleaner fits but a slower held-out rise.
 * - weight decay 0.5: 0.3 generalizes too slowly, 0.7 and 1 slow or stop the fit so that the
 *   held-out score rises with it.
 * - horizon 14 (the largest distance + 3) and every start cell in the evaluation: with the tight
 *   horizon of 12, the greedy policy's held-out failures were almost all one wrong step at the
 *   antipode of the goal or a missed claim; 16 did worse than 14 (1 of 3).
 * - 15,000 steps, set by `npm start`'s ten minutes: a step costs 13.9 ms on one thread
 *   (`grokbench bench --tasks gridworld --threads 1`), so a run takes about 3.5 minutes alone, and
 *   `npm start` took 552 s on a clean clone (522 s with 512 episodes).
 * Seeds 0–4 (never used to choose): 4 of 5 `grokking`; seeds 0–9: 7 of 10, the others ending just
 * under θ or on a plateau at 0.92 (docs/gridworld.md).
 */
export const quick: Preset = {
  description:
    'ring of 23 cells, 58 % of the 529 configurations, horizon 14; sparse reward (1 for claiming the goal), γ = 0.95; REINFORCE with a leave-one-out baseline over groups of 4 of 1,024 episodes, KL(uniform ‖ π) 0.1; policy MLP: (a, b) → 128 → ReLU, + cell → 128 → ReLU → 3 actions; AdamW lr 3e-3, weight decay 0.5',
  source:
    'grokbench measurement (tasks/gridworld/src/presets/gridworld-quick.ts, docs/gridworld.md); REINFORCE (Williams 1992) with the RLOO baseline of Kool et al. 2019, AdamW β as Power et al. 2022',
  config: {
    data: { world: 'ring', n: 23, trainFraction: 0.58, evalStarts: 23, horizon: 14, goals: 'modular' },
    model: { kind: 'policy-mlp', hidden: 128, depth: 2, cellEntry: 'second-layer', activation: 'relu', initScale: 1, outputScale: 1 },
    objective: { kind: 'reinforce', episodes: 1024, groupSize: 4, gamma: 0.95, shaping: 0, shapingForm: 'potential', entropy: 0, uniformKl: 0.1 },
    optimizer: { kind: 'adamw', lr: 3e-3, beta1: 0.9, beta2: 0.98, eps: 1e-8, weightDecay: 0.5, warmupSteps: 0 },
    filter: null,
    batchSize: null,
    steps: 15_000,
    evalEvery: 200,
    patience: 200,
  },
};
