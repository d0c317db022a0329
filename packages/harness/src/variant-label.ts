import type { Device, EngineName } from '@grokbench/trainer';

/** Settings that never change a curve; a variant label leaves them out, as the fingerprints do. */
const CADENCE_KEYS = new Set(['checkpointEvery', 'checkpointSeconds']);

function leaves(value: unknown, at: string, out: Map<string, string>): Map<string, string> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) if (!(at === '' && CADENCE_KEYS.has(key))) leaves(child, at ? `${at}.${key}` : key, out);
  } else {
    out.set(at, JSON.stringify(value));
  }
  return out;
}

export interface RequestedEngine {
  engine: EngineName;
  device: Device;
  /** How the device is named where it is not the CPU, e.g. "webgpu (software: llvmpipe)"; the device id when omitted. */
  deviceLabel?: string;
  /** Only when the user asked for a count; the default (the machine's cores) is not a variant. */
  threads?: number;
}

/**
 * A short label of what a run's resolved config and engine change from its preset (with its
 * method), e.g. "data.p=23, steps=200, threads=1"; "" when nothing does. Leaderboard entries are
 * told apart by a fingerprint; this label is what people read.
 */
export function variantLabel(presetConfig: object, config: object, requested: RequestedEngine): string {
  const before = leaves(presetConfig, '', new Map());
  const after = leaves(config, '', new Map());
  const changed = [...after].filter(([path, value]) => before.get(path) !== value).map(([path, value]) => `${path}=${value}`);
  // A field that went from null to an object (or back) is named by its leaves (or its null) alone,
  // not also as removed: only a path with no counterpart at all on the other side was removed.
  const within = (path: string, paths: Iterable<string>) => [...paths].some((other) => other.startsWith(`${path}.`) || path.startsWith(`${other}.`));
  const removed = [...before.keys()].filter((path) => !after.has(path) && !within(path, after.keys())).map((path) => `${path}=—`);
  const engine = [
    requested.engine === 'ort' ? null : `engine=${requested.engine}`,
    requested.device === 'cpu' ? null : `device=${requested.deviceLabel ?? requested.device}`,
    requested.threads === undefined ? null : `threads=${requested.threads}`,
  ].filter((part): part is string => part !== null);
  return [...changed.sort(), ...removed.sort(), ...engine].join(', ').replaceAll('"', '');
}

/**
 * An entry's label from a run's: the step budget left out, since runs that differ only in budget
 * are one entry (each run's budget stays in its config and is shown per entry as a range).
 */
export function withoutBudget(label: string): string {
  return label
    .split(', ')
    .filter((part) => !part.startsWith('steps='))
    .join(', ');
}
