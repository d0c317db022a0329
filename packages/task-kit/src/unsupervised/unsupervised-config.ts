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
  })
  .strict();

export type VaeModelConfig = z.infer<typeof vaeModelConfigSchema>;
export type VaeObjective = z.infer<typeof vaeObjectiveSchema>;

/**
 * An unsupervised task's config schema: the shared training fields, the task's `data` fields, the
 * VAE model and its objective (β, plus the task's own fields such as a likelihood's variance). Every level rejects unknown keys, so a misspelt override fails loudly.
 */
export function buildUnsupervisedConfigSchema<T extends z.ZodRawShape, O extends z.ZodRawShape = {}>(dataFields: T, objectiveFields?: O) {
  const data = z.object(dataFields).strict();
  const objective = vaeObjectiveSchema.extend(objectiveFields ?? ({} as O)).strict();
  return trainingConfigSchema
    .extend({
      data: data.prefault({} as z.input<typeof data>),
      model: vaeModelConfigSchema,
      objective: objective.prefault({} as z.input<typeof objective>),
    })
    .strict();
}
