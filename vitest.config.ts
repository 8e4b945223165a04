import { defineConfig } from 'vitest/config';
import { CACHE_OVERRIDE_WARNING_OFF } from './src/ops/build.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/setup.ts'],
    // Guards against a hang, not a speed limit: a busy machine (CI, parallel suites) must not fail a test.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Workers start bots in-process (startTestBot), so they need the warning silenced as `npm start` does.
    execArgv: [CACHE_OVERRIDE_WARNING_OFF],
    // A flaky test is a bug: never retry.
    retry: 0,
    allowOnly: false,
  },
});
