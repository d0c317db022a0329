import { entryName, formatNumber as num, grokkedWithLosses, textTable, type LeaderboardEntry } from '@grokbench/harness';

/** One line per entry: grokked k/n (and how many of those ended below θ), diverged d/n and the medians (with IQR for tGrok) of the main figures. */
export function formatLeaderboardTable(entries: readonly LeaderboardEntry[]): string {
  const header = ['entry', 'grokked', 'diverged', 'tFit', 'tGrok [q1–q3]', 'delay ratio', 'wall s', 'steps/s'];
  const rows = entries.map((e) => {
    const s = e.summary;
    return [
      entryName(e),
      grokkedWithLosses(e),
      `${s.diverged ?? 0}/${s.runs}`,
      num(s.tFit.median),
      s.tGrok.median === null ? '—' : `${num(s.tGrok.median)} [${num(s.tGrok.q1)}–${num(s.tGrok.q3)}]`,
      num(s.delayRatio.median),
      num(s.wallSeconds.median),
      num(s.stepsPerSecond.median),
    ];
  });
  return textTable(header, rows);
}
