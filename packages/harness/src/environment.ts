import os from 'node:os';
import { availableCores, cpuInstructionSet, cpuModel } from '@grokbench/trainer';

export interface Environment {
  cpuModel: string;
  /** The CPU's SIMD level (cpuInstructionSet): runs on different levels differ like another seed draw. Absent in older records. */
  cpuIsa?: string;
  cores: number;
  node: string;
  os: string;
}

export function describeEnvironment(): Environment {
  return { cpuModel: cpuModel(), cpuIsa: cpuInstructionSet(), cores: availableCores(), node: process.version, os: `${os.platform()} ${os.release()} ${os.arch()}` };
}
