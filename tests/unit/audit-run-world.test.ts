// The runner against real local servers: checkDomain over ~30 domains through HTTPS DoH and the HTTPS policy
// server, both answering after 50 ms, with one DNS cache shared across the run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRow } from '../../lib/audit/audit-row';
import { createAuditRun } from '../../lib/audit/run-audit';
import { checkDomain } from '../../lib/check/check-domain';
import { createDnsCache } from '../../lib/dns/cache';
import { startWorld, type World } from '../support/world';

let world: World;

beforeAll(async () => {
  world = await startWorld({ httpsDoh: true, latencyMs: 50 });
});
afterAll(async () => {
  await world?.close();
});

const POLICY_PATH = '/.well-known/mta-sts.txt';

describe('createAuditRun with checkDomain against the local world', () => {
  it('never lets more than 4 checks fetch policies at once, and reports every domain', async () => {
    // The named scenarios (not the generated bulk ones), plus domains that do not exist for the rest: quick
    // NXDOMAIN answers, policy hosts that do not resolve.
    const scenarioDomains = Object.keys(world.scenarios)
      .filter((d) => !d.startsWith('bulk'))
      .slice(0, 26);
    const missing = Array.from({ length: 30 - scenarioDomains.length }, (_, i) => `gone${i}.test`);
    const domains = [...scenarioDomains, ...missing];
    expect(domains).toHaveLength(30);

    // A check counts as "fetching a policy" from its first policy request until the check ends: an upper bound
    // on any real overlap of policy fetches, so the assertion below is at least as strict as needed.
    const fetchingPolicy = new Set<string>();
    const checkRunning = new Set<string>();
    let maxFetchingPolicy = 0;
    let maxChecksWithRequests = 0;
    const withRequests = new Set<string>();
    const policyRequestsBefore = world.policy.log.length;
    const dnsCache = createDnsCache();
    const rows: AuditRow[] = [];

    const run = createAuditRun(domains, {
      concurrency: 4,
      async check(domain) {
        checkRunning.add(domain);
        const countingFetch: typeof fetch = (input, init) => {
          const url = new URL(input instanceof Request ? input.url : String(input));
          withRequests.add(domain);
          maxChecksWithRequests = Math.max(maxChecksWithRequests, withRequests.size);
          if (url.pathname === POLICY_PATH) {
            fetchingPolicy.add(domain);
            maxFetchingPolicy = Math.max(maxFetchingPolicy, fetchingPolicy.size);
          }
          return world.fetch(input, init);
        };
        try {
          return await checkDomain(domain, {
            fetch: countingFetch,
            resolverSetting: { kind: 'custom', url: world.dohUrl },
            dnsCache,
            policyTimeoutMs: 1000,
            dnsTimeoutMs: 3000,
          });
        } finally {
          fetchingPolicy.delete(domain);
          withRequests.delete(domain);
          checkRunning.delete(domain);
        }
      },
      onResult(row) {
        rows.push(row);
      },
    });
    const final = await run.start();

    expect(maxFetchingPolicy).toBeLessThanOrEqual(4);
    expect(maxChecksWithRequests).toBeLessThanOrEqual(4);
    // Not vacuous: checks really ran side by side.
    expect(maxFetchingPolicy).toBeGreaterThan(1);
    expect(checkRunning.size).toBe(0);

    // Every policy host that completes a TLS handshake was asked, through the real HTTPS server.
    const requested = new Set(world.policy.log.slice(policyRequestsBefore).map((e) => e.host));
    const reachable = Object.entries(world.scenarios)
      .filter(
        ([d, s]) => domains.includes(d) && world.hostMap[`mta-sts.${d}`] !== undefined && !s.untrustedCert,
      )
      .map(([d]) => `mta-sts.${d}`);
    expect(reachable.length).toBeGreaterThan(15);
    for (const host of reachable) expect(requested).toContain(host);

    expect(final).toMatchObject({ done: 30, total: 30, inFlight: 0, state: 'done' });
    expect(rows.map((r) => r.domain).sort()).toEqual([...domains].sort());
    for (const domain of scenarioDomains) {
      const scenario = world.scenarios[domain];
      const row = rows.find((r) => r.domain === domain);
      expect({ domain, status: row?.status }).toEqual({ domain, status: scenario?.expect.status });
    }
    // servfail.test cannot conclude: retried once, then counted as ERROR.
    expect(rows.find((r) => r.domain === 'servfail.test')).toMatchObject({ status: 'ERROR', attempts: 2 });
    expect(rows.find((r) => r.domain === 'enforce.test')).toMatchObject({
      status: 'SUCCESS',
      mode: 'enforce',
      mxTotal: 2,
      mxCovered: 2,
      tlsRpt: true,
      policyId: '20261128T1',
      attempts: 1,
    });
    expect(rows.find((r) => r.domain === 'gone0.test')?.findingCodes).toContain('domain.nxdomain');
    expect(final.counts.ERROR).toBe(1);
  }, 60_000);
});
