import { describe, expect, it } from 'vitest';
import { referenceEntry, referenceLeaderboard, withRun } from '../test-leaderboard.js';
import { environmentTable } from './environment-table.js';

const rows = (html: string) => (html.match(/<tr>.*?<\/tr>/g) ?? []).map((row) => [...row.matchAll(/<t[dh]>(.*?)<\/t[dh]>/g)].map((m) => m[1]));

describe('environmentTable', () => {
  it('has one row per distinct environment, with how many runs ran there', () => {
    // The supervised quick runs, recorded together on one machine (later entries add runs from elsewhere).
    const runs = referenceLeaderboard().entries.filter((e) => e.paradigm === 'supervised').flatMap((e) => e.runs);
    const [head, ...body] = rows(environmentTable(runs));
    expect(head).toEqual(['cpuModel', 'cores', 'node', 'os', 'engine name', 'engine backend', 'engine device', 'engine threads', 'runs']);
    expect(body).toEqual([[runs[0].environment.cpuModel, '2', runs[0].environment.node, runs[0].environment.os, 'ort', 'cpu', 'cpu', '2', String(runs.length)]]);
  });

  it('shows what newer runs record besides: a GPU model, the grokbench version, the git commit', () => {
    const [run] = referenceEntry('modular-add').runs;
    const newer = withRun(run, { environment: { ...run.environment, gpu: { model: 'NVIDIA H100' }, grokbenchVersion: '0.2.0' }, gitCommit: 'abc1234' });
    const [head, oldRow, newRow] = rows(environmentTable([run, newer]));
    expect(head).toEqual(expect.arrayContaining(['gpu.model', 'grokbenchVersion', 'gitCommit']));
    const cell = (row: string[], name: string) => row[head.indexOf(name)];
    expect([cell(newRow, 'gpu.model'), cell(newRow, 'grokbenchVersion'), cell(newRow, 'gitCommit')]).toEqual(['NVIDIA H100', '0.2.0', 'abc1234']);
    expect(cell(oldRow, 'gitCommit')).toBe('');
  });
});
