// A DoH resolver on HTTP/2 takes many requests on one connection: once the background has seen (Resource Timing)
// that it speaks HTTP/2, a bulk audit's questions go to it at once instead of six at a time, which had made an
// audit at concurrency 8 take four times as long as its checks need. tests/e2e/slow-doh.e2e.test.ts is the
// HTTP/1.1 side: there the browser itself queues beyond 6 per host, so the background keeps to 6.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answeringBulkDomains, type ExtensionWorld, startExtensionWorld } from './support/extension-world';

let env: ExtensionWorld;

beforeAll(async () => {
  env = await startExtensionWorld({ bulk: 40 });
  await env.useWorldResolver();
});
afterAll(async () => {
  await env?.close();
});

describe('bulk audit against an HTTP/2 DoH resolver', () => {
  it('has more than 6 questions at the resolver at once, and every domain checked', async () => {
    const domains = answeringBulkDomains(env.world, 24);
    env.world.doh.setBehaviour({ latencyMs: 300 });
    env.world.doh.resetMaxInFlight();
    try {
      const statuses = await env.auditStatuses(domains, 60_000);
      expect(statuses).toHaveLength(24);
      expect(statuses.filter((s) => s === 'ERROR')).toEqual([]);
      expect(env.world.doh.maxInFlight).toBeGreaterThan(6);
    } finally {
      env.world.doh.setBehaviour({});
    }
  }, 90_000);
});
