import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { webgpuAdapterOrSkip } from '../packages/trainer/src/test-webgpu.js';
import { grokbenchConcurrently, tempDir } from './cli-helpers.js';

/**
 * Every `npx grokbench …` line in the shell blocks of README.md and of the documentation pages it
 * sends users to runs as written, with only a tiny budget added (--steps 2 for run and suite,
 * --seconds 0.05 for bench). compare's base.json and head.json are copies of the committed
 * leaderboard; analyze's outside log is the test fixture at the same relative path. A command shown on two pages runs once; the commands run side by side.
 */
const EXAMPLE_FILES = ['README.md', 'docs/gpu.md', 'docs/leaderboard.md'];

/** Pages whose examples need a setting of their own, and where those are tested. */
const TESTED_ELSEWHERE: Record<string, string> = {
  'docs/adding-a-task.md': 'the fixture task under GROKBENCH_TASK_PATH: tests/discovery.test.ts, tests/cli-everyday.test.ts',
  'docs/clusters.md': "a scheduler's variables ($SLURM_ARRAY_TASK_ID, $JOB_COMPLETION_INDEX)",
};

function examplesIn(file: string): string[][] {
  const text = fs.readFileSync(file, 'utf8');
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks
    .flatMap((block) => block.split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.startsWith('npx grokbench '))
    .map((line) => line.split(/\s+/).slice(2));
}

function examples(): string[][] {
  const unique = new Map(EXAMPLE_FILES.flatMap(examplesIn).map((args) => [args.join(' '), args]));
  return [...unique.values()];
}

const BUDGET: Record<string, string[]> = { run: ['--steps', '2'], suite: ['--steps', '2'], bench: ['--seconds', '0.05'] };

describe('README and documentation examples', () => {
  it('are found on every page that shows commands', () => {
    expect(examplesIn('README.md').length).toBeGreaterThanOrEqual(8);
    const pages = fs.readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
    const untested = pages.filter((page) => examplesIn(page).length > 0 && !EXAMPLE_FILES.includes(page) && !TESTED_ELSEWHERE[page]);
    expect(untested).toEqual([]);
  });

  it.concurrent.for(examples().map((args) => [args.join(' '), args] as const))('grokbench %s', async ([, args], context) => {
    // A WebGPU example needs an adapter (lavapipe in CI): without one it is skipped, and says so.
    if ((args as string[]).includes('webgpu')) await webgpuAdapterOrSkip(context);
    const cwd = tempDir('grokbench-readme-');
    for (const name of ['base.json', 'head.json']) fs.copyFileSync(path.resolve('results/leaderboard.json'), path.join(cwd, name));
    fs.mkdirSync(path.join(cwd, 'results'));
    fs.copyFileSync(path.resolve('results/leaderboard.json'), path.join(cwd, 'results/leaderboard.json'));
    fs.cpSync(path.resolve('tests/fixtures/outside-curves'), path.join(cwd, 'tests/fixtures/outside-curves'), { recursive: true });
    const result = await grokbenchConcurrently([...(args as string[]), ...(BUDGET[(args as string[])[0]] ?? [])], cwd);
    context.expect(result.stderr).not.toMatch(/\n\s+at /);
    context.expect(result.status, result.stderr).toBe(0);
  });
});
