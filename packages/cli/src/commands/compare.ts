import { compareLeaderboards, formatCompareJson, formatCompareTable, readLeaderboard, toGithubActionBenchmark } from '@grokbench/harness';

export type CompareFormat = 'table' | 'json' | 'github-action-benchmark';

/** Exit 1 when HEAD regresses against BASE beyond seed noise, 0 otherwise (2 for bad input). */
export async function compareCommand(argv: { base: string; head: string; format: CompareFormat }): Promise<void> {
  const base = readLeaderboard(argv.base);
  const head = readLeaderboard(argv.head);
  const result = compareLeaderboards(base, head);
  if (argv.format === 'github-action-benchmark') process.stdout.write(`${JSON.stringify(toGithubActionBenchmark(head), null, 2)}\n`);
  else if (argv.format === 'json') process.stdout.write(`${formatCompareJson(result)}\n`);
  else process.stdout.write(`${formatCompareTable(result)}\n`);
  if (result.regressions.length) process.exitCode = 1;
}
