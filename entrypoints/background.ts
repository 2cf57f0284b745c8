import { registerBackground } from '../utils/background-service';
import { registerSpotChecks } from '../utils/spot-check';

export default defineBackground(() => {
  registerBackground();
  registerSpotChecks();
});
