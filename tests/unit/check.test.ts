import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDomain } from '../../lib/check/check-domain';
import type { StepProgress } from '../../lib/report/types';
import { startWorld, type World } from '../support/world';

let world: World;

beforeAll(async () => {
  world = await startWorld({ httpsDoh: true });
});
afterAll(async () => {
  await world?.close();
});

const check = (domain: string, extra: Parameters<typeof checkDomain>[1] = {}) =>
  checkDomain(domain, {
    fetch: world.fetch,
    resolverSetting: { kind: 'custom', url: world.dohUrl },
    policyTimeoutMs: 1000,
    dnsTimeoutMs: 2000,
    ...extra,
  });

describe('checkDomain against local DoH and HTTPS servers', () => {
  const names = [
    'enforce.test',
    'split.test',
    'signed.test',
    'nortp.test',
    'norecord.test',
    'multiple.test',
    'badrecord.test',
    'testing.test',
    'none.test',
    'notfound.test',
    'redirect.test',
    'html.test',
    'ctype.test',
    'huge.test',
    'slow.test',
    'badcert.test',
    'nohost.test',
    'orphan.test',
    'uncovered.test',
    'wildcard.test',
    'nullmx.test',
    'servfail.test',
    'hostile.test',
  ];

  it.each(names)('reports %s as its scenario expects', async (domain) => {
    const scenario = world.scenarios[domain];
    if (!scenario) throw new Error(`no scenario ${domain}`);
    const report = await check(domain);
    const codes = report.findings.map((f) => f.code);
    expect({ domain, status: report.status }).toEqual({ domain, status: scenario.expect.status });
    for (const code of scenario.expect.codes) expect(codes).toContain(code);
    for (const code of scenario.expect.absent ?? []) expect(codes).not.toContain(code);
    expect(report.domain).toBe(domain);
    expect(report.summary.length).toBeGreaterThan(10);
  });

  it('never reports FAIL and gives risks whenever the status is WARNING', async () => {
    for (const domain of ['norecord.test', 'testing.test', 'uncovered.test']) {
      const report = await check(domain);
      expect(report.status).toBe('WARNING');
      expect(report.risks.length).toBeGreaterThan(0);
    }
  });

  it('keeps the evidence of a successful check', async () => {
    const report = await check('enforce.test');
    expect(report.evidence.stsTxt?.data).toEqual(['v=STSv1; id=20261128T1']);
    expect(report.evidence.stsRecord?.id).toBe('20261128T1');
    expect(report.evidence.policyFetch).toMatchObject({
      status: 200,
      outcome: 'ok',
      contentType: 'text/plain',
    });
    expect(report.evidence.policy).toMatchObject({ mode: 'enforce', maxAge: 1209600 });
    expect(report.evidence.mxHosts).toEqual([
      expect.objectContaining({ host: 'mx1.enforce.test', covered: true, matchedBy: 'mx1.enforce.test' }),
      expect.objectContaining({ host: 'mx2.enforce.test', covered: true, matchedBy: '*.enforce.test' }),
    ]);
    expect(report.evidence.tlsRptRecord?.rua).toEqual(['mailto:tlsrpt@enforce.test']);
    expect(report.timings.total).toBeGreaterThanOrEqual(0);
  });

  it('joins split TXT character-strings without spaces', async () => {
    const report = await check('split.test');
    expect(report.evidence.stsTxt?.data).toEqual(['v=STSv1; id=20261128']);
  });

  it('names the uncovered host and says mail will bounce in enforce mode', async () => {
    const report = await check('uncovered.test');
    const finding = report.findings.find((f) => f.code === 'mx.uncovered');
    expect(finding?.severity).toBe('error');
    expect(finding?.message).toContain('backup.mailhost.example');
    expect(finding?.message).toMatch(/bounce/);
  });

  it('treats a.b.<domain> as not covered by *.<domain>', async () => {
    const report = await check('wildcard.test');
    const hosts = Object.fromEntries(report.evidence.mxHosts.map((h) => [h.host, h.covered]));
    expect(hosts).toEqual({ 'mx.wildcard.test': true, 'a.b.wildcard.test': false });
  });

  it('says it was our lookup that failed when the resolver answers SERVFAIL', async () => {
    const report = await check('servfail.test');
    expect(report.status).toBe('ERROR');
    expect(report.findings.find((f) => f.code === 'dns.failed')?.message).toMatch(/our|we could not/i);
    expect(report.risks).toEqual([]);
  });

  it('returns ERROR with domain.invalid for input that is not a domain, without any lookup', async () => {
    const before = world.doh.requests.length;
    const report = await check('not a domain');
    expect(report.status).toBe('ERROR');
    expect(report.findings.map((f) => f.code)).toEqual(['domain.invalid']);
    expect(world.doh.requests.length).toBe(before);
  });

  it('reports ERROR when the resolver cannot be reached at all', async () => {
    const report = await check('enforce.test', {
      resolverSetting: { kind: 'custom', url: 'https://nowhere.test/dns-query' },
    });
    expect(report.status).toBe('ERROR');
    expect(report.findings.map((f) => f.code)).toContain('dns.failed');
  });

  it('reports every step through onProgress', async () => {
    const steps: StepProgress[] = [];
    await check('enforce.test', { onProgress: (p) => steps.push(p) });
    expect(steps.map((s) => s.step).sort()).toEqual(['dane', 'mx', 'policy', 'record', 'tlsrpt']);
    expect(steps.every((s) => s.state === 'done')).toBe(true);
  });

  it('sends every independent lookup before the first answer arrives, and TLSA only after MX', async () => {
    // Each answer is held back 300 ms: lookups sent one after another would arrive ≥ 300 ms apart.
    world.doh.setBehaviour({ latencyMs: 300 });
    const before = world.doh.requests.length;
    try {
      await check('enforce.test');
    } finally {
      world.resetDoh();
    }
    const requests = world.doh.requests.slice(before);
    const firstRound = requests.filter((r) => r.type !== 'TLSA');
    const tlsa = requests.filter((r) => r.type === 'TLSA');
    expect(firstRound.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      'A mta-sts.enforce.test',
      'AAAA mta-sts.enforce.test',
      'MX enforce.test',
      'TXT _mta-sts.enforce.test',
      'TXT _smtp._tls.enforce.test',
    ]);
    const firstAnswerAt = Math.min(...firstRound.map((r) => r.at)) + 300;
    expect(Math.max(...firstRound.map((r) => r.at))).toBeLessThan(firstAnswerAt);
    expect(tlsa.map((r) => r.name).sort()).toEqual([
      '_25._tcp.mx1.enforce.test',
      '_25._tcp.mx2.enforce.test',
    ]);
    expect(Math.min(...tlsa.map((r) => r.at))).toBeGreaterThanOrEqual(firstAnswerAt - 5);
    expect(Math.max(...tlsa.map((r) => r.at)) - Math.min(...tlsa.map((r) => r.at))).toBeLessThan(300);
  });

  it('fetches the policy without cookies or HTTP caching and does not follow redirects', async () => {
    const before = world.policy.log.length;
    await check('redirect.test');
    const requests = world.policy.log.slice(before);
    expect(requests.map((r) => r.host)).toEqual(['mta-sts.redirect.test']);
    expect(requests[0]?.headers.cookie).toBeUndefined();
  });
});

describe('checkDomain with resolver presets', () => {
  it('moves on to the next preset when the first is down (fallback allowed), and reports which one answered', async () => {
    const { createResolver } = await import('../../lib/dns/doh-client');
    const { getRefusingUrl } = await import('../support/doh-server');
    const resolver = createResolver(
      { kind: 'preset', preset: 'cloudflare', fallback: true },
      {
        fetch: world.fetch,
        presetUrls: { cloudflare: await getRefusingUrl(), google: world.dohUrl, quad9: world.dohUrl },
      },
    );
    const report = await checkDomain('enforce.test', { fetch: world.fetch, resolver });
    expect(report.status).toBe('SUCCESS');
    expect(report.evidence.stsTxt?.resolver).toBe('google');
  });
});
