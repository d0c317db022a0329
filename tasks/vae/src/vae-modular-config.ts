import { buildUnsupervisedConfigSchema, isPrime } from '@grokbench/task-kit';
import { z } from 'zod';
import { TRIPLE_OPERATIONS, type TripleOperation } from './modular-triples.js';

/** Largest modulus: the p² triples and their views are baked into the graphs, as for the supervised tasks. */
export const MAX_VAE_MODULUS = 1_000;

export const vaeModularConfigSchema = buildUnsupervisedConfigSchema({
  p: z
    .number()
    .int()
    .max(MAX_VAE_MODULUS, { error: (issue) => `p must be at most ${MAX_VAE_MODULUS} (p² triples are held in memory), got ${String(issue.input)}` })
    .refine(isPrime, { error: (issue) => `p must be a prime, got ${String(issue.input)}` })
    .default(23),
  operation: z.enum(Object.keys(TRIPLE_OPERATIONS) as [TripleOperation, ...TripleOperation[]]).default('add'),
  /** Fraction of the p² triples used for training; the rest are held out. */
  trainFraction: z.number().gt(0).lt(1).default(0.5),
});

export type VaeModularConfig = z.infer<typeof vaeModularConfigSchema>;
