import { PHASES, type Leaderboard, type LeaderboardEntry, type RunRecord } from '@grokbench/harness';
import { describe, expect, it } from 'vitest';
import type { CurveSample } from '../load/curve-file.js';
import { renderSvg } from '../output/render-svg.js';
import { grokkingCurve, referenceEntry, referenceLeaderboard, withRun } from '../test-leaderboard.js';
import { crossParadigmChart, normalizedCurve, NORMALIZED_POINTS_PER_RUN } from './cross-paradigm-chart.js';
import { PHASE_COLORS } from './phase-colors.js';

const curve = (points: [number, number][]): CurveSample[] => points.map(([step, heldout]) => ({ step, series: { train: 1, heldout } }));

/** A run with the figures the normalization reads set by hand: tFit, θ = 0.95 (as recorded), chance and phase. */
function run(base: RunRecord, runId: string, tFit: number | null, chance: number, phase = 'grokking'): RunRecord {
  const copy = withRun(base, { runId }, { tFit, theta: 0.95 });
  copy.metrics.chance = chance;
  (copy.metrics as { phase: string }).phase = phase;
  copy.metrics.final.heldout = 0.99;
  return copy;
}

interface Panel {
  title: { text: string };
  layer: { data: { name?: string; values?: Record<string, number | string>[] }; mark: { type: string }; encoding: Record<string, { scale?: { domain: number[] } }> }[];
}
interface Spec {
  datasets: { runs: { r: number; paradigm: string; entry: string; seed: number; phase: string }[]; points: { r: number; x: number; y: number }[] };
  vconcat: [{ concat: Panel[] }, { data: { values: { text: string }[] } }?];
}

/**
 * Three paradigms, one entry each: a supervised run with a hand-checked curve, a reinforcement run
 * that reached θ and ended below it (recorded "grokking" by an older harness) and one without a
 * curve, an unsupervised run that never fit and one that fit at step 0.
 */
function syntheticLeaderboard() {
  const reference = referenceLeaderboard();
  const base = referenceEntry('modular-add').runs[0];
  const entry = (task: string, paradigm: string, runs: RunRecord[]): LeaderboardEntry => ({ ...referenceEntry('modular-add'), task, paradigm, variant: '', runs: runs.map((r) => ({ ...r, task, paradigm })) } as LeaderboardEntry);
  const hand = run(base, 'hand', 100, 0.2);
  const lost = run(base, 'lost', 1000, 0.05);
  lost.metrics.final.heldout = 0.6;
  const noCurve = { ...run(base, 'no-curve', 500, 0.05), seed: 7 };
  const neverFit = { ...run(base, 'never-fit', null, 0.1, 'confusion'), seed: 3 };
  const fitAtZero = { ...run(base, 'fit-at-zero', 0, 0.1, 'comprehension'), seed: 4 };
  const leaderboard: Leaderboard = {
    ...reference,
    entries: [entry('sup', 'supervised', [hand]), entry('rl', 'reinforcement', [lost, noCurve]), entry('vae', 'unsupervised', [neverFit, fitAtZero])],
  };
  const curves = new Map<string, CurveSample[]>([
    // θ − chance = 0.75: y = (h − 0.2) / 0.75. Step 5 is before 0.1 × tFit = 10 and left out.
    ['hand', curve([[5, 0.2], [10, 0.2], [50, 0.2], [100, 0.35], [200, 0.95], [400, 0.8]])],
    ['lost', grokkingCurve(1000, 3000, 20_000).map((s) => ({ step: s.step, series: { heldout: s.series.heldout } }))],
    ['never-fit', curve([[10, 0.1], [20, 0.1]])],
    ['fit-at-zero', curve([[10, 0.9], [20, 0.99]])],
  ]);
  return { leaderboard, curves };
}

describe('normalizedCurve', () => {
  it('maps steps to step / tFit and the held-out score to (h − chance) / (θ − chance), from 0.1 × tFit on', () => {
    const { leaderboard, curves } = syntheticLeaderboard();
    const hand = leaderboard.entries[0].runs[0];
    // Hand-computed: x = step / 100; y = (h − 0.2) / 0.75.
    expect(normalizedCurve(hand, curves.get('hand'))).toEqual([
      { x: 0.1, y: 0 },
      { x: 0.5, y: 0 },
      { x: 1, y: 0.2 },
      { x: 2, y: 1 },
      { x: 4, y: 0.8 },
    ]);
  });

  it('says why a run has no place on the axes', () => {
    const { leaderboard, curves } = syntheticLeaderboard();
    const [lost, noCurve] = leaderboard.entries[1].runs;
    const [neverFit, fitAtZero] = leaderboard.entries[2].runs;
    expect(normalizedCurve(neverFit, curves.get('never-fit'))).toBe('training never reached θ (no tFit)');
    expect(normalizedCurve(fitAtZero, curves.get('fit-at-zero'))).toMatch(/tFit = 0/);
    expect(normalizedCurve(noCurve, undefined)).toBe('no curve file');
    expect(normalizedCurve(withRun(lost, {}, { theta: 0.04 }), curves.get('lost'))).toBe('θ is not above chance');
  });

  it('keeps a long curve to NORMALIZED_POINTS_PER_RUN points, first and last included', () => {
    const base = referenceEntry('modular-add').runs[0];
    const long = grokkingCurve(2_000, 40_000, 100_000);
    const points = normalizedCurve(run(base, 'long', 2_000, 0.01), long) as { x: number }[];
    expect(points.length).toBeLessThanOrEqual(NORMALIZED_POINTS_PER_RUN);
    expect(points[0].x).toBe(0.1);
    expect(points.at(-1)!.x).toBe(50);
  });
});

