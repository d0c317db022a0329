/**
 * A results file that cannot be used (missing, not JSON, not matching its schema, locked):
 * one line naming the file and the problem, for the CLI to print and exit 2 on.
 */
export class LeaderboardError extends Error {
  override name = 'LeaderboardError';
}
