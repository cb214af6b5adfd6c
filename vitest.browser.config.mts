import { defineConfig } from 'vitest/config';

/** `npm run test:browser`: the pages in headless Chromium (Debian's chromium; `.ci/run` installs it). */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One file at a time: each starts Chromium and local hosts, and their audio runs in real time (a
    // microphone WAV timed against the bot's speech); side by side on 2 cores they miss their marks.
    fileParallelism: false,
  },
});
