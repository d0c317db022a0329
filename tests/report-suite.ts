import path from 'node:path';
import { expect } from 'vitest';
import { grokbench, tempDir } from './cli-helpers.js';

/**
 * A real suite small enough for a test: modular addition mod 23 on 90% of the pairs, 600 steps
 * (some runs grok, some do not), run by the built command. Returns the leaderboard's path; the
 * runs' curves lie in runs/ beside it.
 */
export function runSmallSuite(prefix: string, args: string[]): string {
  const out = path.join(tempDir(prefix), 'leaderboard.json');
  const result = grokbench(['suite', '--tasks', 'modular-add', '--set', 'data.p=23', '--set', 'data.trainFraction=0.9', '--steps', '600', '--out', out, ...args]);
  expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
  expect(result.status).toBe(0);
  return out;
}
