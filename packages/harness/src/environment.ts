import os from 'node:os';
import { availableCores, cpuModel } from '@grokbench/trainer';

export interface Environment {
  cpuModel: string;
  cores: number;
  node: string;
  os: string;
}

export function describeEnvironment(): Environment {
  return { cpuModel: cpuModel(), cores: availableCores(), node: process.version, os: `${os.platform()} ${os.release()} ${os.arch()}` };
}