describe('crossParadigmChart', () => {
  it('draws one panel per paradigm on shared axes, with rules at fit, 2 × fit, chance and θ', async () => {
    const { leaderboard, curves } = syntheticLeaderboard();
    const chart = crossParadigmChart(leaderboard, curves)!;
    const spec = chart.spec as unknown as Spec;
    const panels = spec.vconcat[0].concat;
    expect(panels.map((p) => p.title.text)).toEqual(['supervised', 'reinforcement', 'unsupervised']);
    // The same x and y domains in every panel: curves of different tasks compare by eye.
    const domains = panels.map((p) => JSON.stringify([p.layer.at(-1)!.encoding.x.scale!.domain, p.layer.at(-1)!.encoding.y.scale!.domain]));
    expect(new Set(domains).size).toBe(1);
    expect(panels[0].layer.at(-1)!.encoding.x.scale!.domain).toEqual([0.1, 100]);
    const rules = panels[0].layer.filter((l) => l.mark.type === 'rule').flatMap((l) => l.data.values!);
    expect(rules).toEqual(expect.arrayContaining([expect.objectContaining({ x: 1 }), expect.objectContaining({ x: 2 }), expect.objectContaining({ y: 0 }), expect.objectContaining({ y: 1 })]));
    const svg = await renderSvg(chart);
    for (const text of ['supervised', 'reinforcement', 'unsupervised', 'step / tFit (log scale)', 'chance', 'θ', '2× fit']) expect(svg).toContain(text);
  });

  it('colours each run by its phase, a run that reached θ and ended below it as lost, whatever its record says', () => {
    const { leaderboard, curves } = syntheticLeaderboard();
    const spec = crossParadigmChart(leaderboard, curves)!.spec as unknown as Spec;
    expect(spec.datasets.runs.map((r) => [r.paradigm, r.phase])).toEqual([
      ['supervised', 'grokking'],
      ['reinforcement', 'lost'],
    ]);
    const color = (spec.vconcat[0].concat[0].layer.at(-1)!.encoding as unknown as { color: { scale: { domain: string[]; range: string[] } } }).color.scale;
    expect(color.domain).toEqual([...PHASES]);
    expect(color.range[color.domain.indexOf('lost')]).toBe(PHASE_COLORS.lost);
    // Only the points of drawn runs, each joined to its run.
    const drawn = new Set(spec.datasets.runs.map((r) => r.r));
    expect(spec.datasets.points.every((p) => drawn.has(p.r))).toBe(true);
  });

  it('names every run it cannot normalize under the panels, and drops none silently', async () => {
    const { leaderboard, curves } = syntheticLeaderboard();
    const chart = crossParadigmChart(leaderboard, curves)!;
    const spec = chart.spec as unknown as Spec;
    const note = spec.vconcat[1]!.data.values.map((v) => v.text).join(' ');
    expect(note).toContain('training never reached θ (no tFit): vae/quick/adamw seed 3');
    expect(note).toContain('(tFit = 0): vae/quick/adamw seed 4');
    expect(note).toContain('no curve file: rl/quick/adamw seed 7');
    const total = leaderboard.entries.reduce((n, e) => n + e.runs.length, 0);
    expect(spec.datasets.runs.length + (note.match(/ seed /g) ?? []).length).toBe(total);
    const svg = await renderSvg(chart);
    expect(svg).toContain('no curve file');
    expect(svg).toContain('1 of 2 runs drawn, the rest named below');
  });

  it('draws every run of the reference leaderboard that fit, each paradigm it holds, and is left out without runs', () => {
    const leaderboard = referenceLeaderboard();
    const curves = new Map(leaderboard.entries.flatMap((e) => e.runs).map((r) => [r.runId, grokkingCurve(Math.max(r.metrics.primary.tFit ?? 100, 1), 3 * (r.metrics.primary.tFit ?? 100), r.stepsRun)]));
    const spec = crossParadigmChart(leaderboard, curves)!.spec as unknown as Spec;
    const withFit = leaderboard.entries.flatMap((e) => e.runs).filter((r) => (r.metrics.primary.tFit ?? 0) > 0);
    expect(spec.datasets.runs).toHaveLength(withFit.length);
    expect(new Set(spec.vconcat[0].concat.map((p) => p.title.text))).toEqual(new Set(leaderboard.entries.map((e) => e.paradigm)));
    expect(crossParadigmChart({ ...leaderboard, entries: [] }, curves)).toBeNull();
  });
});

describe('PHASE_COLORS', () => {
  it('gives every phase the harness knows a colour of its own', () => {
    const colors = PHASES.map((phase) => PHASE_COLORS[phase]);
    expect(colors.every((c) => /^#[0-9a-f]{6}$/.test(c))).toBe(true);
    expect(new Set(colors).size).toBe(PHASES.length);
  });
});
