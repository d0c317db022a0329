/** A curve or results file `grokbench analyze` cannot read or measure: one line, exit code 2. */
export class AnalyzeError extends Error {
  override name = 'AnalyzeError';
}
