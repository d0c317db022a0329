import { textTable, type LeaderboardEntry } from '@grokbench/harness';

const num = (x: number | null | undefined, digits = 0) => (x === null || x === undefined ? '—' : x.toFixed(digits));

/** One line per entry: grokked k/n and the medians (with IQR for tGrok) of the main figures. */
export function formatLeaderboardTable(entries: readonly LeaderboardEntry[]): string {
  const header = ['task', 'preset', 'method', 'grokked', 'tFit', 'tGrok [q1–q3]', 'delay ratio', 'wall s', 'steps/s'];
  const rows = entries.map((e) => {
    const s = e.summary;
    return [
      e.task,
      e.preset,
      e.method,
      s.grokked,
      num(s.tFit.median),
      s.tGrok.median === null ? '—' : `${num(s.tGrok.median)} [${num(s.tGrok.q1)}–${num(s.tGrok.q3)}]`,
      num(s.delayRatio.median, 2),
      num(s.wallSeconds.median, 1),
      num(s.stepsPerSecond.median, 0),
    ];
  });
  return textTable(header, rows);
}
