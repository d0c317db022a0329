import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { webgpuAdapterOrSkip } from '../packages/trainer/src/test-webgpu.js';
import { grokbench, tempDir } from './cli-helpers.js';

/**
 * Every `npx grokbench …` line in README.md's shell blocks runs as written, with only a tiny budget
 * added (--steps 2 for run and suite, --seconds 0.05 for bench) so the whole list costs seconds.
 * compare's base.json and head.json are copies of the committed leaderboard.
 */
function readmeExamples(): string[][] {
  const readme = fs.readFileSync('README.md', 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks
    .flatMap((block) => block.split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.startsWith('npx grokbench '))
    .map((line) => line.split(/\s+/).slice(2));
}

const BUDGET: Record<string, string[]> = { run: ['--steps', '2'], suite: ['--steps', '2'], bench: ['--seconds', '0.05'] };

describe('README examples', () => {
  const examples = readmeExamples();

  it('are found', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  it.for(examples.map((args) => [args.join(' '), args] as const))('grokbench %s', async ([, args], context) => {
    // A WebGPU example needs an adapter (lavapipe in CI): without one it is skipped, and says so.
    if ((args as string[]).includes('webgpu')) await webgpuAdapterOrSkip(context);
    const cwd = tempDir('grokbench-readme-');
    for (const name of ['base.json', 'head.json']) fs.copyFileSync(path.resolve('results/leaderboard.json'), path.join(cwd, name));
    fs.mkdirSync(path.join(cwd, 'results'));
    fs.copyFileSync(path.resolve('results/leaderboard.json'), path.join(cwd, 'results/leaderboard.json'));
    const result = grokbench([...(args as string[]), ...(BUDGET[(args as string[])[0]] ?? [])], cwd);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.status, result.stderr).toBe(0);
  });
});
