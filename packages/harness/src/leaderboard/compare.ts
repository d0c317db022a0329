import { summarize, type Summary } from '../metrics/index.js';
import type { RunRecord } from '../run-record.js';
import { regroupEntries } from './add-runs.js';
import { budgetRange, budgetsDiffer, comparableRuns, formatBudgets, type BudgetRange, type ComparableRuns } from './budgets.js';
import { formatNumber } from './format-number.js';
import { compareEntryKeys, configIdOfEntry, entryKey, entryName, type Leaderboard, type LeaderboardEntry } from './leaderboard.js';
import { lostGeneralization, summarizeEntry } from './summarize-entry.js';

/** How far head's median tGrok must exceed base's median (beyond base's q3) to regress. */
export const TGROK_FACTOR = 1.25;
/** Head's median steps/s below this fraction of base's regresses. */
export const THROUGHPUT_FACTOR = 0.85;

/** The regression rule of `compareLeaderboards`, as README-ready Markdown. */
export const REGRESSION_RULE = `An entry (task/preset/method and its resolved configuration: config without the step budget, engine, device, threads) in head regresses against the same entry in base when:

- **divergence**: a larger share of head's runs diverged (loss or parameters turned NaN/∞) than of base's.
- **lost generalization**: a larger share of head's runs reached held-out 0.95 and then ended below it than of base's: an early onset must not hide a later collapse.
- **grokking time**: a smaller share of head's runs grok than of base's (\`grokked\` k/n, e.g. 2/3 after 3/3 — a run that never groks has the worst grokking time there is); or, with equal shares, head's median tGrok is both above base's third quartile and more than 25% above base's median: \`head.median > base.q3 && head.median > 1.25 × base.median\`. Beyond base's quartile means beyond its seed-to-seed spread; the 25% margin guards against noise where that spread is zero (one seed, or identical seeds).
- **throughput**: head's median steps/s is below 85% of base's: \`head.median < 0.85 × base.median\`. Steps/s depend on the machine: where base and head ran on different CPU kinds (model or instruction-set level), throughput is not compared.

- **step budgets**: an entry holds runs of one configuration whatever their step budgets, and a run that never grokked is censored at its budget (the steps it ran): it counts as not grokking only against runs that grokked within that many steps. A run censored before the other side's latest tGrok is left out of the grokking-time comparison (it might have grokked given as long); where that leaves one side no runs, grokking time is **not comparable**. With equal budgets nothing is left out. Where budgets differ the comparison says so.

A different CPU kind is treated like another seed draw: ONNX Runtime picks its CPU kernels by instruction set, so the same seed gives a slightly different curve there, and grokking times are judged by the seed-noise rule above as usual; the comparison says so.

Improvements are the mirror image (a larger share grokking; \`head.median < base.q1 && head.median < base.median / 1.25\`; steps/s above \`base.median / 0.85\`) and are reported but never fail. Medians and quartiles are over the runs that reached the figure and are recomputed from the runs in each file. Entries found in only one file are listed, not judged.`;

export type Verdict = 'regression' | 'improvement' | 'unchanged' | 'not comparable';
export type ComparedMetric = 'tGrok' | 'stepsPerSecond' | 'diverged' | 'lost';
export const COMPARED_METRICS = ['diverged', 'lost', 'tGrok', 'stepsPerSecond'] as const satisfies readonly ComparedMetric[];

export interface CompareOptions {
  tGrokFactor?: number;
  throughputFactor?: number;
}

export interface MetricComparison {
  base: Summary;
  head: Summary;
  /** (head − base) / base of the medians, in percent; null unless both medians exist and base's is non-zero. */
  changePercent: number | null;
  verdict: Verdict;
  /** Why the verdict is a regression, an improvement or not comparable, or which runs were left out as not comparable; null otherwise. */
  reason: string | null;
}

