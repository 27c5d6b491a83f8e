import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/globalSetup.ts'],
    reporters: ['default', './test/summaryReporter.ts'],
    testTimeout: 30_000,
    // Servers started from process.env (browser tests, sync tests) would print a JSON line per request.
    env: { LOG_LEVEL: 'silent' },
    hookTimeout: 120_000,
    // One file at a time: on a 2-core machine the browser tests timed out when they shared the CPU with
    // the 500-interview sync and replay tests, and running in parallel saved little wall time.
    fileParallelism: false,
  },
});
