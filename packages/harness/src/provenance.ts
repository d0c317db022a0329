import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** The harness's version: package.json sits one level above both src/ and dist/. */
export function grokbenchVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** The commit of the git checkout in the working directory, or undefined outside one (or without git). */
export function gitCommit(cwd = process.cwd()): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}
