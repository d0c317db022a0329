import fs from 'node:fs';
import path from 'node:path';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/**
 * The system's Chromium: CHROMIUM_PATH where set, else the first of the usual names on PATH
 * (Debian's package installs /usr/bin/chromium). Null when there is none.
 */
export function findChromium(): string | null {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) return fs.existsSync(explicit) ? explicit : null;
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of NAMES) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (fs.existsSync(candidate)) return candidate;
    }
  }
  return null;
}

/** CI sets GROKBENCH_REQUIRE_BROWSER=1: there a missing browser fails the test instead of skipping it. */
export const BROWSER_REQUIRED = process.env.GROKBENCH_REQUIRE_BROWSER === '1';
