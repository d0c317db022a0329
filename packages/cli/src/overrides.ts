import { UsageError } from './user-error.js';

/** Flags that set one config field each; `--set path=value` reaches any other field. */
export const OVERRIDE_FLAGS = {
  lr: { path: 'optimizer.lr', describe: 'learning rate' },
  'weight-decay': { path: 'optimizer.weightDecay', describe: 'weight decay (decoupled for AdamW, L2 for Adam/SGD)' },
  optimizer: { path: 'optimizer.kind', describe: 'sgd | adam | adamw', string: true },
  beta1: { path: 'optimizer.beta1', describe: "Adam's β1" },
  beta2: { path: 'optimizer.beta2', describe: "Adam's β2" },
  'warmup-steps': { path: 'optimizer.warmupSteps', describe: 'linear learning-rate warm-up steps' },
  'train-fraction': { path: 'data.trainFraction', describe: 'fraction of the examples used for training, in (0, 1)' },
  'batch-size': { path: 'batchSize', describe: 'examples per step, or "full" for full batch', string: true },
  'eval-every': { path: 'evalEvery', describe: 'evaluate every k steps' },
  patience: { path: 'patience', describe: 'stop after held-out ≥ 0.99 for this many steps (0: never)' },
  steps: { path: 'steps', describe: 'step budget (overrides the preset)' },
} as const;

/** Path segments that would reach an object's prototype instead of a config field. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function checkPath(dotted: string): void {
  const keys = dotted.split('.');
  if (keys.some((key) => !/^[A-Za-z][A-Za-z0-9]*$/.test(key) || FORBIDDEN_KEYS.has(key))) {
    throw new UsageError(`--set takes a config path of plain names (e.g. optimizer.lr), got "${dotted}"`);
  }
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] = typeof node[key] === 'object' && node[key] !== null ? node[key] : {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

/** A flag value as JSON where it parses (numbers, true, null, objects), else as a string. */
function parseValue(raw: string): unknown {
  if (raw === 'full') return null;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * The config overrides of a command line: the single-field flags, then each --set. A field set
 * twice (--lr with --set optimizer.lr, --set steps=… twice) is an error, never a silent winner.
 */
export function collectOverrides(argv: Record<string, unknown>): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  const setBy = new Map<string, string>();
  const assign = (path: string, value: unknown, by: string) => {
    const earlier = setBy.get(path);
    if (earlier) throw new UsageError(`${by} and ${earlier} both set ${path}: give it once`);
    setBy.set(path, by);
    setPath(overrides, path, value);
  };
  for (const [flag, { path }] of Object.entries(OVERRIDE_FLAGS)) {
    const value = argv[flag];
    if (Array.isArray(value)) throw new UsageError(`--${flag} is given more than once`);
    if (value !== undefined) assign(path, typeof value === 'string' ? parseValue(value) : value, `--${flag}`);
  }
  for (const assignment of (argv.set as string[] | undefined) ?? []) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set takes path=value (e.g. --set model.layers=1), got "${assignment}"`);
    const path = assignment.slice(0, eq);
    checkPath(path);
    assign(path, parseValue(assignment.slice(eq + 1)), `--set ${path}`);
  }
  return overrides;
}
