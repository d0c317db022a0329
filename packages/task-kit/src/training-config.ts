import { z } from 'zod';

/**
 * Settings every task shares: the optimizer, batching, the step budget and evaluation. Tasks
 * extend this schema with their own fields (data, model); presets fill it in and command-line
 * flags override single values.
 */
export const optimizerConfigSchema = z
  .object({
    kind: z.enum(['sgd', 'adam', 'adamw']),
    lr: z.number().positive(),
    beta1: z.number().min(0).lt(1).default(0.9),
    beta2: z.number().min(0).lt(1).default(0.999),
    eps: z.number().positive().default(1e-8),
    momentum: z.number().min(0).lt(1).default(0),
    /** Decoupled for AdamW, an L2 term on the gradient for Adam and SGD. */
    weightDecay: z.number().min(0).default(0),
    warmupSteps: z.number().int().min(0).default(0),
    /**
     * After the warm-up, anneal the learning rate along a half-cosine to `floor` × lr over `steps`
     * updates, then hold it there (openai/grok's `--anneal_lr`, which uses floor 0.1). null: constant.
     */
    cosineAnneal: z
      .object({ steps: z.number().int().positive(), floor: z.number().min(0).max(1) })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();

/** Grokfast gradient filters (Lee et al. 2024); null trains on the raw gradient. */
export const filterConfigSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('grokfast-ema'), alpha: z.number().min(0).lt(1), lambda: z.number().min(0) }).strict(),
    z.object({ kind: z.literal('grokfast-ma'), window: z.number().int().positive(), lambda: z.number().min(0) }).strict(),
  ])
  .nullable()
  .default(null);

export const MAX_STEPS = 1_000_000_000;

export const trainingConfigSchema = z
  .object({
    optimizer: optimizerConfigSchema,
    filter: filterConfigSchema,
    /** Examples per step; null trains on the full training set every step. */
    batchSize: z.number().int().positive().nullable().default(null),
    /** The step budget; a billion steps is years on a CPU, so more is a typo. */
    steps: z.number().int().positive().max(MAX_STEPS, { error: `at most ${MAX_STEPS.toLocaleString('en-US')} steps` }),
    /** Evaluate every k steps (and log-spaced before k, so early transitions are resolved). */
    evalEvery: z.number().int().positive().default(100),
    /** Stop once the held-out score has stayed ≥ 0.99 for this many steps; 0 never stops early. */
    patience: z.number().int().min(0).default(0),
    /** Write a checkpoint every N steps (0: only by time). */
    checkpointEvery: z.number().int().min(0).default(1000),
    /** …and at least every S seconds of training (0: only by steps). */
    checkpointSeconds: z.number().min(0).default(60),
  })
  .strict();

export type OptimizerConfig = z.infer<typeof optimizerConfigSchema>;
export type TrainingConfig = z.infer<typeof trainingConfigSchema>;

/** A bad configuration value, reported as one line naming the field. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses `raw` with `schema`, turning the first problem into a ConfigError naming its path. */
/**
 * zod's wording ("Invalid input: expected number, received string") names neither what was given
 * nor, plainly, what is accepted; a wrong type is reworded to say both.
 */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const given = issue.input === undefined ? 'nothing' : JSON.stringify(issue.input) ?? String(issue.input);
    return `got ${given}; accepted: ${issue.expected === 'number' ? 'a number' : issue.expected}`;
  }
  return issue.message;
}

export function parseConfig<S extends z.ZodType>(schema: S, raw: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path.length ? issue.path.join('.') : '(config)';
  throw new ConfigError(`${where}: ${path}: ${describeIssue(issue)}`);
}

/**
 * Deep merge of plain objects: later layers override earlier ones field by field. An object whose
 * `kind` changes (model 'mlp' → 'transformer', a different filter) is replaced, not merged: the
 * fields of one kind mean nothing to another.
 */
export function mergeConfig(...layers: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!layer || typeof layer !== 'object') continue;
    for (const [key, value] of Object.entries(layer)) {
      const previous = out[key];
      const sameKind = isPlainObject(previous) && isPlainObject(value) && (value.kind === undefined || value.kind === previous.kind);
      if (value !== undefined) out[key] = sameKind ? mergeConfig(previous, value) : value;
    }
  }
  return out;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
