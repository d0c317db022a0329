import { GraphError } from '@grokbench/graph';
import { LeaderboardError, RunRequestError, TaskDiscoveryError } from '@grokbench/harness';
import { ReportError } from '@grokbench/report';
import { ConfigError, EngineUnavailableError } from '@grokbench/trainer';

/** Errors the user can fix from the command line: reported as one line with exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const USER_ERRORS = [UsageError, ConfigError, TaskDiscoveryError, RunRequestError, LeaderboardError, ReportError, EngineUnavailableError, GraphError];

export function isUserError(error: unknown): error is Error {
  return USER_ERRORS.some((kind) => error instanceof kind);
}

/** Prints one line and exits 2; anything else is a bug and keeps its stack trace. */
export function exitOnUserError(error: unknown): never {
  if (!isUserError(error)) throw error;
  process.stderr.write(`grokbench: ${error.message.split('\n')[0]}\n`);
  process.exit(2);
}
