import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Leaderboard } from '@grokbench/harness';
import { describe, expect, it } from 'vitest';
import { grokkingCurve, referenceLeaderboard, toJsonLines } from '../test-leaderboard.js';
import { writePlots, writeReport } from './write-report.js';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'grokbench-report-'));

/**
 * A leaderboard of `entryCount` entries × 3 real run records (the reference runs under new
 * presets), each with a 100,000-step curve evaluated every 50 steps: 2,000 lines a run.
 */
/** The reference leaderboard's supervised entries, in order: the fixtures below are built from them whatever other paradigms it holds. */
const supervisedEntries = () => referenceLeaderboard().entries.filter((e) => e.paradigm === 'supervised');

function largeLeaderboard(dir: string, entryCount: number): string {
  const reference = referenceLeaderboard();
  const sources = supervisedEntries();
  const entries = Array.from({ length: entryCount }, (_, i) => {
    // Without the reference runs' variant label (a thread count), so chart names are task-preset-method.
    const { variant: _variant, ...source } = sources[i % sources.length];
    const preset = `long-${i}`;
    return { ...source, preset, runs: source.runs.map(({ variant: _v, ...run }) => ({ ...run, preset, runId: `${run.task}.${preset}.${run.method}.s${run.seed}` })) };
  });
  for (const run of entries.flatMap((e) => e.runs)) {
    fs.mkdirSync(path.join(dir, 'runs', run.runId), { recursive: true });
    fs.writeFileSync(path.join(dir, 'runs', run.runId, 'curve.jsonl'), toJsonLines(grokkingCurve(2_000, 40_000, 100_000)));
  }
  const file = path.join(dir, 'leaderboard.json');
  fs.writeFileSync(file, JSON.stringify({ ...reference, entries } satisfies Leaderboard));
  return file;
}

describe('writeReport', () => {
  it('keeps a 100-run leaderboard of long curves well under 10 MB, every entry drawn', async () => {
    const dir = tempDir();
    const leaderboard = largeLeaderboard(dir, 34);
    const out = path.join(dir, 'report.html');
    const written = await writeReport({ leaderboard, out });
    expect(written.missingCurves).toBe(0);
    expect(fs.statSync(out).size).toBe(written.bytes);
    expect(written.bytes).toBeLessThan(5 * 1024 * 1024);
    expect(fs.readFileSync(out, 'utf8').match(/<figure class="chart" id="chart-curves-/g)).toHaveLength(34);
  });

  it('still shows the table when curves are missing, and names the runs without one', async () => {
    const dir = tempDir();
    const leaderboard = largeLeaderboard(dir, 2);
    const gone = supervisedEntries()[1].runs[2];
    const goneId = `${gone.task}.long-1.${gone.method}.s${gone.seed}`;
    fs.rmSync(path.join(dir, 'runs', goneId), { recursive: true });
    const out = path.join(dir, 'report.html');
    expect((await writeReport({ leaderboard, out })).missingCurves).toBe(1);
    const html = fs.readFileSync(out, 'utf8');
    const runs = supervisedEntries().slice(0, 2).reduce((n, e) => n + e.runs.length, 0);
    expect(html).toContain(`1 of ${runs} runs has no curve file`);
    expect(html).toContain(`<code>${goneId}</code>`);
    expect(html.match(/<tr>/g)!.length).toBeGreaterThan(2);
  });
});

describe('writePlots', () => {
  it('writes one standalone SVG per chart, named for what it shows', async () => {
    const dir = tempDir();
    const leaderboard = largeLeaderboard(dir, 2);
    const written = await writePlots({ leaderboard, outDir: path.join(dir, 'plots') });
    expect(fs.readdirSync(path.join(dir, 'plots')).sort()).toEqual([
      'cross-paradigm.svg',
      'curves-modular-add-long-0-adamw.svg',
      'curves-modular-div-long-1-adamw.svg',
      'throughput.svg',
    ]);
    for (const file of written.files) expect(fs.readFileSync(file, 'utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });
});
