import { defineConfig } from 'vitest/config';

// Tests import sibling packages from source (the "grokbench-source" export condition), so a test
// run never depends on a stale build.
export default defineConfig({
  resolve: { conditions: ['grokbench-source'] },
  ssr: { resolve: { conditions: ['grokbench-source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'tasks/*/src/**/*.test.ts', 'benchmarks/src/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
