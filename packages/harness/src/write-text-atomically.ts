import fs from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { oneLine } from './one-line.js';

/**
 * Writes `text` (or bytes) through a temporary file renamed into place, creating the folder, so a reader or a
 * crash never sees a half-written file and a failure (an unwritable folder, a full disk) leaves the
 * previous file whole. A failure is reported through `error`, as one line naming the file, in the
 * caller's own error class (the leaderboard's, the report's).
 */
export async function writeTextAtomically(file: string, text: string | Buffer, error: (message: string) => Error): Promise<void> {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    await writeFileAtomic(file, text);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException | null)?.code;
    throw error(`${file}: cannot write it (${code ?? oneLine(String(cause))})`);
  }
}
