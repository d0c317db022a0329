import { defineConfig } from 'vitest/config';

// Two projects: `unit` (each package's tests beside its code, and tests/repo's checks of the
// repository itself: seconds, run from source, no build needed) and `e2e` (tests/: the built command, the browser, every task end to end). `npm test`
// runs both; `npm run test:unit` is the loop for someone editing one package.
// Tests import sibling packages from source (the "grokbench-source" export condition), so a test
// run never depends on a stale build.
export default defineConfig({
  resolve: { conditions: ['grokbench-source'] },
  ssr: { resolve: { conditions: ['grokbench-source'] } },
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['packages/*/src/**/*.test.ts', 'tasks/*/src/**/*.test.ts', 'benchmarks/src/**/*.test.ts', 'tests/repo/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['tests/**/*.test.ts'], exclude: ['tests/repo/**'] } },
    ],
  },
});
