import { buildUnsupervisedConfigSchema } from '@grokbench/task-kit';
import { z } from 'zod';

export const vaeDigitsConfigSchema = buildUnsupervisedConfigSchema(
  {
    /** Images trained on (Omnigrok grokked MNIST from 1,000). */
    trainImages: z.number().int().positive().default(1000),
    /** Images held out, drawn after the training ones from the same shuffled order. */
    heldoutImages: z.number().int().positive().default(1000),
    /** Average-pool the 28 × 28 images by this factor (2: 14 × 14). */
    downsample: z.union([z.literal(1), z.literal(2), z.literal(4)]).default(2),
    /**
     * ε as a fraction of the median error of copying the nearest training image (see
     * `reconstructionTolerance`): an image counts as reconstructed when its per-pixel MSE is below ε.
     * Below 1, so a model that returns the closest training image fails on most held-out images.
     */
    tolerance: z
      .number()
      .gt(0, { error: (issue) => `tolerance must be > 0 (a fraction of the nearest-copy error), got ${String(issue.input)}` })
      .lt(1, { error: (issue) => `tolerance must be < 1, below the error of copying the nearest training image, got ${String(issue.input)}` })
      .default(0.5),
    /**
     * Train on the held-out images as well (the scores keep the split): the ceiling of the held-out
     * score, what the same model reaches on images it has seen.
     */
    ceiling: z.boolean().default(false),
  },
  {
    /** σ² of the Gaussian likelihood p(x | z) = N(decoder(z), σ²·I): the reconstruction term is MSE / 2σ². */
    pixelVariance: z.number().positive().default(0.05),
  },
);

export type VaeDigitsConfig = z.infer<typeof vaeDigitsConfigSchema>;
