// "Test resolver": one query to a custom DNS-over-HTTPS URL, to show before relying on it that it answers
// RFC 8484 wire-format DNS messages. Any rcode counts (NXDOMAIN is still a DNS answer); a web page, an
// HTTP error or a JSON API does not.
import { createResolver, type ResolverDeps } from './doh-client';

export type ResolverTestResult =
  | { ok: true; rcode: string; elapsedMs: number }
  | { ok: false; error: string };

/** The name asked about: reserved for documentation (RFC 2606), so the answer says nothing about the user. */
export const RESOLVER_TEST_NAME = 'example.com';

export async function testResolverUrl(url: string, deps: ResolverDeps = {}): Promise<ResolverTestResult> {
  const resolver = createResolver({ kind: 'custom', url }, deps);
  try {
    const result = await resolver.query(RESOLVER_TEST_NAME, 'A');
    return result.ok
      ? { ok: true, rcode: result.answer.rcode, elapsedMs: result.answer.elapsedMs }
      : { ok: false, error: result.error };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
