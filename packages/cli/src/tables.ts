import { budgetRange, censoringCaveat, entryName, formatBudgets, formatNumber as num, grokkedWithPhases, textTable, type LeaderboardEntry } from '@grokbench/harness';

// A run that never grokked is only known not to within the steps it ran: say how many, not "—".
function tGrokCell(e: LeaderboardEntry): string {
  const { tGrok, censoredAt = [] } = e.summary;
  if (tGrok.median !== null) return `${num(tGrok.median)} [${num(tGrok.q1)}–${num(tGrok.q3)}]`;
  if (censoredAt.length === 0) return '—';
  return `never within ${formatBudgets({ min: Math.min(...censoredAt), max: Math.max(...censoredAt) })}`;
}

/**
 * One line per entry: grokked k/n (and what the other runs did: gradual, lost, …), diverged d/n, the step
 * budget (a range where runs differ), the medians (with IQR for tGrok) of the main figures and
 * of the rise after fit F;
 * then a note per entry whose tGrok median is over runs of unequal budgets with some censored, and
 * a line per run whose primary companion finished improving before training fit.
 */
export function formatLeaderboardTable(entries: readonly LeaderboardEntry[]): string {
  const header = ['entry', 'grokked', 'diverged', 'budget', 'tFit', 'tGrok [q1–q3]', 'delay ratio', 'F', 'wall s', 'steps/s'];
  const rows = entries.map((e) => {
    const s = e.summary;
    return [
      entryName(e),
      grokkedWithPhases(e),
      `${s.diverged ?? 0}/${s.runs}`,
      formatBudgets(s.budgets ?? budgetRange(e.runs)),
      num(s.tFit.median),
      tGrokCell(e),
      num(s.delayRatio.median),
      num(s.riseAfterFit?.median),
      num(s.wallSeconds.median),
      num(s.stepsPerSecond.median),
    ];
  });
  const notes = entries.flatMap((e) => {
    const caveat = censoringCaveat(e.summary);
    // A grokking verdict its own continuous companion contradicts is named, run by run.
    const disagreements = e.runs
      .filter((run) => run.metrics.companionAgreement?.agrees === false)
      .map((run) => `! ${entryName(e)} seed ${run.seed}: ${run.metrics.companionAgreement?.note}`);
    return [...(caveat ? [`note: ${entryName(e)}: ${caveat}`] : []), ...disagreements];
  });
  return [textTable(header, rows), ...notes].join('\n');
}
