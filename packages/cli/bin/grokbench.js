#!/usr/bin/env node
// A committed entry point, so that npm links the command at install time, before the build exists.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('grokbench: not built yet: run `npm run build` first\n');
  process.exit(2);
}
await import(main.href);
