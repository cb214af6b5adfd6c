import { defineConfig } from 'vitest/config';

/** `npm run test:browser`: the pages in headless Chromium (Debian's chromium; `.ci/run` installs it). */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
