/** A report that cannot be written (an unwritable output path): one line for the CLI to print and exit 2 on. */
export class ReportError extends Error {
  override name = 'ReportError';
}
