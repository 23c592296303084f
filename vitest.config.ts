import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', '**/*.test.ts'],
    exclude: [...configDefaults.exclude, '**/node_modules/**', 'build/**', '.data/**', '.tools/**'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Two files at a time even on 2 cores (vitest's default there is one): most of a file's time is spent waiting on
    // PostgreSQL, Temporal, SMTP or Chromium in other processes, so a second file fills that wait.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS ?? 2),
    // Files and the tests in them run in random order, so a test that only passes after another one fails early.
    // The run prints `Running tests with seed "N"`; `npx vitest run --sequence.seed=N` repeats that order.
    sequence: { shuffle: true },
    // Generous: on a loaded 2-core machine real servers start slowly, and a test that times out says little.
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
})
