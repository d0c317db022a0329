import fs from 'node:fs';
import path from 'node:path';

function readPackageJson(dir: string): { workspaces?: unknown } | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { workspaces?: unknown };
  } catch {
    return null;
  }
}

/**
 * The folder results belong to: the workspace root above the working folder (a package.json with
 * "workspaces"), else the nearest folder with a package.json, else the working folder — as npm
 * finds a project. So a command run from a subfolder of the repository writes to the project's
 * results/, instead of starting a results/ of its own there.
 */
export function projectRoot(from = process.cwd()): string {
  let nearest: string | null = null;
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const pkg = readPackageJson(dir);
    if (pkg?.workspaces) return dir;
    if (pkg && nearest === null) nearest = dir;
    if (path.dirname(dir) === dir) return nearest ?? path.resolve(from);
  }
}

/** `results/<parts>` of the project, as a path relative to the working folder (what --help shows). */
export function defaultResultsPath(...parts: string[]): string {
  return path.relative(process.cwd(), path.join(projectRoot(), 'results', ...parts)) || '.';
}
