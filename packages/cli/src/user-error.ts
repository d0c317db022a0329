import { GraphError } from '@grokbench/graph';
import { ConfigError } from '@grokbench/task-kit';
import { DamagedRunFileError, EngineUnavailableError } from '@grokbench/trainer';
import { LeaderboardError, OutputPathError, RunRequestError, TaskDiscoveryError } from '@grokbench/harness';
import { ReportError } from '@grokbench/report';

/** Errors the user can fix from the command line: reported as one line with exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const USER_ERRORS = [UsageError, ConfigError, TaskDiscoveryError, RunRequestError, LeaderboardError, ReportError, EngineUnavailableError, GraphError, DamagedRunFileError, OutputPathError];

/** yargs reports bad command lines (and errors thrown by option coercion) as YError. */
const isYargsError = (error: unknown): error is Error => error instanceof Error && error.name === 'YError';

export function isUserError(error: unknown): error is Error {
  return USER_ERRORS.some((kind) => error instanceof kind) || isYargsError(error);
}

/** Prints one line and exits 2; anything else is a bug and keeps its stack trace. */
export function exitOnUserError(error: unknown): never {
  if (!isUserError(error)) throw error;
  process.stderr.write(`grokbench: ${error.message.replace(/\s*\n\s*/g, ' ').trim()}\n`);
  process.exit(2);
}
