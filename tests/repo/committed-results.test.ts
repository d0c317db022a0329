import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Committed results come from committed code: every run in results/*.json that records whether its
 * tree was clean says it was (runs recorded before the field existed carry no claim either way).
 */
describe('committed results', () => {
  const files = fs.readdirSync('results').filter((f) => f.endsWith('.json')).map((f) => path.join('results', f));

  it('are found', () => {
    expect(files).toEqual(expect.arrayContaining(['results/leaderboard.json', 'results/papers.json']));
  });

  it('hold no run recorded from an uncommitted tree', () => {
    const dirty = files.flatMap((file) => {
      const { entries } = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: { runs: { runId: string; gitDirty?: boolean; gitDiffHash?: string }[] }[] };
      return entries.flatMap((e) => e.runs).filter((run) => run.gitDirty !== undefined && run.gitDirty !== false).map((run) => `${file}: ${run.runId} (${run.gitDiffHash ?? 'no hash'})`);
    });
    expect(dirty).toEqual([]);
  });
});
