import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { grokbench, tempDir } from './cli-helpers.js';

const CHANCE = 0.0103;
const FIXTURES = path.resolve(import.meta.dirname, 'fixtures/outside-curves');

/** A CSV with grokbench's default columns: train fits by step 1,000 (evaluations every 1,000). */
function csvOf(dir: string, name: string, heldout: readonly number[]): string {
  const rows = heldout.map((score, i) => `${i * 1000},${i === 0 ? 0.5 : 1},${score}`);
  const file = path.join(dir, `${name}.csv`);
  fs.writeFileSync(file, ['step,train,heldout', ...rows].join('\n'));
  return file;
}

interface AnalysisFile {
  schema: string;
  analyses: { source: string; metrics: { phase: string; phaseReason: string; primary: { riseAfterFit: number; heldoutAtFit: number } } }[];
}

describe('grokbench analyze', () => {
  it('tells grokking, gradual generalization, semi-grokking and a lost run apart on synthetic curves', () => {
    const dir = tempDir('grokbench-analyze-');
    const files = {
      grokking: csvOf(dir, 'jump', [0.01, 0.01, 0.02, 0.01, 0.02, 0.01, 0.02, 0.3, 0.97, 0.99, 1, 1]),
      // Already 0.8 when training fits at ≈ 1,000, 0.95 at ≈ 3,000.
      gradual: csvOf(dir, 'slow', [0.3, 0.8, 0.86, 0.95, 0.96, 0.97, 0.97]),
      'semi-grokking': csvOf(dir, 'plateau', [0.01, 0.01, 0.01, 0.02, 0.3, 0.58, 0.6, 0.61, 0.6, 0.6, 0.6, 0.6]),
      lost: csvOf(dir, 'collapse', [0.01, 0.01, 0.01, 0.02, 0.97, 0.99, 1, 0.5, 0.2, 0.1]),
    };
    const out = path.join(dir, 'analysis.json');
    const result = grokbench(['analyze', ...Object.values(files), '--chance', String(CHANCE), '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const [phase, file] of Object.entries(files)) expect(result.stdout).toContain(`${file}: ${phase} — `);
    const written = JSON.parse(fs.readFileSync(out, 'utf8')) as AnalysisFile;
    expect(written.schema).toBe('grokbench/analysis@1');
    expect(written.analyses.map((a) => a.metrics.phase)).toEqual(Object.keys(files));
    expect(written.analyses[1].metrics.primary.heldoutAtFit).toBeCloseTo(0.3 + 0.9 * 0.5, 9);
  });

  it("reads a CSV another framework wrote: PyTorch Lightning's CSVLogger layout, train and validation rows apart", () => {
    const file = path.join(FIXTURES, 'lightning-metrics.csv');
    const args = ['analyze', file, '--chance', String(CHANCE), '--train-column', 'train_acc', '--heldout-column', 'val_acc', '--heldout-loss-column', 'val_loss'];
    const result = grokbench(args);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/lightning-metrics\.csv: grokking — /);
    // The validation loss is the companion: it falls after training fit, so the verdict stands.
    expect(result.stdout).toMatch(/companion heldoutLoss: 90 % of its improvement at step [\d,]+ \(after fitting: agrees\)/);
  });

  it('gives a recorded run the metrics its run.json holds, and re-labels a results file from the curves', () => {
    const dir = tempDir('grokbench-relabel-');
    const results = path.join(dir, 'leaderboard.json');
    const suite = grokbench(['suite', '--tasks', 'modular-add', '--set', 'data.p=23', '--steps', '300', '--seeds', '1', '--threads', '1', '--out', results]);
    expect(suite.status).toBe(0);
    const runsDir = path.join(dir, 'runs');
    const [runId] = fs.readdirSync(runsDir);
    const record = JSON.parse(fs.readFileSync(path.join(runsDir, runId, 'run.json'), 'utf8'));
    const out = path.join(dir, 'analysis.json');
    expect(grokbench(['analyze', path.join(runsDir, runId), '--out', out]).status).toBe(0);
    const [analysis] = (JSON.parse(fs.readFileSync(out, 'utf8')) as AnalysisFile).analyses;
    expect(analysis.metrics).toEqual(record.metrics);

    const relabel = grokbench(['analyze', '--relabel', results]);
    expect(relabel.stderr).toBe('');
    expect(relabel.stdout).toContain('1 runs re-labelled');
    const relabelled = JSON.parse(fs.readFileSync(results, 'utf8')).entries[0].runs[0];
    expect(relabelled.metrics.relabelled.grokbenchVersion).toMatch(/\d/);
    expect({ ...relabelled.metrics, relabelled: undefined }).toEqual({ ...record.metrics, relabelled: undefined });

    // A record from before circuit timing gets it back from its curve when asked which series to time.
    expect(record.metrics.circuit.series).toBe('circuitShare');
    const leaderboard = JSON.parse(fs.readFileSync(results, 'utf8'));
    delete leaderboard.entries[0].runs[0].metrics.circuit;
    fs.writeFileSync(results, JSON.stringify(leaderboard));
    expect(grokbench(['analyze', '--relabel', results]).status).toBe(0);
    expect(JSON.parse(fs.readFileSync(results, 'utf8')).entries[0].runs[0].metrics.circuit).toBeUndefined();
    expect(grokbench(['analyze', '--relabel', results, '--circuit-series', 'circuitShare']).status).toBe(0);
    expect(JSON.parse(fs.readFileSync(results, 'utf8')).entries[0].runs[0].metrics.circuit).toEqual(record.metrics.circuit);

    // A curve that is not the one the record was measured from is refused, and nothing is written.
    const curveFile = path.join(runsDir, runId, 'curve.jsonl');
    const lines = fs.readFileSync(curveFile, 'utf8').trim().split('\n');
    fs.writeFileSync(curveFile, `${lines.slice(0, -1).join('\n')}\n`);
    const before = fs.readFileSync(results, 'utf8');
    const refused = grokbench(['analyze', '--relabel', results]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^grokbench: .*curve\.jsonl: not the curve run .* recorded/);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.readFileSync(results, 'utf8')).toBe(before);
    fs.rmSync(path.join(runsDir, runId), { recursive: true });
    expect(grokbench(['analyze', '--relabel', results]).stderr).toMatch(/1 of 1 runs have no curve .* --keep-missing/);
    expect(grokbench(['analyze', '--relabel', results, '--keep-missing']).stdout).toMatch(/1 kept as recorded \(no curve\)/);
  });

  it.each([
    [['analyze'], /name curves to analyse/],
    [['analyze', 'PCT.csv', '--chance', '0.01'], /heldout = 95 is not a score in \[0, 1\] \(a percentage\? divide by 100\)/],
    [['analyze', 'OK.csv'], /OK\.csv: give --chance/],
    [['analyze', 'PCT.csv', '--chance', '2'], /--chance takes a number from 0 to 1, got "2"/],
    [['analyze', 'nowhere.csv', '--chance', '0.01'], /nowhere\.csv: no such file or folder/],
    [['analyze', 'PCT.csv', '--chance', '0.01', '--heldout-column', 'val'], /no "val" column \(columns: step, train, heldout\)/],
    [['analyze', 'WORDS.csv', '--chance', '0.01'], /WORDS\.csv: row 3, column "heldout" is not a number: "n\/a"/],
  ])('refuses %j with one line and exit code 2', (args, message) => {
    const dir = tempDir('grokbench-analyze-bad-');
    fs.writeFileSync(path.join(dir, 'PCT.csv'), 'step,train,heldout\n0,0.5,0.01\n100,1,95\n');
    fs.writeFileSync(path.join(dir, 'OK.csv'), 'step,train,heldout\n0,0.5,0.01\n100,1,0.02\n');
    fs.writeFileSync(path.join(dir, 'WORDS.csv'), 'step,train,heldout\n0,0.5,0.01\n100,1,n/a\n');
    const result = grokbench(args, dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