export interface CompareRow {
  entry: string;
  task: string;
  preset: string;
  method: string;
  /** The configuration both entries stand for (see configIdOf). */
  configId: string;
  variant: string;
  tGrok: MetricComparison;
  stepsPerSecond: MetricComparison;
  /** Runs that diverged: `count` of `n`; median/quartiles are the steps where they did. */
  diverged: MetricComparison;
  /** Runs that grokked and then lost it (lostGeneralization): `count` of `n`; median/quartiles are their tGrok. */
  lost: MetricComparison;
  /** Smallest and largest step budget of each side's runs. */
  budgets: { base: BudgetRange; head: BudgetRange };
  /** A regression in either metric; else an improvement in either; else unchanged. */
  verdict: Verdict;
  /** What the reader must know to read this row, e.g. that budgets differ; each also in CompareResult.notes. */
  notes: string[];
}

export interface Finding {
  entry: string;
  metric: ComparedMetric;
  reason: string;
}

export interface CompareResult {
  rows: CompareRow[];
  /** What the reader must know to read the verdicts, e.g. that base and head ran on different CPU kinds. */
  notes: string[];
  regressions: Finding[];
  improvements: Finding[];
  missing: { onlyInBase: string[]; onlyInHead: string[] };
}

function changePercent(base: number | null, head: number | null): number | null {
  return base === null || head === null || base === 0 ? null : ((head - base) / base) * 100;
}

function judged(base: Summary, head: Summary, verdict: Verdict, reason: string | null = null): MetricComparison {
  return { base, head, changePercent: changePercent(base.median, head.median), verdict, reason };
}

export function compareTGrok(base: Summary, head: Summary, factor = TGROK_FACTOR): MetricComparison {
  // Shares k/n compared by cross-multiplication: exact, and fair across different seed counts.
  const baseShare = base.count * head.n;
  const headShare = head.count * base.n;
  const shares = `grokked ${head.reached}, base ${base.reached}`;
  if (headShare < baseShare) return judged(base, head, 'regression', shares);
  if (headShare > baseShare) return judged(base, head, 'improvement', shares);
  if (base.median === null || head.median === null || base.q1 === null || base.q3 === null) return judged(base, head, 'unchanged');
  if (head.median > base.q3 && head.median > factor * base.median) {
    return judged(base, head, 'regression', `median tGrok ${head.median} > base q3 ${base.q3} and > ${factor} × base median ${base.median}`);
  }
  if (head.median < base.q1 && head.median < base.median / factor) {
    return judged(base, head, 'improvement', `median tGrok ${head.median} < base q1 ${base.q1} and < base median ${base.median} / ${factor}`);
  }
  return judged(base, head, 'unchanged');
}

export function compareThroughput(base: Summary, head: Summary, factor = THROUGHPUT_FACTOR): MetricComparison {
  if (base.median === null || head.median === null) return judged(base, head, 'not comparable');
  const ratio = `median ${round(head.median)} steps/s vs base ${round(base.median)}`;
  if (head.median < factor * base.median) return judged(base, head, 'regression', `${ratio} (< ${factor} × base)`);
  if (head.median > base.median / factor) return judged(base, head, 'improvement', `${ratio} (> base / ${factor})`);
  return judged(base, head, 'unchanged');
}

/** A larger share of runs with a failure (diverged, lost) is a regression, a smaller one an improvement. */
function compareFailures(base: Summary, head: Summary, failure: string): MetricComparison {
  const baseShare = base.count * head.n;
  const headShare = head.count * base.n;
  const shares = `${failure} ${head.reached}, base ${base.reached}`;
  if (headShare > baseShare) return judged(base, head, 'regression', shares);
  if (headShare < baseShare) return judged(base, head, 'improvement', shares);
  return judged(base, head, 'unchanged');
}

/** More runs diverging (as a share of all runs) is a regression, fewer an improvement. */
export function compareDivergence(base: Summary, head: Summary): MetricComparison {
  return compareFailures(base, head, 'diverged');
}

function divergedAt(entry: LeaderboardEntry): Summary {
  return summarize(entry.runs.map((run) => (run.stoppedBy === 'diverged' ? run.stepsRun : null)));
}

