import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Unit tests run in Node (lib/ has no browser globals); component tests in happy-dom.
// WxtVitest wires @webext-core/fake-browser in place of the real extension APIs.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts'],
          setupFiles: ['tests/support/own-sender.ts'],
        },
      },
      {
        extends: true,
        plugins: [WxtVitest(), preact()],
        test: {
          name: 'component',
          environment: 'happy-dom',
          include: ['tests/component/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/support/component-setup.ts', 'tests/support/own-sender.ts'],
        },
      },
    ],
  },
});
