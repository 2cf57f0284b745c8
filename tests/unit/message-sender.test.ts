// Message handlers answer only the extension's own pages and worker; the policy fetch sends no referrer.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fetchPolicy } from '../../lib/mta-sts/fetch-policy';
import { isOwnSender, onMessage } from '../../utils/messaging';

const own = { id: 'test-extension-id', origin: 'chrome-extension://test-extension-id/' };

describe('isOwnSender', () => {
  it.each([
    ['the popup page', { id: own.id, url: `${own.origin}popup.html` }, true],
    ['the audit page open in a tab', { id: own.id, url: `${own.origin}audit.html`, tab: { id: 3 } }, true],
    ['the service worker', { id: own.id, url: `${own.origin}background.js` }, true],
    ['our extension without a URL (Firefox background)', { id: own.id }, true],
    ['another extension', { id: 'other-extension', url: 'chrome-extension://other-extension/x.html' }, false],
    ['a content script in a web page', { id: own.id, url: 'https://evil.example/', tab: { id: 3 } }, false],
    ['a tab without a URL', { id: own.id, tab: { id: 3 } }, false],
    ['a page of another origin naming our id', { id: own.id, url: 'https://evil.example/' }, false],
    ['no id', { url: `${own.origin}popup.html` }, false],
    ['no sender', undefined, false],
  ])('%s → %s', (_name, sender, expected) => {
    expect(isOwnSender(sender as never, own)).toBe(expected);
  });
});

describe('onMessage', () => {
  let remove: (() => void) | undefined;
  afterEach(() => remove?.());

  it('ignores a message from a web page even when it has the right shape', async () => {
    const handler = vi.fn(() => ({ ok: true as const, domain: 'x', registrable: 'x' }));
    remove = onMessage('normalize', handler as never);
    const trigger = (
      fakeBrowser.runtime.onMessage as unknown as { trigger(m: unknown, s: unknown): Promise<unknown[]> }
    ).trigger;
    await trigger(
      { type: 'normalize', data: { input: 'a' } },
      { id: own.id, url: 'https://evil.example/', tab: {} },
    );
    expect(handler).not.toHaveBeenCalled();
    await trigger(
      { type: 'normalize', data: { input: 'a' } },
      { id: own.id, url: `${own.origin}popup.html` },
    );
    expect(handler).toHaveBeenCalledTimes(1);
  });
});

describe('the policy fetch', () => {
  it('sends no referrer, no credentials, no cache and follows no redirect', async () => {
    const fetch = vi.fn(
      async () => new Response('version: STSv1\n', { headers: { 'content-type': 'text/plain' } }),
    );
    await fetchPolicy('example.com', { fetch: fetch as unknown as typeof globalThis.fetch });
    expect(fetch).toHaveBeenCalledWith(
      'https://mta-sts.example.com/.well-known/mta-sts.txt',
      expect.objectContaining({
        referrerPolicy: 'no-referrer',
        credentials: 'omit',
        cache: 'no-store',
        redirect: 'manual',
      }),
    );
  });
});