function lostAt(entry: LeaderboardEntry): Summary {
  return summarize(entry.runs.map((run) => (lostGeneralization(run) ? run.metrics.primary.tGrok : null)));
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}

function overall(...verdicts: Verdict[]): Verdict {
  for (const verdict of ['regression', 'improvement', 'unchanged'] as const) if (verdicts.includes(verdict)) return verdict;
  return 'not comparable';
}

/** "AMD EPYC (avx512)": what decides a run's CPU kernels and its speed; the level only where the run records it. */
function cpuKind(run: LeaderboardEntry['runs'][number]): string {
  const { cpuModel, cpuIsa } = run.environment;
  return cpuIsa ? `${cpuModel} (${cpuIsa})` : cpuModel;
}

const cpuKinds = (entry: LeaderboardEntry) => [...new Set(entry.runs.map(cpuKind))].sort();

/** The CPU kinds of base and head when they differ (a model, or a level both record), else null. */
function differentCpus(base: LeaderboardEntry, head: LeaderboardEntry): { base: string[]; head: string[] } | null {
  const b = cpuKinds(base);
  const h = cpuKinds(head);
  const levelsKnown = [...base.runs, ...head.runs].every((run) => run.environment.cpuIsa);
  const models = (entry: LeaderboardEntry) => [...new Set(entry.runs.map((run) => run.environment.cpuModel))].sort().join();
  const same = levelsKnown ? b.join() === h.join() : models(base) === models(head);
  return same ? null : { base: b, head: h };
}

const tGrokOf = (runs: readonly RunRecord[]) => summarize(runs.map((run) => run.metrics.primary.tGrok));

function leftOutText(side: 'base' | 'head', runs: ComparableRuns): string | null {
  if (runs.leftOut.length === 0) return null;
  const at = runs.leftOut.map((run) => formatNumber(run.at)).join(', ');
  const what = runs.leftOut.length === 1 ? `${side}'s run that never grokked within ${at} steps` : `${side}'s ${runs.leftOut.length} runs that never grokked within ${at} steps`;
  return `${what} (before ${side === 'base' ? 'head' : 'base'}'s latest tGrok ${formatNumber(runs.otherLatest)}) ${runs.leftOut.length === 1 ? 'is' : 'are'} not comparable, left out`;
}

/**
 * tGrok judged by compareTGrok over the runs that can be compared (comparableRuns): a run censored
 * at a budget shorter than the other side's tGrok is left out, and with one side left without runs
 * grokking time is not comparable. The summaries shown are of every run.
 */
export function compareTGrokRuns(base: readonly RunRecord[], head: readonly RunRecord[], factor = TGROK_FACTOR): MetricComparison {
  const all = { base: tGrokOf(base), head: tGrokOf(head) };
  const b = comparableRuns(base, head);
  const h = comparableRuns(head, base);
  const leftOut = [leftOutText('base', b), leftOutText('head', h)].filter((text): text is string => text !== null).join('; ');
  if (!leftOut) return compareTGrok(all.base, all.head, factor);
  if (b.kept.length === 0 || h.kept.length === 0) return judged(all.base, all.head, 'not comparable', leftOut);
  const kept = compareTGrok(tGrokOf(b.kept), tGrokOf(h.kept), factor);
  return judged(all.base, all.head, kept.verdict, kept.reason ? `${kept.reason}; ${leftOut}` : leftOut);
}

function budgetNotes(base: BudgetRange, head: BudgetRange, tGrok: MetricComparison): string[] {
  const notes: string[] = [];
  if (budgetsDiffer(base, head)) {
    const budgets = formatBudgets(base) === formatBudgets(head) ? `${formatBudgets(base)} in both` : `base ${formatBudgets(base)}, head ${formatBudgets(head)}`;
    notes.push(`budgets differ: ${budgets}; a run that never grokked is censored at its own budget, never compared as if budgets were equal`);
  }
  if (tGrok.reason && / not comparable, left out/.test(tGrok.reason)) notes.push(`tGrok: ${tGrok.reason}`);
  return notes;
}

