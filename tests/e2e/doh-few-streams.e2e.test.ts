// An HTTP/2 DoH resolver that takes only 6 requests at once per connection (SETTINGS_MAX_CONCURRENT_STREAMS),
// 2 s per answer. The background sends up to 64 questions at once to an HTTP/2 resolver, so Chromium queues
// the others, and the 5 s timeout of a queued question runs while it waits there. Two things keep that from
// ending in ERROR: after the first timeout with more than 6 in flight the background sends at most 6 at once
// to that resolver (lib/dns/doh-client.ts, unit-tested in doh-scheduling.test.ts), and the audit halves its
// concurrency on timeouts and retries the checks that failed. Each alone keeps this audit free of ERROR
// (checked by disabling the other); with neither, 9 of the 16 domains ended in ERROR.
// tests/e2e/doh-http2.e2e.test.ts is the resolver that takes them all at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answeringBulkDomains, type ExtensionWorld, startExtensionWorld } from './support/extension-world';

let env: ExtensionWorld;

beforeAll(async () => {
  env = await startExtensionWorld({ bulk: 30, dohStreams: 6 });
  await env.useWorldResolver();
});
afterAll(async () => {
  await env?.close();
});

describe('bulk audit against an HTTP/2 DoH resolver that takes 6 requests at once', () => {
  it('ends with no ERROR although Chromium queues what the background sends', async () => {
    const domains = answeringBulkDomains(env.world, 16);
    env.world.doh.setBehaviour({ latencyMs: 2000 });
    try {
      const statuses = await env.auditStatuses(domains, 170_000);
      expect(statuses).toHaveLength(16);
      expect(statuses.filter((s) => s === 'ERROR')).toEqual([]);
    } finally {
      env.world.doh.setBehaviour({});
    }
  }, 180_000);
});
