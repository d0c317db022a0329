import { z } from 'zod';
import { modelConfigSchema, type ModelConfig } from '../models/model-config.js';
import { trainingConfigSchema, type TrainingConfig } from '../training-config.js';
import { SEQUENCE_FORMATS, type SequenceFormat } from './sequence-format.js';

/** Data fields every supervised task shares. */
export const supervisedDataFields = {
  /** Fraction of all examples used for training; the rest are held out. */
  trainFraction: z.number().gt(0).lt(1).default(0.5),
  format: z.enum(SEQUENCE_FORMATS).default('a op b ='),
};

export interface SupervisedData {
  trainFraction: number;
  format: SequenceFormat;
}

export type SupervisedConfig<D extends SupervisedData = SupervisedData> = TrainingConfig & {
  data: D;
  model: ModelConfig;
};

/**
 * A supervised task's config schema: the shared training fields, `data` (the shared fields plus the
 * task's own) and `model`. Every level rejects unknown keys, so a misspelt override fails loudly.
 */
export function buildSupervisedConfigSchema<T extends z.ZodRawShape>(extraDataFields: T) {
  const data = z.object({ ...supervisedDataFields, ...extraDataFields }).strict();
  return trainingConfigSchema
    .extend({ data: data.prefault({} as z.input<typeof data>), model: modelConfigSchema })
    .strict();
}
