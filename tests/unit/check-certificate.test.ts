import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyTlsEvidence, TlsObserver } from '../../lib/certificate';
import { checkDomain } from '../../lib/check/check-domain';
import { startWorld, type World } from '../support/world';

let world: World;

beforeAll(async () => {
  world = await startWorld({ httpsDoh: true, bulk: 0 });
});
afterAll(async () => {
  await world?.close();
});

const DAY_MS = 86_400_000;
const NOW = Date.parse('2026-11-30T12:00:00Z');

/** A browser that "saw" `tls` for every policy fetch, recording which URLs it was asked to watch. */
function fakeObserver(tls: PolicyTlsEvidence): { observeTls: TlsObserver; watched: string[] } {
  const watched: string[] = [];
  return {
    watched,
    observeTls: (url) => {
      watched.push(url);
      return { finish: async () => tls };
    },
  };
}

const connected = (daysLeft: number): PolicyTlsEvidence => ({
  kind: 'connected',
  protocol: 'TLSv1.3',
  chain: [
    {
      subject: 'CN=mta-sts.enforce.test',
      issuer: 'CN=MTA-STS Checker Test CA',
      notBefore: new Date(NOW - DAY_MS).toISOString(),
      notAfter: new Date(NOW + daysLeft * DAY_MS + 3_600_000).toISOString(),
      subjectAltNames: ['mta-sts.enforce.test'],
      sha256: null,
    },
  ],
});
const refused: PolicyTlsEvidence = { kind: 'failed', error: 'Peer’s Certificate issuer is not recognized.' };

const check = (domain: string, observeTls?: TlsObserver) =>
  checkDomain(domain, {
    fetch: world.fetch,
    resolverSetting: { kind: 'custom', url: world.dohUrl },
    policyTimeoutMs: 2000,
    now: () => NOW,
    observeTls,
  });

describe('checkDomain with a browser that shows the policy host certificate', () => {
  it.each<[string, PolicyTlsEvidence, string, string[], string[]]>([
    ['enforce.test', connected(200), 'SUCCESS', ['policy.cert.valid'], ['policy.cert.renew-soon']],
    ['enforce.test', connected(25), 'SUCCESS', ['policy.cert.valid', 'policy.cert.renew-soon'], []],
    ['enforce.test', connected(10), 'WARNING', ['policy.cert.expiring'], ['policy.cert.renew-soon']],
    ['badcert.test', refused, 'WARNING', ['policy.fetch.cert-rejected'], ['policy.fetch.failed']],
    // The resolver says the host does not exist: that is what senders see, whatever the browser reached.
    ['nohost.test', refused, 'WARNING', ['policy.host.nxdomain'], ['policy.fetch.cert-rejected']],
  ])('%s with %j is %s with %j and without %j', async (domain, tls, status, codes, absent) => {
    const { observeTls, watched } = fakeObserver(tls);
    const report = await check(domain, observeTls);
    const found = report.findings.map((f) => f.code);
    expect(report.status).toBe(status);
    for (const code of codes) expect(found).toContain(code);
    for (const code of absent) expect(found).not.toContain(code);
    expect(report.evidence.policyTls).toEqual(tls);
    expect(watched).toEqual([`https://mta-sts.${domain}/.well-known/mta-sts.txt`]);
  });

  it('keeps no certificate evidence where the browser cannot observe it', async () => {
    const report = await check('enforce.test');
    expect(report.evidence).not.toHaveProperty('policyTls');
    expect(report.findings.map((f) => f.code).filter((c) => c.startsWith('policy.cert'))).toEqual([]);
  });
});
