import { describe, expect, it } from 'vitest';
import { referenceEntry, referenceLeaderboard, withRun } from '../test-leaderboard.js';
import { leaderboardTable } from './leaderboard-table.js';

const rows = (html: string): string[] => html.match(/<tr>.*?<\/tr>/g) ?? [];
const cells = (row: string) => [...row.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/g)].map((m) => m[1]);

describe('leaderboardTable', () => {
  it('has one row per entry, with the figures of the summary', () => {
    const { entries } = referenceLeaderboard();
    const [head, ...body] = rows(leaderboardTable(entries));
    expect(body).toHaveLength(entries.length);
    // An entry with a label (a thread count, say) adds its column after `method`.
    expect(cells(head).filter((h) => h !== 'variant')).toEqual(['task', 'paradigm', 'preset', 'method', 'device', 'grokked', 'tFit', 'tGrok [IQR]', 'delay ratio', 'width 10–90', 'erf s', 'phase', 'wall s', 'steps/s']);
    const i = entries.findIndex((e) => e.task === 'modular-add' && e.preset === 'quick');
    const headers = cells(head);
    const add = cells(body[i]);
    const cell = (name: string) => add[headers.indexOf(name)];
    const { tGrok } = entries[i].summary;
    expect(add.slice(0, 4)).toEqual(['modular-add', 'supervised', 'quick', 'adamw']);
    // Every modular-add seed groks and keeps it: "n/n", no lost runs.
    expect([cell('device'), cell('grokked')]).toEqual(['cpu', `${entries[i].runs.length}/${entries[i].runs.length}`]);
    expect(cell('tGrok [IQR]')).toBe(`${tGrok.median!.toLocaleString('en-US')} [${tGrok.q1!.toLocaleString('en-US')}–${tGrok.q3!.toLocaleString('en-US')}]`);
    expect(cell('phase')).toBe(`grokking ×${entries[i].runs.length}`);
  });

  it('counts diverged runs apart and shows an extra label of an entry in a column of its own', () => {
    const entry = referenceEntry('modular-add');
    const n = entry.runs.length;
    const labelled = { ...entry, variant: 'wd-0.5', summary: { ...entry.summary, grokked: `${n - 1}/${n}` }, runs: [withRun(entry.runs[0], { stoppedBy: 'diverged' }, { tGrok: null }), ...entry.runs.slice(1)] };
    const [head, row] = rows(leaderboardTable([labelled]));
    expect(cells(head)).toContain('variant');
    expect(cells(row)).toContain('wd-0.5');
    expect(cells(row)).toContain(`${n - 1}/${n} · 1 diverged`);
  });

  it('says how many runs grokked and then ended below θ', () => {
    const entry = referenceEntry('modular-add');
    const collapsed = structuredClone(entry.runs[0]);
    collapsed.metrics.final.heldout = collapsed.metrics.chance;
    const [, row] = rows(leaderboardTable([{ ...entry, runs: [collapsed, ...entry.runs.slice(1)] }]));
    expect(cells(row)).toContain(`${entry.summary.grokked} (1 lost)`);
    expect(cells(rows(leaderboardTable([entry]))[1])).toContain(entry.summary.grokked);
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
    const never = { ...entry, summary: { ...entry.summary, tGrok: { ...entry.summary.tGrok, median: null, q1: null, q3: null, iqr: null } } };
    expect(leaderboardTable([never])).toContain('<td data-sort="">never</td>');
    expect(leaderboardTable([entry])).toContain(`data-sort="${entry.summary.stepsPerSecond.median}"`);
  });
});
