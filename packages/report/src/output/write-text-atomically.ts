import fs from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { ReportError } from '../report-error.js';

/**
 * Writes through a temporary file renamed into place, as the harness writes its results, so a
 * failure (an unwritable folder, a full disk) leaves the previous file whole and nothing partial.
 * Any failure is one ReportError line naming the file.
 */
export async function writeTextAtomically(file: string, text: string): Promise<void> {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    await writeFileAtomic(file, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ReportError(`${file}: cannot write it (${code ?? (error as Error).message})`);
  }
}
