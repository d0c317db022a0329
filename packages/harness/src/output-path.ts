import fs from 'node:fs';
import path from 'node:path';

/** An output location that cannot be written: checked before any training or timing starts. */
export class OutputPathError extends Error {
  override name = 'OutputPathError';
}

/** The nearest folder at or above `target` that exists (where a missing one would be created). */
function nearestExisting(target: string): string {
  let dir = path.resolve(target);
  while (!fs.existsSync(dir)) dir = path.dirname(dir);
  return dir;
}

function assertWritableFolder(dir: string, flag: string, shown: string): void {
  if (!fs.statSync(dir).isDirectory()) throw new OutputPathError(`${flag} ${shown}: ${dir} is a file, not a folder`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new OutputPathError(`${flag} ${shown}: cannot write in ${dir} (permission denied)`);
  }
}

/** Throws OutputPathError unless `dir` is, or can be created as, a writable folder. Creates nothing. */
export function assertWritableDir(dir: string, flag: string): void {
  assertWritableFolder(nearestExisting(dir), flag, dir);
}

/** Throws OutputPathError unless `file` can be written (created, or replaced atomically in its folder). Creates nothing. */
export function assertWritableFile(file: string, flag: string): void {
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new OutputPathError(`${flag} ${file}: is a folder, not a file`);
  assertWritableFolder(nearestExisting(path.dirname(path.resolve(file))), flag, file);
}
