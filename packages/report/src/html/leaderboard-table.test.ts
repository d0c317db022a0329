import { formatNumber, PHASES, summarize, type RunRecord } from '@grokbench/harness';
import { describe, expect, it } from 'vitest';
import { PHASE_COLORS } from '../charts/phase-colors.js';
import { referenceEntry, referenceLeaderboard, withRun } from '../test-leaderboard.js';
import { companionDisagreementsNote } from './companion-flags.js';
import { leaderboardTable } from './leaderboard-table.js';

const rows = (html: string): string[] => html.match(/<tr>.*?<\/tr>/g) ?? [];
/** Each cell's text as a reader sees it: markup (swatches, flags) removed. */
const cells = (row: string) => [...row.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/g)].map((m) => m[1].replace(/<[^>]*>/g, ''));
/** Each cell's markup and title attribute. */
const rawCells = (row: string) => [...row.matchAll(/<t[dh]([^>]*)>(.*?)<\/t[dh]>/g)].map((m) => ({ title: /title="([^"]*)"/.exec(m[1])?.[1] ?? null, html: m[2] }));
const unescape = (text: string) => text.replace(/&#10;/g, '\n').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function column(html: string, name: string) {
  const [head, ...body] = rows(html);
  const i = cells(head).indexOf(name);
  return body.map((row) => ({ text: cells(row)[i], ...rawCells(row)[i] }));
}

/** A copy of the run with new-definition metrics fields set. */
function withMetrics(run: RunRecord, metrics: Record<string, unknown>, primary: Record<string, unknown> = {}): RunRecord {
  const copy = withRun(run, {}, primary);
  Object.assign(copy.metrics, metrics);
  return copy;
}

describe('leaderboardTable', () => {
  it('has one row per entry, with the figures of the summary', () => {
    const { entries } = referenceLeaderboard();
    const [head, ...body] = rows(leaderboardTable(entries));
    expect(body).toHaveLength(entries.length);
    // An entry with a label (a thread count, say) adds its column after `method`.
    expect(cells(head).filter((h) => h !== 'variant')).toEqual(['task', 'paradigm', 'preset', 'method', 'device', 'grokked', 'tFit', 'tGrok [IQR]', 'delay ratio', 'F', 'held-out at fit', 'circuit lead', 'width 10–90', 'erf s', 'phase', 'wall s', 'steps/s']);
    const i = entries.findIndex((e) => e.task === 'modular-add' && e.preset === 'quick');
    const headers = cells(head);
    const add = cells(body[i]);
    const cell = (name: string) => add[headers.indexOf(name)];
    const { tGrok } = entries[i].summary;
    expect(add.slice(0, 4)).toEqual(['modular-add', 'supervised', 'quick', 'adamw']);
    // Every modular-add seed groks and keeps it: "n/n", no lost runs.
    expect([cell('device'), cell('grokked')]).toEqual(['cpu', `${entries[i].runs.length}/${entries[i].runs.length}`]);
    expect(cell('tGrok [IQR]')).toBe(`${formatNumber(tGrok.median)} [${formatNumber(tGrok.q1)}–${formatNumber(tGrok.q3)}]`);
    expect(cell('phase')).toBe(`grokking ×${entries[i].runs.length}`);
  });

  it('counts diverged runs apart and shows an extra label of an entry in a column of its own', () => {
    const entry = referenceEntry('modular-add');
    const n = entry.runs.length;
    const labelled = { ...entry, variant: 'wd-0.5', summary: { ...entry.summary, grokked: `${n - 1}/${n}` }, runs: [withRun(entry.runs[0], { stoppedBy: 'diverged' }, { tGrok: null }), ...entry.runs.slice(1)] };
    const [head, row] = rows(leaderboardTable([labelled]));
    expect(cells(head)).toContain('variant');
    expect(cells(row)).toContain('wd-0.5');
    expect(cells(row)).toContain(`${n - 1}/${n} (1 diverged)`);
  });

  it('counts a run that grokked and then ended below θ as lost, never as grokked, in the count and the phase', () => {
    const entry = referenceEntry('modular-add');
    const n = entry.runs.length;
    // An older record: phase "grokking", although its last evaluation is at chance.
    const collapsed = structuredClone(entry.runs[0]);
    collapsed.metrics.final.heldout = collapsed.metrics.chance;
    const html = leaderboardTable([{ ...entry, runs: [collapsed, ...entry.runs.slice(1)] }]);
    expect(column(html, 'grokked')[0].text).toBe(`${n - 1}/${n} (1 lost)`);
    expect(column(html, 'phase')[0].text).toBe(`grokking ×${n - 1}, lost ×1`);
    // The lost seed's tGrok is left out of the median: it is the other seeds' median.
    const others = summarize(entry.runs.slice(1).map((r) => r.metrics.primary.tGrok));
    expect(summarize(entry.runs.map((r) => r.metrics.primary.tGrok)).median).not.toBe(others.median);
    expect(column(html, 'tGrok [IQR]')[0].text).toBe(`${formatNumber(others.median)} [${formatNumber(others.q1)}–${formatNumber(others.q3)}]`);
    expect(unescape(column(html, 'phase')[0].title!)).toContain(`seed ${collapsed.seed}: lost — held-out reached θ 0.95`);
    expect(column(leaderboardTable([entry]), 'grokked')[0].text).toBe(`${n}/${n}`);
    // When every run that reached θ lost it, the cell says so instead of "never".
    const allLost = entry.runs.map((run) => {
      const copy = structuredClone(run);
      copy.metrics.final.heldout = copy.metrics.chance;
      return copy;
    });
    expect(column(leaderboardTable([{ ...entry, runs: allLost }]), 'tGrok [IQR]')[0].text).toBe(`none held θ (${n} reached it)`);
  });

  it('shows the median rise after fit F and held-out at fit, every seed in the tooltip, "—" for records without them', () => {
    const entry = referenceEntry('modular-add');
    const F = [0.98, 0.5, 0.99, 0.97, 1];
    const atFit = [0.03, 0.5, 0.02, 0.04, 0.01];
    const runs = entry.runs.map((run, i) => withMetrics(run, {}, { riseAfterFit: F[i % F.length], heldoutAtFit: atFit[i % atFit.length] }));
    const html = leaderboardTable([{ ...entry, runs }]);
    // Medians by hand: of the five seeds' figures.
    expect(column(html, 'F')[0]).toMatchObject({ text: '0.98' });
    expect(column(html, 'held-out at fit')[0]).toMatchObject({ text: '0.03' });
    expect(html).toContain('data-sort="0.98"');
    expect(unescape(column(html, 'F')[0].title!).split('\n')).toEqual(runs.map((run, i) => `seed ${run.seed}: ${F[i % F.length]}`));
    // A record labelled before the rise after fit was measured has neither figure.
    const olderRuns = entry.runs.map((run) => {
      const copy = structuredClone(run);
      delete (copy.metrics.primary as Partial<typeof copy.metrics.primary>).riseAfterFit;
      delete (copy.metrics.primary as Partial<typeof copy.metrics.primary>).heldoutAtFit;
      return copy;
    });
    const older = column(leaderboardTable([{ ...entry, runs: olderRuns }]), 'F')[0];
    expect(older.text).toBe('—');
    expect(older.title).toMatch(/not in these run records/);
  });

  it('names every phase with its chart colour and, as its tooltip, the reason for each seed', () => {
    const entry = referenceEntry('modular-add');
    const base = entry.runs[0];
    const runs = PHASES.map((phase, seed) =>
      withMetrics(withRun(base, { seed, ...(phase === 'diverged' ? { stoppedBy: 'diverged' } : {}) }), { phase, phaseReason: `because ${phase}` }, phase === 'lost' ? {} : { tGrok: null }),
    );
    // The lost run's figures agree with its phase: it reached θ and ended below it.
    runs[PHASES.indexOf('lost')].metrics.final.heldout = 0.5;
    const [phase] = column(leaderboardTable([{ ...entry, runs }]), 'phase');
    expect(phase.text).toBe(PHASES.map((p) => `${p} ×1`).join(', '));
    for (const p of PHASES) expect(phase.html).toContain(`<span class="swatch" style="background:${PHASE_COLORS[p]}"></span>${p} ×1`);
    expect(unescape(phase.title!).split('\n')).toEqual(PHASES.map((p, seed) => `seed ${seed}: ${p} — because ${p}`));
  });

  it('flags a run whose primary companion finished improving before training fit, with its note', () => {
    const entry = referenceEntry('modular-add');
    const note = 'heldoutLoss finished 90 % of its improvement at step 120, before training fit at 150';
    const flagged = withMetrics(entry.runs[1], { companionAgreement: { series: 'heldoutLoss', end90: 120, agrees: false, note } });
    const agreeing = withMetrics(entry.runs[2], { companionAgreement: { series: 'heldoutLoss', end90: 900, agrees: true, note: null } });
    const runs = [entry.runs[0], flagged, agreeing, ...entry.runs.slice(3)];
    const [phase] = column(leaderboardTable([{ ...entry, runs }]), 'phase');
    expect(phase.text).toContain(`⚠ companion disagrees: seed ${flagged.seed}`);
    expect(unescape(/<span class="flag" title="([^"]*)"/.exec(phase.html)![1])).toBe(`seed ${flagged.seed}: ${note}`);
    expect(companionDisagreementsNote([{ ...entry, runs }])).toContain(`modular-add/quick/adamw [threads=1] seed ${flagged.seed}: ${note}`);
    // Runs that agree, were not checked or predate the check: no flag, no note.
    expect(column(leaderboardTable([entry]), 'phase')[0].text).not.toContain('⚠');
    expect(companionDisagreementsNote([entry])).toBe('');
  });

  it('names a software WebGPU adapter as such in the device column, never as a GPU', () => {
    const entry = referenceLeaderboard().entries[0];
    const adapter = { vendor: 'mesa', architecture: 'software', description: 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)', backend: 'vulkan', software: true };
    const runs = entry.runs.map((run) => ({ ...run, engine: { ...run.engine, backend: 'webgpu', device: 'webgpu' as const, adapter } }));
    const [head, row] = rows(leaderboardTable([{ ...entry, runs }]));
    expect(cells(row)[cells(head).indexOf('device')]).toBe('webgpu (software: llvmpipe)');
  });

  it('gives number columns a sort key, empty for a figure that does not exist', () => {
    const entry = referenceLeaderboard().entries[0];
    const never = { ...entry, runs: entry.runs.map((run) => withRun(run, {}, { tGrok: null })) };
    expect(leaderboardTable([never])).toContain('<td data-sort="">never</td>');
    expect(leaderboardTable([entry])).toContain(`data-sort="${entry.summary.stepsPerSecond.median}"`);
  });
});
