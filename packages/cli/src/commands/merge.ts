import { assertWritableFile, mergeLeaderboards, readLeaderboard, writeLeaderboard } from '@grokbench/harness';

/** Combines leaderboard files (shards) into one: every run kept, duplicates by run id once. */
export async function mergeCommand(argv: { files: string[]; output: string }): Promise<void> {
  assertWritableFile(argv.output, '--output');
  const inputs = argv.files.map((file) => readLeaderboard(file));
  const { leaderboard, conflicts } = mergeLeaderboards(inputs);
  await writeLeaderboard(argv.output, leaderboard);
  const runs = leaderboard.entries.reduce((n, e) => n + e.runs.length, 0);
  process.stdout.write(`${runs} runs in ${leaderboard.entries.length} entries written to ${argv.output}\n`);
  if (conflicts.length) {
    process.stderr.write(`${conflicts.length} conflicting duplicates (same run id, different results; the first file's kept):\n`);
    for (const c of conflicts) process.stderr.write(`  ${typeof c === 'string' ? c : JSON.stringify(c)}\n`);
    process.exitCode = 1;
  }
}
