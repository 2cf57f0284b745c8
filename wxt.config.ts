import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: {
    name: 'MTA-STS Checker',
    description:
      'Checks whether a domain protects its inbound mail with MTA-STS (RFC 8461) and TLS-RPT (RFC 8460).',
    permissions: ['activeTab', 'storage'],
    host_permissions: ['https://*/*'],
  },
});
