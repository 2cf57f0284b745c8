// A deliberately slow HTTP/1.1 DoH resolver (1.5 s per answer): Chromium sends at most 6 requests per host
// and queues the rest. Our per-resolver queue keeps the waiting on our side, so the 5 s DoH timeout measures
// only the resolver and a 32-domain audit at the default concurrency ends with no ERROR caused by queueing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answeringBulkDomains, type ExtensionWorld, startExtensionWorld } from './support/extension-world';

let env: ExtensionWorld;

beforeAll(async () => {
  env = await startExtensionWorld({ http1Doh: true, bulk: 44 });
  await env.useWorldResolver();
});
afterAll(async () => {
  await env?.close();
});

describe('bulk audit against a slow HTTP/1.1 DoH resolver', () => {
  it('checks 32 domains at the default concurrency without a single ERROR', async () => {
    const domains = answeringBulkDomains(env.world, 32);
    env.world.doh.setBehaviour({ latencyMs: 1500 });
    const statuses = await env.auditStatuses(domains, 170_000);
    expect(statuses).toHaveLength(32);
    expect(statuses.filter((s) => s === 'ERROR')).toEqual([]);
    console.log(`slow HTTP/1.1 DoH: at most ${env.world.doh.maxInFlight} requests at the resolver at once`);
  }, 180_000);
});
