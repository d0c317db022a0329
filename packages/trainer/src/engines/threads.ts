import os from 'node:os';

/** Cores this process may use (respects CPU affinity and cgroup limits where Node reports them). */
export function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

export function cpuModel(): string {
  return os.cpus()[0]?.model.trim() ?? 'unknown';
}
