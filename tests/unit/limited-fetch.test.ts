// limitedFetch: the one hardened GET under the DoH transport and the policy fetch.
import { describe, expect, it } from 'vitest';
import { limitedFetch } from '../../lib/http/limited-fetch';

const bytes = (n: number) => new Uint8Array(n).fill(97);

function stream(chunks: Uint8Array[], hang = false): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      const next = chunks.shift();
      if (next) controller.enqueue(next);
      else if (!hang) controller.close();
    },
  });
}

describe('limitedFetch', () => {
  it('asks for no redirects, no cookies, no cache and no referrer', async () => {
    let init: RequestInit | undefined;
    await limitedFetch('https://x.test/', {
      fetch: async (_url, i) => {
        init = i;
        return new Response('ok');
      },
      timeoutMs: 1000,
      maxBytes: 10,
    });
    expect(init).toMatchObject({
      method: 'GET',
      redirect: 'manual',
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  });

  it.each([
    ['under the cap', [bytes(4), bytes(4)], 10, 8, false],
    ['exactly at the cap', [bytes(5), bytes(5)], 10, 10, false],
    ['over the cap: keeps the first bytes and stops', [bytes(8), bytes(8), bytes(8)], 10, 10, true],
  ])('reads a body %s', async (_, chunks, maxBytes, kept, tooLarge) => {
    const result = await limitedFetch('https://x.test/', {
      fetch: async () => new Response(stream(chunks)),
      timeoutMs: 1000,
      maxBytes,
    });
    expect(result.ok && result.body?.byteLength).toBe(kept);
    expect(result.ok && result.tooLarge).toBe(tooLarge);
  });

  it.each([
    ['a 301', new Response(null, { status: 301, headers: { location: 'https://elsewhere/' } }), 301],
    ['a 404', new Response('nope', { status: 404 }), 404],
  ])('does not read the body of %s', async (_, response, status) => {
    const result = await limitedFetch('https://x.test/', {
      fetch: async () => response,
      timeoutMs: 1000,
      maxBytes: 10,
    });
    expect(result).toMatchObject({ ok: true, body: null, head: { status } });
  });

  it('times out on a body that never ends, keeping what arrived', async () => {
    const result = await limitedFetch('https://x.test/', {
      fetch: async (_u, init) => {
        const body = stream([bytes(3)], true);
        init?.signal?.addEventListener('abort', () => body.cancel().catch(() => {}));
        return new Response(body);
      },
      timeoutMs: 50,
      maxBytes: 10,
    });
    expect(result).toMatchObject({ ok: false, failure: 'timeout', head: { status: 200 } });
  });

  it.each([
    ['the caller cancelled', true, 'cancelled'],
    ['the network failed', false, 'network'],
  ])('says so when %s', async (_, abort, failure) => {
    const controller = new AbortController();
    if (abort) controller.abort();
    const result = await limitedFetch('https://x.test/', {
      fetch: async (_u, init) => {
        if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
        throw new TypeError('fetch failed');
      },
      timeoutMs: 1000,
      maxBytes: 10,
      signal: controller.signal,
    });
    expect(result).toMatchObject({ ok: false, failure });
  });
});
