import { z } from 'zod';
import { trainingConfigSchema } from '../training-config.js';

/** The MLP VAE every unsupervised task builds (`buildVae`). */
export const vaeModelConfigSchema = z
  .object({
    kind: z.literal('vae-mlp'),
    /** Units per hidden layer, in the encoder and in the decoder. */
    hidden: z.number().int().positive().default(128),
    /** Hidden layers in each of the encoder and the decoder. */
    depth: z.number().int().positive().default(1),
    /** Dimensions of the Gaussian latent z. */
    latent: z.number().int().positive({ error: (issue) => `the latent size must be at least 1, got ${String(issue.input)}` }).default(8),
    activation: z.enum(['relu', 'gelu']).default('relu'),
    /** Omnigrok's α: every parameter starts at α × nn.Linear's default U(±1/√fan-in). */
    initScale: z.number().positive().default(1),
  })
  .strict();

/** What the VAE optimizes: −ELBO with the KL weighted by β. */
export const vaeObjectiveSchema = z
  .object({
    beta: z.number().min(0, { error: (issue) => `beta must be ≥ 0, got ${String(issue.input)}` }).default(1),
    /**
     * KL warm-up (Bowman et al. 2016): β rises linearly from `from` at step 1 to `beta` at step
     * `steps`, then stays there, so a model can start encoding before the KL's full price applies.
     * null: β from the first step.
     */
    betaWarmup: z
      .object({
        from: z.number().min(0, { error: (issue) => `betaWarmup.from must be ≥ 0, got ${String(issue.input)}` }),
        steps: z.number().int().min(1, { error: (issue) => `betaWarmup.steps must be a whole number ≥ 1, got ${String(issue.input)}` }),
      })
      .strict()
      .nullable()
      .default(null),
    /**
     * K: the training loss is the negative importance-weighted bound with K draws per example
     * (IWAE, Burda et al. 2016; K = 1 is the ELBO). Tighter than the ELBO for K > 1, and, like
     * it, a bound only at β = 1, so K > 1 requires β = 1 and no warm-up.
     */
    importanceSamples: z
      .number()
      .int()
      .min(1, { error: (issue) => `importanceSamples must be a whole number ≥ 1, got ${String(issue.input)}` })
      .default(1),
  })
  .strict();

/** How a VAE is scored: with the density it assigns (importance-weighted), or as recorded before that existed. */
export const vaeEvaluationSchema = z
  .object({
    /**
     * K, the importance samples per input of the density estimate log p̂(x) (IWAE, Burda et al. 2016)
     * the scores are built on. null: the scores as first recorded (read off the decoder with z at
     * the encoder mean, not a density), kept so that runs recorded then keep their meaning.
     */
    densitySamples: z
      .number()
      .int()
      .min(1, { error: (issue) => `densitySamples must be a whole number ≥ 1 (importance samples per input), got ${String(issue.input)}` })
      .nullable()
      .default(64),
    /**
     * The importance proposal is q(z | x) with every σ multiplied by this (1: q itself). A β-VAE
     * trained at β < 1 has a q narrower than its posterior, which makes the estimate converge
     * slowly in K; a wider proposal is as valid and converges faster (docs/vae.md measures it).
     */
    proposalScale: z.number().positive({ error: (issue) => `proposalScale must be > 0 (a factor on the proposal's σ), got ${String(issue.input)}` }).default(1),
  })
  .strict();

export type VaeEvaluation = z.infer<typeof vaeEvaluationSchema>;
export type VaeModelConfig = z.infer<typeof vaeModelConfigSchema>;
export type VaeObjective = z.infer<typeof vaeObjectiveSchema>;

/**
 * An unsupervised task's config schema: the shared training fields, the task's `data` fields, the
 * VAE model, its objective (β, plus the task's own fields such as a likelihood's variance) and
 * how it is scored (`evaluation`). Every level rejects unknown keys, so a misspelt override fails loudly.
 */
export function buildUnsupervisedConfigSchema<T extends z.ZodRawShape, O extends z.ZodRawShape = {}>(dataFields: T, objectiveFields?: O) {
  const data = z.object(dataFields).strict();
  const objective = vaeObjectiveSchema
    .extend(objectiveFields ?? ({} as O))
    .strict()
    .superRefine((parsed, context) => {
      // The task's own objective fields do not change these three.
      const value = parsed as unknown as VaeObjective;
      if (value.importanceSamples > 1 && (value.beta !== 1 || value.betaWarmup !== null)) {
        context.addIssue({
          code: 'custom',
          path: ['importanceSamples'],
          message: `importanceSamples ${value.importanceSamples} trains the importance-weighted bound, which has no β: set beta to 1 and betaWarmup to null`,
        });
      }
    });
  return trainingConfigSchema
    .extend({
      data: data.prefault({} as z.input<typeof data>),
      model: vaeModelConfigSchema,
      objective: objective.prefault({} as z.input<typeof objective>),
      evaluation: vaeEvaluationSchema.prefault({}),
    })
    .strict();
}
