import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { describe, expect, it } from 'vitest';
import { CLI, grokbench, grokbenchAsync, readJsonLines, tempDir } from './cli-helpers.js';

const TINY = ['--task', 'modular-add', '--set', 'data.p=5', '--steps', '3'];

describe('everyday use', () => {
  it('prints its version, and help text for every option of every command', () => {
    const version = grokbench(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    for (const command of ['run', 'suite', 'bench', 'merge', 'compare', 'tasks', 'dataset']) {
      const help = grokbench([command, '--help']).stdout;
      const options = help.split('\n').filter((line) => /^\s+(-\w, )?--[\w-]+/.test(line) && !/--(help|version)\b/.test(line));
      expect(options.length, command).toBeGreaterThan(0);
      // An option line is "  --flag  description  [type] [default]": a description, not the bracketed type, comes first.
      for (const line of options) expect(line, `${command}: ${line}`).toMatch(/^\s+(-\w, )?--[\w-]+\s{2,}[^\s[]/);
    }
  });

  it('suggests what a misspelt command or flag likely meant, in one line with exit code 2', () => {
    for (const [args, hint] of [
      [['rn', '--task', 'modular-add'], /^grokbench: Unknown arguments?: .*rn \(did you mean run\?\)/],
      [['run', '--task', 'modular-add', '--step', '3'], /^grokbench: Unknown argument: step \(did you mean --steps\?\)$/],
      [['suite', '--task', 'modular-add'], /^grokbench: Unknown argument: task \(did you mean --tasks\?\)$/],
    ] as const) {
      const result = grokbench([...args]);
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr.trim()).toMatch(hint);
    }
  });

  it("writes to the project's results/ when run from a subfolder of it, not to a results/ of the subfolder", () => {
    const project = tempDir('grokbench-project-');
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'study', private: true, workspaces: ['analysis/*'] }));
    const sub = path.join(project, 'analysis', 'notebooks');
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, 'package.json'), JSON.stringify({ name: 'notebooks' }));
    const run = grokbench(['run', ...TINY, '--json'], sub);
    expect(run.status, run.stderr).toBe(0);
    const { runId } = JSON.parse(run.stdout) as { runId: string };
    expect(fs.existsSync(path.join(project, 'results', 'runs', runId, 'run.json'))).toBe(true);
    expect(fs.readdirSync(sub)).toEqual(['package.json']);
    const suite = grokbench(['suite', ...TINY.filter((w) => w !== '--task' && w !== 'modular-add'), '--tasks', 'modular-add', '--seeds', '1'], sub);
    expect(suite.status, suite.stderr).toBe(0);
    expect(fs.existsSync(path.join(project, 'results', 'leaderboard.json'))).toBe(true);
    expect(fs.readdirSync(sub)).toEqual(['package.json']);
  });

  it('records the grokbench version and git commit in run.json, and says when --resume finds nothing', () => {
    const out = tempDir('grokbench-provenance-');
    const result = grokbench(['run', ...TINY, '--resume', '--json', '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/--resume: run .* has no checkpoint .*starting at step 0/);
    const run = JSON.parse(result.stdout) as { grokbenchVersion?: string; gitCommit?: string };
    expect(run.grokbenchVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(run.gitCommit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('runs the tfjs engine without TensorFlow.js banners, its progress measures those of ONNX Runtime', () => {
    const out = tempDir('grokbench-tfjs-');
    const result = grokbench(['run', ...TINY, '--engine', 'tfjs', '--out', out, '--json']);
    expect(result.status).toBe(0);
    expect(result.stderr).not.toMatch(/node backend|Hi there|Hi, looks like/i);
    const ort = grokbench(['run', ...TINY, '--out', out, '--json']);
    const extras = (stdout: string) => {
      const { runId } = JSON.parse(stdout) as { runId: string };
      return readJsonLines<{ extra: Record<string, number> }>(path.join(out, runId, 'curve.jsonl')).map((p) => p.extra);
    };
    const [tfjs, reference] = [extras(result.stdout), extras(ort.stdout)];
    expect(tfjs.length).toBe(reference.length);
    tfjs.forEach((point, i) => {
      for (const [name, value] of Object.entries(reference[i])) expect(Math.abs(point[name] - value), name).toBeLessThan(1e-4 * Math.max(1, Math.abs(value)));
    });
  });

  it('says so when a suite reuses a recorded run', () => {
    const out = path.join(tempDir('grokbench-reuse-'), 'lb.json');
    const args = ['suite', '--tasks', 'modular-add', '--set', 'data.p=5', '--steps', '3', '--seeds', '1', '--out', out];
    expect(grokbench(args).status).toBe(0);
    expect(grokbench(args).stderr).toMatch(/already recorded: reused \(--rerun to repeat it\)/);
  });

  it('lets a task package outside the installation import @grokbench/* (GROKBENCH_TASK_PATH)', () => {
    const outside = tempDir('grokbench-outside-');
    fs.cpSync(path.resolve('tests/fixtures/task-parity'), path.join(outside, 'task-parity'), { recursive: true });
    const env = { ...process.env, FORCE_COLOR: '0', GROKBENCH_TASK_PATH: outside };
    const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: outside, encoding: 'utf8', env });
    const tasks = cli(['tasks']);
    expect(tasks.stderr).toBe('');
    expect(tasks.stdout).toMatch(/^\s+parity\s+supervised/m);
    const run = cli(['run', '--task', 'parity', '--steps', '20', '--json', '--out', path.join(outside, 'runs')]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ task: 'parity', stepsRun: 20 });
  });

  it('says so while it waits for the leaderboard lock another process holds', async () => {
    const out = path.join(tempDir('grokbench-lock-'), 'lb.json');
    const release = await lockfile.lock(out, { realpath: false, stale: 30_000 });
    const child = grokbenchAsync(['suite', '--tasks', 'modular-add', '--set', 'data.p=5', '--steps', '3', '--seeds', '1', '--out', out]);
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('waiting for')) resolve();
      });
      child.on('exit', () => reject(new Error(`exited without waiting: ${stderr}`)));
    });
    await release();
    const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(status).toBe(0);
    expect(stderr).toMatch(/waiting for .*lb\.json\.lock: another process is writing/);
  });
});
