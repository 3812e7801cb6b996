import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'scripts/**/*.test.ts',
      'tests/checks/**/*.test.ts',
      'tests/contract/**/*.test.ts',
      'tests/integration/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time, not Vitest's default of one less than the cores: most of these wait on a
    // server process of their own, and one at a time left one of CI's two cores idle half the run.
    // Every file has its own servers, ports, databases and temporary directories.
    maxWorkers: 2,
  },
});
