import { defineConfig } from 'vitest/config';

// End-to-end tests drive the built extension in a real Chromium (see tests/e2e/support/browser.ts).
// They run in Node, one file at a time: each file starts its own browser and CI has two cores.
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['tests/e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
