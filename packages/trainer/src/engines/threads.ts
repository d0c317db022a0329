import fs from 'node:fs';
import os from 'node:os';

/** Cores this process may use (respects CPU affinity and cgroup limits where Node reports them). */
export function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

export function cpuModel(): string {
  return os.cpus()[0]?.model.trim() ?? 'unknown';
}

/**
 * The widest SIMD instruction set the CPU offers, as ONNX Runtime's CPU kernels choose by it:
 * "avx512", "avx2", "avx" or "sse" on x86-64 (from /proc/cpuinfo's flags), the architecture
 * elsewhere. Two machines of different levels run different kernels, which sum in different
 * orders: the same seed then gives a slightly different curve.
 */
export function cpuInstructionSet(): string {
  if (os.arch() !== 'x64') return os.arch();
  let flags: Set<string>;
  try {
    const line = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('flags'));
    flags = new Set((line?.split(':')[1] ?? '').trim().split(/\s+/));
  } catch {
    return 'x64';
  }
  if (flags.has('avx512f')) return 'avx512';
  if (flags.has('avx2') && flags.has('fma')) return 'avx2';
  if (flags.has('avx')) return 'avx';
  return flags.size > 1 ? 'sse' : 'x64';
}
