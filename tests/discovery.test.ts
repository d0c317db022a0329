import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverTaskPackages, discoverTasks, findTask, TaskDiscoveryError } from '@grokbench/harness';
import { Rng, parseConfig } from '@grokbench/task-kit';
import { describe, expect, it } from 'vitest';
import { CLI, readJsonLines, tempDir } from './cli-helpers.js';

// A task package that exists only here: nothing installs it and the harness has never heard of it.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures');
const PARITY = path.join(FIXTURES, 'task-parity');
const BROKEN = path.join(FIXTURES, 'broken');

/** The built command, run from the repository root with GROKBENCH_TASK_PATH set as a user would. */
function grokbenchWithTaskPath(taskPath: string, args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', GROKBENCH_TASK_PATH: taskPath },
  });
}

describe('task discovery', () => {
  it('finds a task package given by path alongside the installed ones', async () => {
    const found = await discoverTasks([PARITY]);
    const ids = found.map((d) => d.task.id);
    expect(ids).toContain('parity');
    expect(ids).toEqual(expect.arrayContaining(['modular-add', 's5']));
    const parity = found.find((d) => d.task.id === 'parity')!;
    expect(parity.packageName).toBe('@fixture/task-parity');
    expect(fs.realpathSync(parity.packageDir)).toBe(fs.realpathSync(PARITY));
    // A folder of packages works as well as a package.
    expect((await discoverTasks([FIXTURES])).map((d) => d.task.id)).toContain('parity');
  });

  it("loads the fixture as a complete task: its config, experiment and dataset agree", async () => {
    const { task } = (await discoverTasks([PARITY])).find((d) => d.task.id === 'parity')!;
    const config = parseConfig(task.configSchema, task.presets.quick.config, 'parity quick');
    const experiment = task.setup(config, Rng.fromSeed(0).split('data'));
    expect(experiment.chance).toBe(0.5);
    expect(experiment.examplesPerStep).toBe(48); // 3/4 of the 2^6 strings, full batch
    expect(experiment.nextBatch(1, Rng.fromSeed(0))).toEqual({});
    const dump = task.dataset(config, Rng.fromSeed(0).split('data'));
    expect(dump.examples).toHaveLength(64);
    expect(dump.examples.filter((e) => e.split === 'train')).toHaveLength(48);
    // Parity by hand: an odd number of ones.
    for (const e of dump.examples) expect(e.parity).toBe([...(e.bits as string)].filter((b) => b === '1').length % 2);
  });

  it('is shown in full, as it is, in docs/adding-a-task.md', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'adding-a-task.md'), 'utf8');
    for (const file of ['index.js', 'package.json']) expect(doc).toContain(fs.readFileSync(path.join(PARITY, file), 'utf8').trimEnd());
  });

  it('names each task package that does not load, and keeps every other task', async () => {
    const { tasks, problems } = await discoverTaskPackages([BROKEN]);
    expect(tasks.map((d) => d.task.id)).toEqual(expect.arrayContaining(['modular-add', 's5', 'gridworld', 'vae-modular']));
    expect(problems).toHaveLength(2);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^task package @fixture\/task-missing-entry \(.*task-missing-entry\) declares \.\/dist\/index\.js, which does not exist/),
        // Under vitest the import goes through Vite, whose parse error is worded its own way; the
        // command-line test below checks Node's own first line.
        expect.stringMatching(/^task package @fixture\/task-syntax-error \(.*task-syntax-error\) failed to load \.\/index\.js: \w*Error: .+/),
      ]),
    );
    await expect(findTask('syntax-task', [BROKEN])).rejects.toThrow(TaskDiscoveryError);
    await expect(findTask('syntax-task', [BROKEN])).rejects.toThrow(/unknown task "syntax-task" \(tasks: .*\); not loaded: .*task-syntax-error/);
  });
});

describe('grokbench with GROKBENCH_TASK_PATH', () => {
  it('lists the fixture task and trains it end to end', () => {
    const listed = grokbenchWithTaskPath('tests/fixtures', ['tasks', '--json']);
    expect(listed.status).toBe(0);
    const { tasks } = JSON.parse(listed.stdout) as { tasks: { id: string; package: string; paradigm: string; presets: Record<string, unknown> }[] };
    expect(tasks.find((t) => t.id === 'parity')).toMatchObject({ package: '@fixture/task-parity', paradigm: 'supervised', presets: { quick: expect.any(Object) } });
    expect(tasks.map((t) => t.id)).toContain('modular-add');

    const out = tempDir('grokbench-parity-');
    const run = grokbenchWithTaskPath('tests/fixtures', ['run', '--task', 'parity', '--steps', '200', '--out', out, '--json']);
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(run.status).toBe(0);
    const record = JSON.parse(run.stdout);
    expect(record).toMatchObject({ schema: 'grokbench/run@1', task: 'parity', paradigm: 'supervised', preset: 'quick', method: 'adamw', seed: 0 });
    expect(record.config).toMatchObject({ steps: 200, data: { bits: 6, trainFraction: 0.75 } });
    expect(record.metrics.chance).toBe(0.5);
    expect(record.stepsRun).toBeGreaterThan(0);
    expect(record.stepsRun).toBeLessThanOrEqual(200);
    const dir = path.join(out, record.runId);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'))).toEqual(record);
    const curve = readJsonLines<{ step: number; train: number; heldout: number }>(path.join(dir, 'curve.jsonl'));
    expect(curve[0].step).toBe(0);
    expect(curve.at(-1)!.step).toBe(record.stepsRun);
    for (const score of curve.flatMap((p) => [p.train, p.heldout])) {
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  });

  it('lists every working task beside a broken package, naming each broken one in one line', () => {
    const result = grokbenchWithTaskPath('tests/fixtures/broken', ['tasks']);
    expect(result.status).toBe(0);
    for (const id of ['gridworld', 'modular-add', 's5', 'vae-digits']) expect(result.stdout).toMatch(new RegExp(`^  ${id} `, 'm'));
    const lines = result.stderr.trim().split('\n').sort();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^grokbench: not loaded: task package @fixture\/task-missing-entry \(.*\) declares \.\/dist\/index\.js, which does not exist/);
    expect(lines[1]).toMatch(/^grokbench: not loaded: task package @fixture\/task-syntax-error \(.*\) failed to load \.\/index\.js: SyntaxError: Unexpected token ';'$/);
  });

  it('runs a working task beside a broken package, and refuses in one line a task that may be in it', () => {
    const out = tempDir('grokbench-broken-beside-');
    const works = grokbenchWithTaskPath('tests/fixtures/broken', ['run', '--task', 'modular-add', '--set', 'data.p=5', '--steps', '3', '--out', out]);
    expect(works.status, works.stderr).toBe(0);
    const missing = grokbenchWithTaskPath('tests/fixtures/broken', ['run', '--task', 'syntax-task', '--out', out]);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^grokbench: unknown task "syntax-task" \(tasks: gridworld, .*\); not loaded: .*@fixture\/task-syntax-error.*SyntaxError/);
  });

  it('names a GROKBENCH_TASK_PATH entry that does not exist', () => {
    const result = grokbenchWithTaskPath(`tests/fixtures${path.delimiter}tests/no-such-folder`, ['tasks']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^  parity /m);
    expect(result.stderr.trim()).toBe('grokbench: not loaded: GROKBENCH_TASK_PATH names tests/no-such-folder, which does not exist');
  });
});
