import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTask, formatNumber, grokkedWithPhases, summarizeEntry, type RunRecord } from '@grokbench/harness';
import { grokbench, tempDir } from './cli-helpers.js';

interface Entry {
  task: string;
  preset: string;
  method: string;
  variant: string;
  runs: RunRecord[];
}

// As the tables print them: interpolated onsets rounded to a whole step.
const formatted = (n: number | null) => formatNumber(n);

/**
 * Whether an entry's variant is the one a table row's suite flags produce: its --set assignments
 * exactly, and one thread. The budget is not part of an entry's name (runs that differ only in it
 * share the entry); `withinBudget` picks the row's runs by it.
 */
function variantMatches(variant: string, flags: string): boolean {
  const settings = variant.split(', ').filter(Boolean);
  const sets = [...flags.matchAll(/--set (\S+)/g)].map((m) => m[1]).sort();
  const others = settings.filter((s) => s !== 'threads=1').sort();
  return settings.includes('threads=1') && JSON.stringify(others) === JSON.stringify(sets);
}

/** The row's --steps budget (any for a placeholder like <budget>, the preset's own when absent). */
function withinBudget(run: RunRecord, flags: string, presetSteps: number): boolean {
  const steps = /--steps (\S+)/.exec(flags)?.[1];
  if (steps?.startsWith('<')) return true;
  return run.config.steps === (steps === undefined ? presetSteps : Number(steps));
}

/** The row's --seed-list, when it names seeds (any for a placeholder like <s>, or without one). */
function inSeedList(run: RunRecord, flags: string): boolean {
  const seeds = /--seed-list (\S+)/.exec(flags)?.[1];
  if (seeds === undefined || seeds.startsWith('<')) return true;
  return seeds.split(',').map(Number).includes(Number(run.seed));
}

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

  it('holds every run that docs/reproductions.md reports, with the figures the table quotes', async () => {
    const board = JSON.parse(fs.readFileSync(papers, 'utf8')) as { entries: Entry[] };
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'reproductions.md'), 'utf8');
    // Table rows that report a k/n ("3/3", "0/1 (1 lost)", "1/3 (2 comprehension)") come from a suite command in the same row.
    const reported = doc.split('\n').filter((line) => line.startsWith('|') && /\|\s*\d+\/\d+(?: \((?:\d+ [a-z-]+(?:, )?)+\))?\s*\|/.test(line));
    expect(reported.length).toBeGreaterThanOrEqual(7);
    for (const row of reported) {
      const cells = row.split('|').map((c) => c.trim());
      const command = /grokbench suite --tasks (\S+) --preset (\S+)(?: --methods (\S+))?(.*?)`/.exec(row);
      expect(command, row).not.toBeNull();
      const [, task, preset, methods = 'adamw', flags] = command!;
      for (const method of methods.split(',')) {
        const definition = await findTask(task);
        const presetSteps = definition.configSchema.parse(definition.presets[preset].config).steps;
        const runs = board.entries
          .filter((e) => e.task === task && e.preset === preset && e.method === method && variantMatches(e.variant, flags))
          .flatMap((e) => e.runs)
          .filter((run) => withinBudget(run, flags, presetSteps) && inSeedList(run, flags));
        expect(runs.length, row).toBeGreaterThan(0);
        const summary = summarizeEntry(runs);
        expect(cells[5], row).toBe(grokkedWithPhases({ runs }));
        expect(cells[6], row).toBe(formatted(summary.tFit.median));
        const quoted = /^\*\*([\d,]+)(?: \[([\d,]+)–([\d,]+)\])?\*\*/.exec(cells[4]);
        if (quoted) {
          expect(quoted[1], row).toBe(formatted(summary.tGrok.median));
          if (quoted[2]) expect([quoted[2], quoted[3]], row).toEqual([formatted(summary.tGrok.q1), formatted(summary.tGrok.q3)]);
        } else {
          const never = /^\*\*never within ([\d,]+) steps\*\*/.exec(cells[4]);
          expect(never, row).not.toBeNull();
          expect(summary.tGrok.count, row).toBe(0);
          expect(runs.map((r) => formatted(r.stepsRun)), row).toEqual(runs.map(() => never![1]));
        }
      }
    }
  });
});
