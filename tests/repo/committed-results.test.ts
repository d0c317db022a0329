import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Committed results come from committed code: every run in results/*.json that records whether its
 * tree was clean says it was (runs recorded before the field existed carry no claim either way),
 * and so does the code that re-labelled it, when one did.
 */
interface CommittedRun {
  runId: string;
  gitDirty?: boolean;
  gitDiffHash?: string;
  metrics: { relabelled?: { gitDirty?: boolean; gitDiffHash?: string } };
}

function runsOf(file: string): CommittedRun[] {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: { runs: CommittedRun[] }[] }).entries.flatMap((e) => e.runs);
}

describe('committed results', () => {
  const files = fs.readdirSync('results').filter((f) => f.endsWith('.json')).map((f) => path.join('results', f));

  it('are found', () => {
    expect(files).toEqual(expect.arrayContaining(['results/leaderboard.json', 'results/papers.json']));
  });

  it('hold no run recorded from an uncommitted tree', () => {
    const dirty = files.flatMap((file) =>
      runsOf(file)
        .filter((run) => run.gitDirty !== undefined && run.gitDirty !== false)
        .map((run) => `${file}: ${run.runId} (${run.gitDiffHash ?? 'no hash'})`),
    );
    expect(dirty).toEqual([]);
  });

  it('hold no run re-labelled by an uncommitted tree', () => {
    const dirty = files.flatMap((file) =>
      runsOf(file)
        .filter((run) => run.metrics.relabelled !== undefined && run.metrics.relabelled.gitDirty !== false)
        .map((run) => `${file}: ${run.runId} (${run.metrics.relabelled?.gitDiffHash ?? 'no hash'})`),
    );
    expect(dirty).toEqual([]);
  });
});
