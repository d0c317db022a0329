/** Errors the user can fix from the command line: reported as one line with exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * The packages' errors that mean bad input. Loaded when an error is judged, not at start-up:
 * they come with the packages, and a command line refused by yargs needs none of them.
 */
async function userErrorKinds(): Promise<(abstract new (...args: never[]) => Error)[]> {
  const [harness, report] = await Promise.all([import('@grokbench/harness'), import('@grokbench/report')]);
  return [UsageError, report.ReportError, ...harness.RUN_INPUT_ERRORS];
}

/** yargs reports bad command lines (and errors thrown by option coercion) as YError. */
const isYargsError = (error: unknown): error is Error => error instanceof Error && error.name === 'YError';

export async function isUserError(error: unknown): Promise<boolean> {
  if (error instanceof UsageError || isYargsError(error)) return true;
  return (await userErrorKinds()).some((kind) => error instanceof kind);
}

/** Prints one line and exits 2; anything else is a bug and keeps its stack trace. */
export async function exitOnUserError(error: unknown): Promise<never> {
  if (!(await isUserError(error))) throw error;
  process.stderr.write(`grokbench: ${(error as Error).message.replace(/\s*\n\s*/g, ' ').trim()}\n`);
  process.exit(2);
}
