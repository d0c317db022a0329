import { deviceLabel, entryName, type LeaderboardEntry, type RunRecord } from '@grokbench/harness';

/*
 * Leaderboards and run records grow fields over time (a variant label or config fingerprint per
 * entry, the device, a `diverged` stop, the grokbench version and git commit of a run). The
 * report reads everything beyond the fields it needs generically, by name, so a file written by
 * a newer harness still renders and shows what it holds.
 */

type Scalar = string | number | boolean;

const isScalar = (value: unknown): value is Scalar => ['string', 'number', 'boolean'].includes(typeof value);

/**
 * The fields an entry is known by; any other scalar field labels it (a variant, …). `configId` is
 * an identity hash, not a label: it differs between the methods of one preset, so grouping by it
 * would keep a method comparison from ever forming.
 */
const ENTRY_FIELDS = new Set(['task', 'paradigm', 'preset', 'method', 'device', 'runs', 'summary', 'configId']);

/** Fields of run.json the report reads itself; other top-level scalars are provenance. */
const RUN_FIELDS = new Set([
  'schema', 'runId', 'task', 'paradigm', 'preset', 'method', 'seed', 'config', 'engine', 'environment',
  'stepsRun', 'wallSeconds', 'trainSeconds', 'stoppedBy', 'resumedFrom', 'metrics', 'throughput', 'createdAt',
]);

function scalarsOf(object: unknown, skip: ReadonlySet<string> = new Set()): [string, Scalar][] {
  if (typeof object !== 'object' || object === null) return [];
  return Object.entries(object).filter((pair): pair is [string, Scalar] => !skip.has(pair[0]) && isScalar(pair[1]));
}

/** Scalars nested one level down (environment.gpu.name) are kept as dotted names. */
function flattenScalars(object: unknown, prefix = ''): [string, Scalar][] {
  if (typeof object !== 'object' || object === null) return [];
  return Object.entries(object).flatMap(([key, value]): [string, Scalar][] => {
    if (isScalar(value)) return [[`${prefix}${key}`, value]];
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && prefix === '') return flattenScalars(value, `${key}.`);
    return [];
  });
}

/** The entry's extra labels, e.g. { variant: 'wd0.5' }; empty for an entry of (task, preset, method) alone. */
export function entryLabels(entry: LeaderboardEntry): Record<string, string> {
  const labels = scalarsOf(entry, ENTRY_FIELDS).filter(([, value]) => value !== '');
  return Object.fromEntries(labels.map(([key, value]) => [key, String(value)]));
}

/** "task/preset/method", followed by the entry's extra labels where it has any. */
export function entryTitle(entry: LeaderboardEntry): string {
  const labels = Object.values(entryLabels(entry));
  const name = entryName({ task: entry.task, preset: entry.preset, method: entry.method });
  return labels.length ? `${name} [${labels.join(', ')}]` : name;
}

/** The entry's own `device` where the leaderboard records one, else the devices its runs used. */
export function entryDevice(entry: LeaderboardEntry): string {
  const own = (entry as unknown as { device?: unknown }).device;
  if (typeof own === 'string') return own;
  return [...new Set(entry.runs.map((run) => deviceLabel(run.engine)))].join(', ');
}

/** The run's step budget: where a run that never grokked is drawn. */
export function budgetOf(run: RunRecord): number {
  return run.config.steps;
}

/**
 * Where and with what a run ran, as flat name → text: the environment (CPU/GPU model, cores,
 * Node, OS, and whatever else it records), the engine (name, backend, device, threads), and any
 * other scalar the run carries at its top level (grokbench version, git commit).
 */
export function runProvenance(run: RunRecord): Record<string, string> {
  const pairs = [
    ...flattenScalars(run.environment),
    ...flattenScalars(run.engine).map(([key, value]): [string, Scalar] => [`engine ${key}`, value]),
    ...scalarsOf(run, RUN_FIELDS),
  ];
  return Object.fromEntries(pairs.map(([key, value]) => [key, String(value)]));
}

/** "ort/cpu · cpu · 2 threads", "ort/webgpu · webgpu (software: llvmpipe) · 2 threads": what a throughput figure was measured with. */
export function engineLabel(run: RunRecord): string {
  const { name, backend, threads } = run.engine;
  return `${name}/${backend} · ${deviceLabel(run.engine)} · ${threads} thread${threads === 1 ? '' : 's'}`;
}
