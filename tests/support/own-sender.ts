// The fake browser delivers runtime messages with an empty sender; the background accepts only messages from
// the extension's own pages (utils/messaging.ts isOwnSender). Tests send as the extension's popup page, as
// the real browser reports it.
import { fakeBrowser } from 'wxt/testing/fake-browser';

const send = fakeBrowser.runtime.sendMessage.bind(fakeBrowser.runtime);
const sender = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });

fakeBrowser.runtime.sendMessage = (async (...args: unknown[]) => {
  const message = args.length === 1 || (args.length === 2 && typeof args[1] === 'object') ? args[0] : args[1];
  const onMessage = fakeBrowser.runtime.onMessage as unknown as {
    hasListeners(): boolean;
    trigger(message: unknown, sender: unknown): Promise<unknown[]>;
  };
  // No listener: the fake's own error ("No listeners available"), as before.
  if (!onMessage.hasListeners()) return send(message);
  const results = await onMessage.trigger(message, sender());
  return results.find((r) => !!r);
}) as typeof fakeBrowser.runtime.sendMessage;
