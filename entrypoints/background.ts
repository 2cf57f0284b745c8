import { registerBackground } from '../utils/background-service';
import { registerFirefoxTlsObserver } from '../utils/firefox-tls';
import { registerSpotChecks } from '../utils/spot-check';

export default defineBackground(() => {
  registerBackground({ observeTls: registerFirefoxTlsObserver()?.observeTls });
  registerSpotChecks();
});
