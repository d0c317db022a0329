import { z } from 'zod';

/**
 * The MLP over two operands: an embedding table per operand (the first layer), optional further
 * hidden layers, a linear read-out. Defaults are the reference MLP of DESIGN.md §1 at width 256.
 */
export const mlpConfigSchema = z
  .object({
    kind: z.literal('mlp'),
    hidden: z.number().int().positive().default(256),
    /** Hidden layers, the embedding sum counting as the first. */
    depth: z.number().int().positive().default(1),
    activation: z.enum(['relu', 'gelu']).default('relu'),
    biases: z.boolean().default(false),
  })
  .strict();

/**
 * A decoder-only transformer (Vaswani et al. 2017) read out at the last position.
 * Defaults are a common GPT-style block; the paper presets set every value themselves.
 */
export const transformerConfigSchema = z
  .object({
    kind: z.literal('transformer'),
    layers: z.number().int().positive().default(2),
    /** d_model. */
    width: z.number().int().positive().default(128),
    heads: z.number().int().positive().default(4),
    /** Hidden width of each block's MLP; null means 4 × width. */
    mlpWidth: z.number().int().positive().nullable().default(null),
    activation: z.enum(['relu', 'gelu']).default('relu'),
    /**
     * Where each block normalizes: before each sublayer ('pre'), after each residual sum ('post'),
     * not at all ('none'), or 'pre-stream' — the Grokfast reference block (Lee et al. 2024, code
     * `Block.forward`), which normalizes the residual stream itself before attention:
     * x ← LN(x); x ← x + Attn(x); x ← x + MLP(LN(x)).
     */
    layerNorm: z.enum(['pre', 'post', 'none', 'pre-stream']).default('pre'),
    /** A layer norm on the residual stream before the unembedding. */
    finalLayerNorm: z.boolean().default(true),
    /** Biases on the attention and MLP linear layers (the unembedding has none in every reference model). */
    biases: z.boolean().default(true),
    /**
     * Attention projections drawn as nn.Linear draws them ('linear'), or as nn.MultiheadAttention
     * does ('torch-mha': Xavier-uniform input projection, zero biases), which the Grokfast
     * reference model uses.
     */
    attentionInit: z.enum(['linear', 'torch-mha']).default('linear'),
    /** Learned position embeddings, or fixed sinusoids as in Power et al.'s reference code. */
    positions: z.enum(['learned', 'sinusoidal']).default('learned'),
  })
  .strict()
  .refine((m) => m.width % m.heads === 0, { message: 'width must be a multiple of heads', path: ['heads'] });

export const modelConfigSchema = z.discriminatedUnion('kind', [mlpConfigSchema, transformerConfigSchema]);

export type MlpConfig = z.infer<typeof mlpConfigSchema>;
export type TransformerConfig = z.infer<typeof transformerConfigSchema>;
export type ModelConfig = z.infer<typeof modelConfigSchema>;
