import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Vite would load graphql's ESM build for our files while type-graphql and Apollo (left to Node)
    // load the CommonJS one, and graphql refuses types from "another realm". Node itself only ever
    // loads the CommonJS build, so tests use that too.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
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