function compareEntries(base: LeaderboardEntry, head: LeaderboardEntry, options: CompareOptions): CompareRow {
  const b = summarizeEntry(base.runs);
  const h = summarizeEntry(head.runs);
  const tGrok = compareTGrokRuns(base.runs, head.runs, options.tGrokFactor);
  const cpus = differentCpus(base, head);
  const stepsPerSecond = cpus
    ? judged(b.stepsPerSecond, h.stepsPerSecond, 'not comparable', `measured on different CPUs: base ${cpus.base.join(', ')}; head ${cpus.head.join(', ')}`)
    : compareThroughput(b.stepsPerSecond, h.stepsPerSecond, options.throughputFactor);
  const diverged = compareDivergence(divergedAt(base), divergedAt(head));
  const lost = compareFailures(lostAt(base), lostAt(head), 'lost after grokking');
  const { task, preset, method } = head;
  const identity = { entry: entryName(head), task, preset, method, configId: configIdOfEntry(head), variant: head.variant ?? '' };
  const budgets = { base: budgetRange(base.runs)!, head: budgetRange(head.runs)! };
  const verdict = overall(diverged.verdict, lost.verdict, tGrok.verdict, stepsPerSecond.verdict);
  return { ...identity, tGrok, stepsPerSecond, diverged, lost, budgets, verdict, notes: budgetNotes(budgets.base, budgets.head, tGrok) };
}

function findings(rows: readonly CompareRow[], verdict: Verdict): Finding[] {
  return rows.flatMap((row) =>
    COMPARED_METRICS
      .filter((metric) => row[metric].verdict === verdict)
      .map((metric) => ({ entry: row.entry, metric, reason: row[metric].reason ?? '' })),
  );
}

function onlyIn(leaderboard: Leaderboard, other: ReadonlyMap<string, LeaderboardEntry>): string[] {
  return [...leaderboard.entries]
    .sort(compareEntryKeys)
    .filter((entry) => !other.has(entryKey(entry)))
    .map((entry) => `${entryName(entry)} [${configIdOfEntry(entry)}]`);
}

/**
 * Matches entries by (task, preset, method, configuration; step budgets aside) and judges each by REGRESSION_RULE. Summaries are
 * recomputed from the runs, so a hand-edited or stale summary cannot hide a regression.
 */
export function compareLeaderboards(storedBase: Leaderboard, storedHead: Leaderboard, options: CompareOptions = {}): CompareResult {
  // Entries of older files (one per budget, or no configId) are matched as readLeaderboard regroups them.
  const base = regroupEntries(storedBase);
  const head = regroupEntries(storedHead);
  const baseEntries = new Map(base.entries.map((entry) => [entryKey(entry), entry]));
  const headEntries = new Map(head.entries.map((entry) => [entryKey(entry), entry]));
  const rows = [...headEntries]
    .filter(([name]) => baseEntries.has(name))
    .map(([name, entry]) => compareEntries(baseEntries.get(name)!, entry, options))
    .sort(compareEntryKeys);
  const cpuNotes = [...new Set(rows.filter((row) => row.stepsPerSecond.verdict === 'not comparable' && row.stepsPerSecond.reason).map((row) => row.stepsPerSecond.reason!))];
  return {
    rows,
    notes: [
      ...cpuNotes.map(
        (reason) => `${reason}: ONNX Runtime picks its CPU kernels by instruction set, so curves differ there like another seed draw; grokking times are judged by the seed-noise rule, throughput is not compared`,
      ),
      ...rows.flatMap((row) => row.notes.map((note) => `${row.entry}: ${note}`)),
    ],
    regressions: findings(rows, 'regression'),
    improvements: findings(rows, 'improvement'),
    missing: {
      onlyInBase: onlyIn(base, headEntries),
      onlyInHead: onlyIn(head, baseEntries),
    },
  };
}
