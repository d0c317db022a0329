import { describe, expect, it } from 'vitest';
import { referenceLeaderboard, withRun } from '../test-leaderboard.js';
import { environmentTable } from './environment-table.js';

const rows = (html: string) => (html.match(/<tr>.*?<\/tr>/g) ?? []).map((row) => [...row.matchAll(/<t[dh]>(.*?)<\/t[dh]>/g)].map((m) => m[1]));

describe('environmentTable', () => {
  it('has one row per distinct environment, with how many runs ran there', () => {
    // Without the fields newer records add (the next test covers those).
    const runs = referenceLeaderboard()
      .entries.flatMap((e) => e.runs)
      .map(({ variant: _v, grokbenchVersion: _g, gitCommit: _c, gitDirty: _d, gitDiffHash: _h, ...run }) => ({
        ...run,
        environment: { cpuModel: run.environment.cpuModel, cores: run.environment.cores, node: run.environment.node, os: run.environment.os },
      }));
    const [head, ...body] = rows(environmentTable(runs));
    expect(head).toEqual(['cpuModel', 'cores', 'node', 'os', 'engine name', 'engine backend', 'engine device', 'engine threads', 'runs']);
    const counts = new Map<string, number>();
    for (const r of runs) {
      const key = JSON.stringify([r.environment.cpuModel, String(r.environment.cores), r.environment.node, r.environment.os, r.engine.name, r.engine.backend, r.engine.device, String(r.engine.threads)]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const expected = [...counts].map(([key, n]) => [...(JSON.parse(key) as string[]), String(n)]);
    expect(new Set(body.map((row) => JSON.stringify(row)))).toEqual(new Set(expected.map((row) => JSON.stringify(row))));
    expect(body).toHaveLength(counts.size);
  });

  it('shows what newer runs record besides: a GPU model, the grokbench version, the git commit', () => {
    // An older record, without the fields, and a newer one with them.
    const { gitCommit: _commit, grokbenchVersion: _version, ...run } = referenceLeaderboard().entries[0].runs[0];
    const newer = withRun(run, { environment: { ...run.environment, gpu: { model: 'NVIDIA H100' } }, grokbenchVersion: '0.2.0', gitCommit: 'abc1234' });
    const [head, oldRow, newRow] = rows(environmentTable([run, newer]));
    expect(head).toEqual(expect.arrayContaining(['gpu.model', 'grokbenchVersion', 'gitCommit']));
    const cell = (row: string[], name: string) => row[head.indexOf(name)];
    expect([cell(newRow, 'gpu.model'), cell(newRow, 'grokbenchVersion'), cell(newRow, 'gitCommit')]).toEqual(['NVIDIA H100', '0.2.0', 'abc1234']);
    expect(cell(oldRow, 'gitCommit')).toBe('');
  });
});
