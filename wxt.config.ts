import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { PRESET_URLS } from './lib/dns/presets';

// DoH presets need host access of their own: the service worker fetches them cross-origin.
const dohOrigins = [...new Set(Object.values(PRESET_URLS).map((url) => `${new URL(url).origin}/*`))];

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/auto-icons'],
  autoIcons: { baseIconPath: 'assets/icon.svg', sizes: [128, 96, 48, 32, 16] },
  vite: () => ({
    plugins: [preact()],
    // Tiny shared chunks (a few hundred bytes each) cost a request and gzip overhead apiece: merge them.
    build: { rollupOptions: { output: { experimentalMinChunkSize: 4096 } } },
  }),
  manifest: ({ browser, manifestVersion }) => ({
    name: 'MTA-STS Checker',
    description:
      'Checks whether a domain protects its inbound mail with MTA-STS (RFC 8461) and TLS-RPT (RFC 8460).',
    permissions: [
      'activeTab',
      'storage',
      'unlimitedStorage',
      'contextMenus',
      // Firefox alone lets an extension read a connection's certificate (webRequest.getSecurityInfo), and
      // only from a blocking onHeadersReceived listener: see utils/firefox-tls.ts.
      ...(browser === 'firefox' ? ['webRequest', 'webRequestBlocking'] : []),
    ],
    omnibox: { keyword: 'sts' },
    // Policy hosts are mta-sts.<any domain>: no narrower pattern exists than https://*/*.
    host_permissions: ['https://*/*', ...dohOrigins],
    commands: {
      [manifestVersion === 2 ? '_execute_browser_action' : '_execute_action']: {
        suggested_key: { default: 'Alt+Shift+M' },
        description: 'Check MTA-STS for the current site',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: { id: 'mta-sts-checker@example.org', strict_min_version: '109.0' },
          },
        }
      : {}),
  }),
});
