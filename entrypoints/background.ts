import { defineBackground } from 'wxt/utils/define-background';
import { registerBackground } from '../utils/background-service';
import { registerFirefoxTlsObserver } from '../utils/firefox-tls';
import { serveScriptsFromMemory, type WorkerScope } from '../utils/page-scripts';
import { registerSpotChecks } from '../utils/spot-check';

export default defineBackground(() => {
  // Chrome's service worker hands the extension's pages their scripts from memory (Firefox's background page
  // has no fetch events). The worker takes these listeners only while its script is first evaluated: now.
  // The popup's are read as soon as the worker has started, so the next opening finds them.
  if (!import.meta.env.FIREFOX) {
    serveScriptsFromMemory(globalThis as unknown as WorkerScope, {
      prefill: { pages: ['/popup.html'], afterMs: 250 },
    });
  }
  registerBackground({
    // Only Firefox exposes certificates; the Chrome build leaves the observer (and its DER parser) out.
    observeTls: import.meta.env.FIREFOX ? registerFirefoxTlsObserver()?.observeTls : undefined,
  });
  registerSpotChecks();
});
