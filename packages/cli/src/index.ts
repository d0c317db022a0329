export { runCli } from './cli.js';
export { collectOverrides, OVERRIDE_FLAGS } from './overrides.js';
