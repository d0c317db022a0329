import os from 'node:os';
import { UsageError } from './user-error.js';

/** Most seeds one suite may run: far beyond any study, far below a typo's billions. */
export const MAX_SEEDS = 10_000;
/** Largest seed accepted: seeds derive 32-bit streams. */
export const MAX_SEED = 2 ** 31 - 1;

/**
 * A yargs `coerce` for an integer flag within [min, max]: the message quotes what was given and
 * names the accepted range (yargs' own number parsing would turn "abc" into NaN silently).
 */
export function integerIn(flag: string, min: number, max: number, why = '') {
  return (raw: unknown): number => {
    if (Array.isArray(raw)) throw new UsageError(`--${flag} is given more than once`);
    const text = String(raw);
    const value = Number(text);
    if (!/^\s*-?\d+\s*$/.test(text) || value < min || value > max) {
      throw new UsageError(`--${flag} takes an integer from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}${why}, got "${text}"`);
    }
    return value;
  };
}

/** A count from 1 to the cores this process may use (more only oversubscribes and skews timings). */
export const upToCores = (flag: string) => integerIn(flag, 1, os.availableParallelism(), ' (the cores available)');

/** --threads: 1 to the cores this process may use. */
export const threadsFlag = {
  type: 'string',
  describe: 'CPU threads (default: the cores available)',
  coerce: upToCores('threads'),
} as const;

/** A positive number flag (seconds and the like), quoting what was given when it is not one. */
export function positiveNumber(flag: string) {
  return (raw: unknown): number => {
    if (Array.isArray(raw)) throw new UsageError(`--${flag} is given more than once`);
    const value = Number(raw);
    if (String(raw).trim() === '' || !(value > 0) || !Number.isFinite(value)) throw new UsageError(`--${flag} takes a positive number, got "${String(raw)}"`);
    return value;
  };
}
