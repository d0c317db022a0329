import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { grokbench, tempDir } from './cli-helpers.js';
import { runSmallSuite } from './report-suite.js';

/** The curves chart of the small suite's entry: task/preset/method and the variant its overrides make. */
const CURVES = 'curves-modular-add-quick-adamw-data.p-23-data.trainfraction-0.9';

/** A failed command: exit 2 and one line on stderr, no stack trace. */
function expectOneLineError(result: ReturnType<typeof grokbench>, pattern: RegExp) {
  expect(result.status).toBe(2);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
}

describe('grokbench report and plot', () => {
  let leaderboard: string;
  beforeAll(() => {
    leaderboard = runSmallSuite('grokbench-report-', ['--seeds', '2']);
  });

  it('writes one offline HTML file, prints its path, and fetches nothing from the network', () => {
    const out = path.join(path.dirname(leaderboard), 'report.html');
    const result = grokbench(['report', '--leaderboard', leaderboard, '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`report written to ${out}`);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)="(https?:)?\/\//i);
    // The small suite overrides the preset, so its entry's variant names the overrides, and so does the chart.
    expect(html).toContain(`id="chart-${CURVES}"`);
    expect(html).toContain('id="chart-cross-paradigm"');
    expect(html).not.toContain('no curve file');
  });

  it('says which curves are missing and still shows the table', () => {
    const runsDir = path.join(path.dirname(leaderboard), 'runs');
    const [gone] = fs.readdirSync(runsDir).sort();
    const elsewhere = path.join(tempDir('grokbench-report-runs-'), 'runs');
    fs.cpSync(runsDir, elsewhere, { recursive: true });
    fs.rmSync(path.join(elsewhere, gone, 'curve.jsonl'));
    const out = path.join(path.dirname(elsewhere), 'report.html');
    const result = grokbench(['report', '--leaderboard', leaderboard, '--runs-dir', elsewhere, '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('1 run without a curve file');
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toContain('1 of 2 runs has no curve file');
    expect(html).toContain(`<code>${gone}</code>`);
    expect(html).toContain('<td>modular-add</td>');
  });

  it('plot writes one SVG per chart, named for what it shows', () => {
    const dir = path.join(tempDir('grokbench-plot-'), 'plots');
    const result = grokbench(['plot', '--leaderboard', leaderboard, '--out', dir]);
    expect(result.status).toBe(0);
    // The runs record a circuit series, so the progress-measures figure is drawn as well.
    expect(fs.readdirSync(dir).sort()).toEqual(['cross-paradigm.svg', `${CURVES}.svg`, 'progress-measures.svg', 'throughput.svg']);
    expect(fs.readFileSync(path.join(dir, `${CURVES}.svg`), 'utf8')).toContain('tFit');
  });

  it('rejects an unwritable --out in one line, leaving nothing partial and the previous report whole', () => {
    const dir = tempDir('grokbench-report-out-');
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, 'a file where a folder should be');
    expectOneLineError(grokbench(['report', '--leaderboard', leaderboard, '--out', path.join(blocker, 'report.html')]), /not-a-folder\/report\.html: cannot write it/);
    const previous = path.join(dir, 'report.html');
    fs.mkdirSync(previous);
    expectOneLineError(grokbench(['report', '--leaderboard', leaderboard, '--out', previous]), /report\.html: cannot write it/);
    expect(fs.readdirSync(dir).sort()).toEqual(['not-a-folder', 'report.html']);
    expect(fs.readdirSync(previous)).toEqual([]);
    expectOneLineError(grokbench(['plot', '--leaderboard', leaderboard, '--out', blocker]), /cannot write it/);
  });

  it('rejects a malformed or schema-invalid leaderboard in one line, exit 2, without touching --out', () => {
    const dir = tempDir('grokbench-report-bad-');
    const out = path.join(dir, 'report.html');
    fs.writeFileSync(out, 'the previous report');
    const truncated = path.join(dir, 'truncated.json');
    fs.writeFileSync(truncated, fs.readFileSync(leaderboard, 'utf8').slice(0, 500));
    expectOneLineError(grokbench(['report', '--leaderboard', truncated, '--out', out]), /truncated\.json is not valid JSON/);
    const invalid = path.join(dir, 'invalid.json');
    const data = JSON.parse(fs.readFileSync(leaderboard, 'utf8'));
    data.entries[0].paradigm = 'astrology';
    fs.writeFileSync(invalid, JSON.stringify(data));
    expectOneLineError(grokbench(['report', '--leaderboard', invalid, '--out', out]), /invalid\.json: \/entries\/0\/paradigm must be one of/);
    expectOneLineError(grokbench(['plot', '--leaderboard', path.join(dir, 'absent.json')]), /absent\.json: no such file/);
    expect(fs.readFileSync(out, 'utf8')).toBe('the previous report');
    expect(fs.readdirSync(dir).sort()).toEqual(['invalid.json', 'report.html', 'truncated.json']);
  });
});
