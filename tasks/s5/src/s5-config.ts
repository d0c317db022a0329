import { buildSupervisedConfigSchema } from '@grokbench/task-kit';
import type { z } from 'zod';

/** S5 has no data options of its own: the group is fixed. */
export const s5ConfigSchema = buildSupervisedConfigSchema({});

export type S5Config = z.infer<typeof s5ConfigSchema>;
