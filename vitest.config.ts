import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/src/**/*.test.ts', 'scripts/**/*.test.ts', 'client/tests/**/*.test.ts'],
    setupFiles: ['reflect-metadata'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Every test file creates its own Postgres database, so files may run side by side.
    maxWorkers: 2,
  },
});
