import { readFileSync } from 'node:fs';
import preact from '@preact/preset-vite';
import { tsImport } from 'tsx/esm/api';
import type { Plugin, Rollup } from 'vite';
import { defineConfig } from 'wxt';
import { PRESET_URLS } from './lib/dns/presets';

// DoH presets need host access of their own: the service worker fetches them cross-origin.
const dohOrigins = [...new Set(Object.values(PRESET_URLS).map((url) => `${new URL(url).origin}/*`))];

// The sources zip (for addons.mozilla.org review) leaves out whatever git ignores: test reports, screenshots, logs.
const gitIgnored = readFileSync('.gitignore', 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('!'))
  .map((line) =>
    line.endsWith('/') ? `${line.replace(/^\//, '')}**` : line.includes('/') ? line : `**/${line}`,
  );

/** popup.html among a build's files (WXT names it popup.html or popup/index.html). */
const popupHtml = (bundle: Rollup.OutputBundle) =>
  Object.values(bundle).find(
    (file) => file.type === 'asset' && /(^|\/)popup(\/index)?\.html$/.test(file.fileName),
  );

/**
 * The popup is the page people wait for, so it makes as few requests as possible before its script runs.
 * It is built on its own (see the `entrypoints:grouped` hook below), so its script is one file that shares no
 * chunk with the other pages. Its CSS is written into popup.html (extension pages allow inline styles, not
 * inline scripts): no stylesheet request, and the script does not wait for one to arrive.
 */
const inlinePopupStyles: Plugin = {
  name: 'inline-popup-styles',
  enforce: 'post',
  generateBundle(_options, bundle) {
    const html = popupHtml(bundle);
    if (html?.type !== 'asset') return;
    html.source = String(html.source).replace(
      /<link rel="stylesheet"[^>]*href="\/([^"]+\.css)"[^>]*>/g,
      (link, fileName: string) => {
        const css = bundle[fileName];
        // A stylesheet that could end the <style> element early stays a file.
        if (css?.type !== 'asset' || /<\/style/i.test(String(css.source))) return link;
        // Nothing else links it: the file itself is not shipped.
        delete bundle[fileName];
        return `<style>${String(css.source)}</style>`;
      },
    );
  },
};

/**
 * popup.html holds a static shell of the popup (components/PopupShell.tsx, rendered here), so its first frame
 * shows a check starting instead of waiting for the script, which in Chrome runs about 15 ms after the page is
 * parsed. The script replaces it.
 */
const popupShell: Plugin = {
  name: 'popup-shell',
  enforce: 'post',
  async generateBundle(_options, bundle) {
    const html = popupHtml(bundle);
    if (html?.type !== 'asset') return;
    const { renderPopupShell } = (await tsImport(
      './scripts/popup-shell.tsx',
      import.meta.url,
    )) as typeof import('./scripts/popup-shell');
    const source = String(html.source);
    const app = '<div id="app"></div>';
    if (!source.includes(app)) this.error(`popup.html has no ${app} for the shell`);
    html.source = source.replace(app, `<div id="app">${renderPopupShell()}</div>`);
  },
};

// See https://wxt.dev/api/config.html
export default defineConfig({
  // Every import is written out: auto-imports hid missing imports and made a dynamic import static.
  imports: false,
  zip: { excludeSources: gitIgnored },
  hooks: {
    // WXT builds every HTML page in one step, where the popup's modules end up in chunks shared with the other
    // pages (three scripts and a stylesheet to fetch). Built alone, the popup is one script.
    'entrypoints:grouped': (_wxt, groups) => {
      for (const group of groups) {
        if (!Array.isArray(group)) continue;
        const popup = group.findIndex((entry) => entry.type === 'popup');
        if (popup < 0 || group.length === 1) continue;
        groups.push(group.splice(popup, 1));
        return;
      }
    },
  },
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/auto-icons'],
  autoIcons: { baseIconPath: 'assets/icon.svg', sizes: [128, 96, 48, 32, 16] },
  vite: () => ({
    plugins: [preact(), inlinePopupStyles, popupShell],
    // Tiny shared chunks (a few hundred bytes each) cost a request and gzip overhead apiece: merge them.
    build: {
      rollupOptions: {
        output: { experimentalMinChunkSize: 4096 },
        // The certificate parser (ASN.1, ~100 KB) is only used by Firefox's certificate observer: where nothing
        // uses it (the Chrome build), it is left out instead of being kept for its modules' top-level code.
        treeshake: { moduleSideEffects: (id: string) => !id.endsWith('/lib/certificate/der.ts') },
      },
    },
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
            gecko: {
              id: 'mta-sts-checker@example.org',
              // 140 (Android 142): the first versions that read data_collection_permissions.
              strict_min_version: '140.0',
              // Each check sends the checked domain (by default, the domain of the site in the current tab)
              // to the chosen DNS-over-HTTPS resolver, a third party: that is browsing activity leaving the
              // browser, so it is declared rather than "none". Nothing else is collected (README: Privacy).
              data_collection_permissions: { required: ['browsingActivity'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
