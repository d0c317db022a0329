import { trainingConfigSchema } from '@grokbench/task-kit';
import { z } from 'zod';

/** Largest side per world: the [cells²] distance table is baked into the graphs (n⁴ entries on the torus, n² on the ring). */
export const MAX_SIDE = { torus: 41, ring: 255 } as const;

const data = z
  .object({
    /** `torus`: the n × n grid of the original design; `ring`: its first alternative, n cells in a circle, goal (a + b) mod n. */
    world: z.enum(['torus', 'ring']).default('torus'),
    n: z
      .number()
      .int()
      .min(3, { error: (issue) => `n must be an odd number ≥ 3, got ${String(issue.input)}` })
      .refine((n) => n % 2 === 1, { error: (issue) => `n must be odd (the goal map (a + b, a − b) is a bijection only for odd n), got ${String(issue.input)}` })
      .default(11),
    /** Fraction of the n² configurations (a, b) used for training; the rest are held out. */
    trainFraction: z.number().gt(0, { error: (issue) => `trainFraction must be in (0, 1), got ${String(issue.input)}` }).lt(1, { error: (issue) => `trainFraction must be in (0, 1), got ${String(issue.input)}` }).default(0.5),
    /** Steps per episode; null: the largest distance + 1, enough to walk anywhere and claim. */
    horizon: z
      .number()
      .int()
      .positive({ error: (issue) => `the horizon must be at least 1 step, got ${String(issue.input)}` })
      .nullable()
      .default(null),
    /**
     * `modular`: the task's goal map, (a + b) mod n on the ring. `random`: the random-goal control —
     * each configuration's goal is a cell drawn once per seed, a fixed random function of (a, b)
     * that held-out configurations cannot be inferred from, so held-out success must stay at chance
     * and the time to fit is pure memorization.
     */
    goals: z.enum(['modular', 'random']).default('modular'),
    /** Start cells of the greedy evaluation: this many, drawn once per seed, the same for every configuration. */
    evalStarts: z.number().int().positive().default(8),
  })
  .strict();

const model = z
  .object({
    kind: z.literal('policy-mlp').default('policy-mlp'),
    /** Hidden units of each layer of the policy MLP over one-hot(x, y, a, b). */
    hidden: z.number().int().positive().default(128),
    /** Hidden layers: 1 is the embedding layer alone; each further one is a [hidden, hidden] linear layer. */
    depth: z.number().int().positive().max(4).default(1),
    activation: z.enum(['relu', 'gelu']).default('relu'),
    /**
     * Where the cell's one-hots enter: `first-layer` with a and b (one MLP over the whole
     * observation), or `second-layer`, after a first layer over (a, b) alone — a configuration
     * encoder and a state stream, as in goal-conditioned value networks (Schaul et al. 2015).
     */
    cellEntry: z.enum(['first-layer', 'second-layer']).default('first-layer'),
    /** Omnigrok's α on the hidden layers: their weights start at α × U(±1/√fan-in). */
    initScale: z.number().positive().default(1),
    /** The same for the output layer (Omnigrok keeps it small). */
    outputScale: z.number().positive().default(1),
  })
  .strict();

const objective = z.discriminatedUnion('kind', [
  z
    .object({
      /** REINFORCE with a leave-one-out baseline over groups of episodes that share configuration and start. */
      kind: z.literal('reinforce'),
      /** Episodes per update (B). */
      episodes: z.number().int().positive().default(256),
      /** Episodes per group sharing (configuration, start); 1 uses the batch mean as the baseline. */
      groupSize: z.number().int().positive().default(4),
      /**
       * Discount of the returns-to-go. With γ ≥ 0.9 an action's return depends on the actions after
       * it (credit assignment); 0 makes each step's return its own reward.
       */
      gamma: z.number().min(0).max(1).default(1),
      /**
       * Weight w of the shaping reward on the potential Φ(s) = −w·d(s, goal)/diameter. 0 is the sparse
       * reward alone: 1 for a claim at the goal.
       */
      shaping: z.number().min(0).default(0),
      /**
       * How the shaping enters. `potential`: F = γΦ(s′) − Φ(s) at the returns' γ, with Φ = 0 once the
       * episode has ended (a claim, or the horizon), the exact form of Ng et al. 1999 — every return
       * changes by −Φ(s_t), so the optimal policy is unchanged (tested by enumerating every action
       * sequence of a small ring).
       * `step-difference`: F = Φ(s′) − Φ(s) whatever γ, the −Δdistance (±w/diameter a step) of the first
       * design; potential-based only at γ = 1, and with γ = 0 it makes each step a bandit whose best
       * arm is a BFS-optimal action (the `shaped-bandit` preset).
       */
      shapingForm: z.enum(['potential', 'step-difference']).default('potential'),
      /** Weight of the policy-entropy bonus. */
      entropy: z.number().min(0).default(0),
      /** Weight of the penalty KL(uniform ‖ π) over the visited states: keeps every action explored (its gradient does not vanish as π(a | s) → 0). */
      uniformKl: z.number().min(0).default(0),
      /**
       * Anneal the KL(uniform ‖ π) weight linearly from `uniformKl` at step 1 to `to` at step `steps`,
       * constant after (set in steps, not as a fraction of the budget, so extending a run with
       * --steps leaves its curve unchanged). Why: the penalty's optimum keeps a wrong action's
       * probability near w/(A·Δ) for an advantage gap Δ, and far from the goal Δ ≈ γ^d(1 − γ²) is
       * small, so a weight that explores well early could leave the late policy's greedy decisions
       * marginal there. Measured (docs/gridworld.md, second search): annealed to 0.02 the held-out
       * score rose more slowly and swung more (0 of 4 tuning runs grokked), so no preset uses it. null: the
       * weight stays `uniformKl`.
       */
      uniformKlDecay: z
        .object({ to: z.number().min(0), steps: z.number().int().min(1) })
        .strict()
        .nullable()
        .default(null),
    })
    .strict(),
  z
    .object({
      /** Behaviour cloning: cross-entropy (log of the optimal set's probability) on BFS optimal actions of every training state. */
      kind: z.literal('behaviour-cloning'),
    })
    .strict(),
]);

export const gridworldConfigSchema = trainingConfigSchema
  .extend({
    data: data.prefault({}),
    model: model.prefault({}),
    objective: objective.default({ kind: 'reinforce', episodes: 256, groupSize: 4, gamma: 1, shaping: 0, shapingForm: 'potential', entropy: 0, uniformKl: 0, uniformKlDecay: null }),
  })
  .strict()
  .superRefine((config, ctx) => {
    const { world, n } = config.data;
    if (config.model.cellEntry === 'second-layer' && config.model.depth < 2) {
      ctx.addIssue({ code: 'custom', path: ['model', 'cellEntry'], message: `cellEntry second-layer needs model.depth ≥ 2 (the cell joins the second layer), got depth ${config.model.depth}` });
    }
    if (n > MAX_SIDE[world]) {
      const entries = world === 'torus' ? 'n⁴' : 'n²';
      ctx.addIssue({ code: 'custom', path: ['data', 'n'], message: `n must be at most ${MAX_SIDE[world]} on the ${world} (the distance table holds ${entries} entries), got ${n}` });
    }
    if (config.objective.kind === 'reinforce' && config.objective.episodes % config.objective.groupSize !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['objective', 'episodes'],
        message: `episodes (${config.objective.episodes}) must be a multiple of groupSize (${config.objective.groupSize})`,
      });
    }
  });

export type GridworldConfig = z.infer<typeof gridworldConfigSchema>;
