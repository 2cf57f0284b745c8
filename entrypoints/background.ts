import { registerBackground } from '../utils/background-service';

export default defineBackground(() => {
  registerBackground();
});
