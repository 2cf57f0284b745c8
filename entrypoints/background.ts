import { defineBackground } from 'wxt/utils/define-background';
import { registerBackground } from '../utils/background-service';
import { registerFirefoxTlsObserver } from '../utils/firefox-tls';
import { registerSpotChecks } from '../utils/spot-check';

export default defineBackground(() => {
  // Only Firefox exposes certificates; the Chrome build leaves the observer (and its DER parser) out.
  registerBackground({
    observeTls: import.meta.env.FIREFOX ? registerFirefoxTlsObserver()?.observeTls : undefined,
  });
  registerSpotChecks();
});
