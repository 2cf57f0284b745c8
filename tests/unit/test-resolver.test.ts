// "Test resolver" against a real local DoH server: a URL that answers RFC 8484 DNS messages passes (any
// rcode), a web page, an HTTP error or garbage does not.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testResolverUrl } from '../../lib/dns/test-resolver';
import type { DohFault } from '../support/doh-server';
import { startWorld, type World } from '../support/world';

let world: World;
beforeAll(async () => {
  world = await startWorld({ httpsDoh: true, bulk: 0 });
});
afterAll(async () => {
  await world?.close();
});
afterEach(() => world.resetDoh());

describe('testResolverUrl', () => {
  it('passes a URL that answers DNS-over-HTTPS messages, whatever the rcode', async () => {
    const result = await testResolverUrl(world.dohUrl, { fetch: world.fetch, timeoutMs: 2000 });
    expect(result).toMatchObject({ ok: true });
  });

  it.each<[DohFault]>([['http-500'], ['garbage'], ['wrong-content-type'], ['redirect']])(
    'fails a URL that answers %s',
    async (fault) => {
      world.doh.setBehaviour({ fault });
      const result = await testResolverUrl(world.dohUrl, { fetch: world.fetch, timeoutMs: 2000 });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.length).toBeGreaterThan(0);
    },
  );

  it.each([['not a url'], ['http://doh.test/dns-query']])(
    'fails %s without sending anything',
    async (url) => {
      const result = await testResolverUrl(url, { fetch: world.fetch });
      expect(result.ok).toBe(false);
    },
  );
});
