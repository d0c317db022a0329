import { describe, expect, it } from 'vitest';
import type { CurveSample } from '../load/curve-file.js';
import { renderSvg } from '../output/render-svg.js';
import { grokkingCurve, referenceEntry, withRun } from '../test-leaderboard.js';
import { curvesChart } from './curves-chart.js';

const entry = referenceEntry('modular-add');
const curvesOf = (extra: Record<string, (step: number) => number> = {}) =>
  new Map<string, CurveSample[]>(entry.runs.map((run) => [run.runId, grokkingCurve(run.metrics.primary.tFit!, run.metrics.primary.tGrok!, run.stepsRun, 50, extra)]));

interface Panel {
  layer?: { encoding?: { y?: { title?: string } } }[];
  encoding?: { y?: { title?: string } };
}

describe('curvesChart', () => {
  it('draws every seed with a score panel, weight norm, loss and a panel per extra series named in the data', async () => {
    const chart = curvesChart(entry, curvesOf({ actionAccuracy: (s) => Math.min(1, s / 1000) }))!;
    const panels = (chart.spec as { vconcat: Panel[] }).vconcat;
    expect(panels.map((p) => p.encoding?.y?.title ?? p.layer?.[0].encoding?.y?.title)).toEqual(['score', 'weight norm', 'loss', 'action accuracy']);
    const svg = await renderSvg(chart);
    for (const text of ['modular-add/quick/adamw', 'tFit', 'tGrok', 'chance', 'held-out', 'action accuracy', 'weight norm', 'loss (log scale)']) expect(svg).toContain(text);
  });

  it('draws a loss that turns negative on a symlog scale, every point kept, and says so', async () => {
    // A VAE's −ELBO can fall below 0: a log scale would drop those points.
    const negative = new Map([...curvesOf()].map(([id, samples]) => [id, samples.map((s) => ({ ...s, series: { ...s.series, trainLoss: 200 - s.step / 2 } }))]));
    const chart = curvesChart(entry, negative)!;
    const loss = (chart.spec as { vconcat: { title?: { text: string }; transform: { filter?: string }[]; encoding: { y: { scale: { type?: string } } } }[] }).vconcat[2];
    expect(loss.title?.text).toBe('loss (symlog scale)');
    expect(loss.encoding.y.scale.type).toBe('symlog');
    expect(loss.transform.filter((t) => t.filter !== undefined)).toEqual([]);
    expect(await renderSvg(chart)).toContain('loss (symlog scale)');
  });

  it('titles a companion panel with its readable name and the description the run records', () => {
    const described = {
      ...entry,
      runs: entry.runs.map((run) => ({ ...run, metrics: { ...run.metrics, companions: { heldoutLogProb: { description: 'held-out mean log p(c | z), nats' } } } })),
    } as unknown as typeof entry;
    const chart = curvesChart(described, curvesOf({ heldoutLogProb: (s) => -1 / s }))!;
    const panel = (chart.spec as { vconcat: { title?: { text: string; subtitle?: string[] } }[] }).vconcat[3];
    expect(panel.title).toMatchObject({ text: 'held-out log prob', subtitle: ['held-out mean log p(c | z), nats'] });
  });

  it('marks onsets only for the seeds whose curve it draws, and says which are missing', () => {
    const [first] = entry.runs;
    const chart = curvesChart(entry, new Map([[first.runId, grokkingCurve(150, 950, 1350)]]))!;
    const spec = chart.spec as unknown as { datasets: { markers: { seed: number }[] }; title: { subtitle: string[] } };
    expect(new Set(spec.datasets.markers.map((m) => m.seed))).toEqual(new Set([first.seed]));
    expect(spec.title.subtitle[0]).toContain(`no curve for seed ${entry.runs.slice(1).map((r) => r.seed).join(', ')}`);
  });

  it('names a diverged seed in its subtitle', () => {
    const diverged = { ...entry, runs: [withRun(entry.runs[0], { stoppedBy: 'diverged' }, { tGrok: null }), ...entry.runs.slice(1)] };
    const spec = curvesChart(diverged, curvesOf())!.spec as unknown as { title: { subtitle: string[] } };
    expect(spec.title.subtitle[0]).toContain(`diverged: seed ${entry.runs[0].seed}`);
  });

  it('names a seed that reached θ and ended below it as lost, and does not count it as grokked', () => {
    const n = entry.runs.length;
    const collapsed = structuredClone(entry.runs[1]);
    collapsed.metrics.final.heldout = 0.5;
    const spec = curvesChart({ ...entry, runs: [entry.runs[0], collapsed, ...entry.runs.slice(2)] }, curvesOf())!.spec as unknown as { title: { subtitle: string[] } };
    expect(spec.title.subtitle[0]).toContain(`grokked ${n - 1}/${n} · lost: seed ${collapsed.seed}`);
  });

  it('marks where each seed’s circuit series was half and 90 % formed, and says so', async () => {
    const timed = {
      ...entry,
      runs: entry.runs.map((run, i) => ({ ...run, metrics: { ...run.metrics, circuit: { series: 'ipr', first: 0.1, final: 0.7, formedAt: 300 + i, cleanupEndsAt: i === 0 ? null : 600, leadSteps: 100, reason: null } } })),
    } as unknown as typeof entry;
    const chart = curvesChart(timed, curvesOf({ ipr: (s) => Math.min(0.7, 0.1 + s / 1000) }))!;
    const spec = chart.spec as unknown as { datasets: { circuitMarkers: { seed: number; mark: string; step: number }[] }; title: { subtitle: string[] } };
    expect(spec.datasets.circuitMarkers.filter((m) => m.mark === 'circuit ½').map((m) => m.step)).toEqual(entry.runs.map((_, i) => 300 + i));
    expect(spec.datasets.circuitMarkers.filter((m) => m.mark === 'circuit 90 %')).toHaveLength(entry.runs.length - 1);
    expect(spec.title.subtitle[2]).toContain('circuit series was half and 90 % formed');
    expect(await renderSvg(chart)).toContain('circuit ½');
  });

  it('draws companion losses with the train loss in one log-scale panel, as Nanda et al. do', async () => {
    const chart = curvesChart(entry, curvesOf({ restrictedLoss: (s) => 4 / s, excludedLoss: (s) => 0.01 + s / 1000, circuitShare: (s) => Math.min(1, s / 2000) }))!;
    const panels = (chart.spec as { vconcat: { title?: { text: string }; transform?: { fold?: string[] }[] }[] }).vconcat;
    const titles = panels.map((p) => p.title?.text);
    expect(titles).toEqual([undefined, 'weight norm', 'loss (log scale)', 'restricted loss, excluded loss (log scale)', 'circuit share']);
    expect(panels[3].transform?.[0].fold).toEqual(['trainLoss', 'restrictedLoss', 'excludedLoss']);
    expect(await renderSvg(chart)).toContain('restricted loss');
  });

  it('is left out when no run of the entry has a curve', () => {
    expect(curvesChart(entry, new Map())).toBeNull();
  });
});
