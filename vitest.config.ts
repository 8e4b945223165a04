import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/setup.ts'],
    // Guards against a hang, not a speed limit: a busy machine (CI, parallel suites) must not fail a test.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // A flaky test is a bug: never retry.
    retry: 0,
    allowOnly: false,
  },
});
