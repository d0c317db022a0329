import { buildSupervisedConfigSchema } from '@grokbench/task-kit';
import { z } from 'zod';
import { isPrime } from './number-theory.js';

/** Largest modulus: p² examples are generated and baked into the step graph. */
export const MAX_MODULUS = 1_000;

/** The modulus; prime so that every b ≠ 0 has an inverse and the residues form a field. */
const modulus = z
  .number()
  .int()
  .max(MAX_MODULUS, { error: (issue) => `p must be at most ${MAX_MODULUS.toLocaleString('en-US')} (p² examples are held in memory), got ${String(issue.input)}` })
  .refine(isPrime, { error: (issue) => `p must be a prime, got ${String(issue.input)}` })
  .default(97);

export const modularConfigSchema = buildSupervisedConfigSchema({ p: modulus });

/** Multiplication may leave out b = 0, as Lee et al. (2024) do. */
export const modularMulConfigSchema = buildSupervisedConfigSchema({
  p: modulus,
  excludeZeroRight: z.boolean().default(false),
});

export type ModularConfig = z.infer<typeof modularConfigSchema>;
export type ModularMulConfig = z.infer<typeof modularMulConfigSchema>;
