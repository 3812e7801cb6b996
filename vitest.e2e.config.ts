import { defineConfig } from 'vitest/config';

/** Browser tests: a real production build served by server.ts, driven by Chromium. One file at a time. */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    // Live updates cross a real server and browser on a busy 2-core machine: wait for them, not for a clock.
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
