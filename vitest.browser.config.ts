import { defineConfig } from 'vitest/config';

/** Browser tests: a real server on port 0, seeded with the demo data, driven through Debian's Chromium. */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/browser/global-setup.ts'],
    setupFiles: ['test/helpers/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // One Chromium at a time: the machine has two cores.
    fileParallelism: false,
  },
});
