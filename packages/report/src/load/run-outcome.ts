import { countedPhase, formatNumber, grokkedWithPhases, type LeaderboardEntry, type RunRecord } from '@grokbench/harness';

/**
 * What a run ended as, wherever runs are drawn or counted one by one. `grokked` is a held-out
 * score that reached θ and was still there at the end; a run that reached θ and ended below it is
 * `lost`, one stopped by NaN/∞ `diverged`, whatever it reached before: neither is ever drawn or
 * counted as grokked.
 */
export type RunStatus = 'grokked' | 'lost' | 'never grokked' | 'diverged';

/**
 * Diverged first, then lost, as the harness counts them (`countedPhase`): records labelled before
 * those phases existed say "grokking" for a run that stopped on NaN/∞ or ended below θ, and are
 * recognized from their stop and figures.
 */
export function runStatus(run: RunRecord): RunStatus {
  const counted = countedPhase(run);
  if (counted === 'diverged' || counted === 'lost') return counted;
  return run.metrics.primary.tGrok === null ? 'never grokked' : 'grokked';
}

export interface RunPhase {
  /** One of the harness's PHASES, or whatever an older or newer record holds. */
  phase: string;
  /** Why: the record's phaseReason, or the report's own reason where it overrides the record. */
  reason: string | null;
}

/** The run's phase as the report draws it: the recorded one, except that a diverged or lost run is labelled so even where an older harness did not. */
export function runPhase(run: RunRecord): RunPhase {
  const recorded = run.metrics.phase as string;
  // A record without a reason was labelled before grokbench measured the rise after fit: its
  // "grokking" rests on tGrok / tFit alone, and the reader should know that.
  const reason = run.metrics.phaseReason ?? 'labelled by an older harness from tGrok / tFit alone (no rise after fit); grokbench analyze --relabel re-labels it from its curve';
  const status = runStatus(run);
  if (status === 'diverged' && recorded !== 'diverged') return { phase: 'diverged', reason: `stopped by a NaN/∞ loss or parameter (recorded as "${recorded}")` };
  if (status === 'lost' && recorded !== 'lost') {
    const { primary, final } = run.metrics;
    return {
      phase: 'lost',
      reason: `held-out reached θ ${primary.theta} at step ${formatNumber(primary.tGrok)} and ended at ${formatNumber(final.heldout)} (recorded as "${recorded}" by an older harness)`,
    };
  }
  return { phase: recorded, reason };
}

/**
 * "5/5", "2/5 (2 gradual, 1 lost)": the runs whose verdict is grokking, of all, and what the
 * others did (the harness's grokkedWithPhases, which also calls lost a run an older harness
 * labelled grokking but that ended below θ). Reaching θ is not grokking: a gradual run did too.
 */
export function grokkedText(entry: Pick<LeaderboardEntry, 'runs'>): string {
  return grokkedWithPhases(entry);
}

/** Share of the entry's runs whose verdict is grokking and that kept it: the grokked column's sort key. */
export function grokkedShare(entry: Pick<LeaderboardEntry, 'runs'>): number | null {
  const grokked = entry.runs.filter((run) => runPhase(run).phase === 'grokking' && runStatus(run) === 'grokked').length;
  return entry.runs.length ? grokked / entry.runs.length : null;
}
