import { z } from 'zod';

/**
 * How one parameter starts, as a config value (the graph's `Initializer`): a preset states the
 * reference code's draw for each weight, e.g. `{ kind: 'normal', std: 1 / Math.sqrt(128) }`.
 * Fan-in is a weight's input width ([in, out] rows).
 */
export const initializerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('zeros') }).strict(),
  z.object({ kind: z.literal('ones') }).strict(),
  z.object({ kind: z.literal('normal'), std: z.number().positive().max(100) }).strict(),
  z.object({ kind: z.literal('uniform'), limit: z.number().positive().max(100) }).strict(),
  /** U(±1/√fan-in), nn.Linear's weight default. */
  z.object({ kind: z.literal('fan-in-uniform') }).strict(),
  /** N(0, 1/fan-in). */
  z.object({ kind: z.literal('fan-in-normal') }).strict(),
]);

export type InitializerConfig = z.infer<typeof initializerSchema>;

/**
 * Per-parameter initialization of the transformer; a field left null keeps the architecture's
 * default (given in each comment), so presets name only what their reference code does differently.
 */
const transformerInitSchema = z
  .object({
    /** Token embedding [vocab, d]; default N(0, 1), nn.Embedding's. */
    tokenEmbed: initializerSchema.nullable().default(null),
    /** Learned position embedding [L, d]; default N(0, 1). */
    positionEmbed: initializerSchema.nullable().default(null),
    /** Query/key/value projections [d, 3d]; default by `attentionInit`. */
    attentionQkv: initializerSchema.nullable().default(null),
    /** Attention output projection [d, d]; default fan-in-uniform. */
    attentionOut: initializerSchema.nullable().default(null),
    /** Attention biases; default U(±1/√d) ('linear') or zeros ('torch-mha'). */
    attentionBias: initializerSchema.nullable().default(null),
    /** MLP input weight [d, mlpWidth]; default fan-in-uniform. */
    mlpIn: initializerSchema.nullable().default(null),
    /** MLP output weight [mlpWidth, d]; default fan-in-uniform. */
    mlpOut: initializerSchema.nullable().default(null),
    /** MLP biases; default U(±1/√fan-in) as nn.Linear draws them. */
    mlpBias: initializerSchema.nullable().default(null),
    /** Unembedding [d, classes]; default fan-in-uniform. */
    unembed: initializerSchema.nullable().default(null),
  })
  .strict();

/**
 * Biases of the attention and MLP linear layers (the unembedding has none in every reference
 * model). `true`/`false` sets both; Nanda et al.'s model has MLP biases but no attention biases.
 */
const biasesSchema = z.preprocess(
  (value) => (typeof value === 'boolean' ? { attention: value, mlp: value } : value),
  z.object({ attention: z.boolean().default(true), mlp: z.boolean().default(true) }).strict(),
);

/**
 * How the cross-entropy of the model's logits is computed, in training and in the recorded losses:
 * 'log-softmax' as PyTorch's F.cross_entropy does in float32, whose correct-class gradient cancels
 * to 0 once the loss reaches the float32 floor; 'non-cancelling' (`stableCrossEntropy`) keeps it,
 * as a float64 loss would (Prieto et al. 2025). Added after runs were recorded: at its default it
 * is left out of run fingerprints (harness config-fingerprint.ts), so their ids stay valid.
 */
export const CROSS_ENTROPY_FORMS = ['log-softmax', 'non-cancelling'] as const;
const crossEntropyField = z.enum(CROSS_ENTROPY_FORMS).default('log-softmax');

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
    crossEntropy: crossEntropyField,
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
    biases: biasesSchema.default({ attention: true, mlp: true }),
    /**
     * Attention projections drawn as nn.Linear draws them ('linear'), or as nn.MultiheadAttention
     * does ('torch-mha': Xavier-uniform input projection, zero biases), which the Grokfast
     * reference model uses.
     */
    attentionInit: z.enum(['linear', 'torch-mha']).default('linear'),
    /** Learned position embeddings, or fixed sinusoids as in Power et al.'s reference code. */
    positions: z.enum(['learned', 'sinusoidal']).default('learned'),
    /**
     * What the unembedding scores: the task's answers only ('answers'), or every token of the
     * vocabulary ('vocabulary'), as the reference models of Power et al., Nanda et al. and Lee et
     * al. do. Labels are the answers' token ids either way; predicting a non-answer token is wrong.
     */
    head: z.enum(['answers', 'vocabulary']).default('answers'),
    /**
     * Token-table size; null is the task's own token count. Larger pads the embedding (and a
     * 'vocabulary' head) with tokens no example uses, as a reference tokenizer shared across tasks
     * does (Power et al.'s has 239 tokens for any one task's ~100).
     */
    vocabulary: z.number().int().positive().max(100_000).nullable().default(null),
    init: transformerInitSchema.prefault({}),
    crossEntropy: crossEntropyField,
  })
  .strict()
  .refine((m) => m.width % m.heads === 0, { message: 'width must be a multiple of heads', path: ['heads'] });

export const modelConfigSchema = z.discriminatedUnion('kind', [mlpConfigSchema, transformerConfigSchema]);

export type MlpConfig = z.infer<typeof mlpConfigSchema>;
export type TransformerConfig = z.infer<typeof transformerConfigSchema>;
export type ModelConfig = z.infer<typeof modelConfigSchema>;
