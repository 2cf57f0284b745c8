import { defineConfig } from 'vitest/config';

// End-to-end tests of the Firefox build in real Firefox (see tests/e2e-firefox/support/firefox.ts).
// One browser for the whole suite; the policy server needs 127.0.0.1:443, so files never run in parallel.
export default defineConfig({
  test: {
    name: 'e2e-firefox',
    environment: 'node',
    include: ['tests/e2e-firefox/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
