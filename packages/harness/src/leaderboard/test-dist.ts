import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The built harness. Child processes cannot use vitest's source resolution, so tests that need
 * other processes run the build, which `npm test` makes before the tests.
 */
export const HARNESS_DIST = new URL('../../dist/index.js', import.meta.url);

export function assertBuilt(): void {
  if (!fs.existsSync(HARNESS_DIST)) throw new Error(`${fileURLToPath(HARNESS_DIST)} is missing: build first (npm test does)`);
}

export interface NodeResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs an ES module given as source text in a new node process, with `args` as process.argv[1…] (as for `node -e`). */
export function runModule(source: string, args: readonly string[] = []): Promise<NodeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', source, '--', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
