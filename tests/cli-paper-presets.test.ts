import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { grokbench, tempDir } from './cli-helpers.js';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('per-parameter initialization from the command line', () => {
  const nanda = ['run', '--task', 'modular-add', '--preset', 'nanda2023'];
  const cases: [string, string[], RegExp][] = [
    ['a negative standard deviation', ['--set', 'model.init.unembed.std=-1'], /model\.init\.unembed\.std/],
    ['an unknown initializer', ['--set', 'model.init.mlpIn.kind=glorot'], /model\.init\.mlpIn\.kind/],
    ['an unknown parameter slot', ['--set', 'model.init.embedding.kind=zeros'], /model\.init/],
    ['a non-boolean bias switch', ['--set', 'model.biases.mlp=3'], /model\.biases\.mlp/],
    ['a vocabulary smaller than the task needs', ['--set', 'model.vocabulary=100'], /model\.vocabulary: 100 .*114 tokens/],
  ];
  for (const [what, args, message] of cases) {
    it(`refuses ${what} with one line and exit code 2, before training`, () => {
      const out = tempDir('grokbench-init-');
      const result = grokbench([...nanda, ...args, '--out', out]);
      expect(result.status).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^grokbench: /);
      expect(lines[0]).toMatch(message);
      expect(fs.readdirSync(out)).toEqual([]);
    });
  }
});

describe('the committed paper reproductions', () => {
  const papers = path.join(ROOT, 'results', 'papers.json');

  it('results/papers.json is a valid leaderboard that compares equal to itself', () => {
    const result = grokbench(['compare', papers, papers]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('holds every run that docs/reproductions.md reports', () => {
    const board = JSON.parse(fs.readFileSync(papers, 'utf8')) as { entries: { task: string; preset: string; method: string }[] };
    const held = new Set(board.entries.map((e) => `${e.task} ${e.preset} ${e.method}`));
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'reproductions.md'), 'utf8');
    // Table rows that report a k/n come from a suite command in the same row.
    const reported = doc.split('\n').filter((line) => line.startsWith('|') && /\|\s*\d+\/\d+\s*\|/.test(line));
    expect(reported.length).toBeGreaterThan(0);
    for (const row of reported) {
      const command = /grokbench suite --tasks (\S+) --preset (\S+)(?: --methods (\S+))?/.exec(row);
      expect(command, row).not.toBeNull();
      const [, task, preset, methods] = command!;
      for (const method of (methods ?? 'adamw').split(',')) expect(held, `${task} ${preset} ${method}`).toContain(`${task} ${preset} ${method}`);
    }
  });
});
