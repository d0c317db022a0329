import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { grokbench, tempDir } from './cli-helpers.js';

describe('grokbench bench', () => {
  it('times a task and writes its throughput with the engine actually used', () => {
    const file = path.join(tempDir('grokbench-bench-'), 'bench.json');
    const result = grokbench(['bench', '--tasks', 'modular-add', '--seconds', '0.5', '--threads', '1', '--json', file]);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/modular-add/);

    const report = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(report.schema).toBe('grokbench/bench@1');
    expect(report.environment).toMatchObject({ cpuModel: expect.any(String), cores: expect.any(Number), node: process.version });
    expect(report.engine).toEqual({ name: 'ort', backend: expect.any(String), device: 'cpu', threads: 1 });
    expect(report.results).toHaveLength(1);
    const [r] = report.results;
    expect(r).toMatchObject({ task: 'modular-add', preset: 'quick', method: 'adamw', engine: report.engine });
    for (const key of ['stepsPerSecond', 'msPerStep', 'examplesPerStep', 'examplesPerSecond', 'flopsPerStep', 'gflops', 'samples']) {
      expect(r[key], key).toBeGreaterThan(0);
    }
    expect(Number.isFinite(r.rmePercent)).toBe(true);
  });

  it.each([
    [['--tasks', 'nope'], /^grokbench: unknown task "nope" \(tasks: .*modular-add/],
    [['--tasks', 'modular-add', '--method', 'nope'], /^grokbench: unknown method "nope"/],
    [['--tasks', 's5', '--preset', 'nanda2023'], /^grokbench: task s5 has no preset "nanda2023"/],
    [['--seconds', '0'], /^grokbench: --seconds takes a positive number, got "0"/],
    [['--threads', '0'], /^grokbench: --threads takes an integer from 1 to \d+/],
  ])('bad input %j: one line, exit 2, nothing written', (args, message) => {
    const file = path.join(tempDir('grokbench-bench-bad-'), 'bench.json');
    const result = grokbench(['bench', ...args, '--json', file]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(fs.existsSync(file)).toBe(false);
  });
});
