import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Store and workflow tests start real servers (SQLite files, cosmosdb-server): give them room on 2 cores.
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
