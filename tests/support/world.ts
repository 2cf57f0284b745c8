// A small world of fixture domains, served by real local servers: one DoH server answering from a fixture
// zone and one HTTPS policy server routing by host name (with per-host certificates for TLS failures).
// The same world backs the Node scenario tests, the CLI tests, the Chromium end-to-end tests and the bench.
import { getTestCa, issueLeafCert, type KeyPairPem, spkiSha256 } from './certs';
import { type DohServer, startDohServer } from './doh-server';
import { createTestFetchWithAgent } from './node-fetch';
import { type PolicyRoute, type PolicyServer, startPolicyServer } from './policy-server';
import type { Zone, ZoneEntry } from './zone';

export const DOH_HOST = 'doh.test';
const LOOPBACK = '127.0.0.1';

export const policyBody = (mode: string, mx: string[], maxAge = 1209600) =>
  `version: STSv1\r\nmode: ${mode}\r\n${mx.map((m) => `mx: ${m}\r\n`).join('')}max_age: ${maxAge}\r\n`;

const text = (body: string, extra: Partial<PolicyRoute> = {}): PolicyRoute => ({
  body,
  headers: { 'content-type': 'text/plain' },
  ...extra,
});

export interface Scenario {
  /** Records by owner name (relative names get the domain appended). */
  zone: Record<string, ZoneEntry>;
  /** The policy host's route; absent = the policy host has no address (NXDOMAIN). */
  policy?: PolicyRoute;
  /** Serve the policy host with a certificate nobody trusts. */
  untrustedCert?: boolean;
  /** The policy host's (trusted) certificate expires this many days from now (default 365). */
  certValidDays?: number;
  /** The DoH server answers SERVFAIL for the _mta-sts record: our lookup fails (status ERROR). */
  servfail?: boolean;
  /** What checkDomain should conclude. */
  expect: { status: 'SUCCESS' | 'WARNING' | 'ERROR'; codes: string[]; absent?: string[] };
}

const mx = (...hosts: string[]): ZoneEntry => ({ MX: hosts.map((h, i) => [10 * (i + 1), h] as const) });
const sts = (id = '20261128T1'): ZoneEntry => ({ TXT: [`v=STSv1; id=${id}`] });
const rpt = (d: string): ZoneEntry => ({ TXT: [`v=TLSRPTv1; rua=mailto:tlsrpt@${d}`] });

/**
 * Every scenario is named by its domain; `@` stands for the domain itself in zone keys. `bulk` adds that many
 * generated domains (bulk001.test …) cycling through SUCCESS, WARNING (testing mode), WARNING (no record)
 * and ERROR (SERVFAIL), for the audit tests and benchmarks.
 */
export function createScenarios(options: { bulk?: number } = {}): Record<string, Scenario> {
  const s: Record<string, Scenario> = {};
  const standard = (d: string, policy: PolicyRoute | undefined, extra: Partial<Scenario> = {}): Scenario => ({
    zone: {
      '@': mx(`mx1.${d}`, `mx2.${d}`),
      '_mta-sts': sts(),
      '_smtp._tls': rpt(d),
      'mta-sts': { A: [LOOPBACK] },
    },
    policy,
    expect: { status: 'SUCCESS', codes: [] },
    ...extra,
  });
  const enforceFor = (d: string) => policyBody('enforce', [`mx1.${d}`, `*.${d}`]);

  s['enforce.test'] = standard('enforce.test', text(enforceFor('enforce.test')), {
    expect: {
      status: 'SUCCESS',
      codes: ['record.valid', 'policy.mode.enforce', 'mx.covered', 'tlsrpt.valid'],
      absent: ['tlsrpt.missing'],
    },
  });
  s['split.test'] = standard('split.test', text(enforceFor('split.test')), {
    expect: { status: 'SUCCESS', codes: ['record.valid'] },
  });
  s['split.test'].zone['_mta-sts'] = { TXT: [['v=STSv1; ', 'id=2026', '1128']] };
  s['signed.test'] = standard('signed.test', text(enforceFor('signed.test')), {
    expect: { status: 'SUCCESS', codes: ['dnssec.signed', 'dane.present'] },
  });
  s['signed.test'].zone = {
    '@': { ...mx('mx1.signed.test'), ad: true },
    '_mta-sts': { ...sts(), ad: true },
    '_smtp._tls': rpt('signed.test'),
    'mta-sts': { A: [LOOPBACK] },
    '_25._tcp.mx1': { TLSA: [[3, 1, 1, 'ab'.repeat(32)]], ad: true },
  };
  s['nortp.test'] = standard('nortp.test', text(enforceFor('nortp.test')), {
    expect: { status: 'SUCCESS', codes: ['tlsrpt.missing'] },
  });
  delete s['nortp.test'].zone['_smtp._tls'];

  s['norecord.test'] = {
    zone: { '@': mx('mx1.norecord.test') },
    expect: { status: 'WARNING', codes: ['record.missing', 'tlsrpt.missing'], absent: ['policy.orphan'] },
  };
  s['multiple.test'] = standard('multiple.test', text(enforceFor('multiple.test')), {
    expect: { status: 'WARNING', codes: ['record.multiple'] },
  });
  s['multiple.test'].zone['_mta-sts'] = { TXT: ['v=STSv1; id=1', 'v=STSv1; id=2'] };
  s['badrecord.test'] = standard('badrecord.test', text(enforceFor('badrecord.test')), {
    expect: { status: 'WARNING', codes: ['record.invalid'] },
  });
  s['badrecord.test'].zone['_mta-sts'] = { TXT: ['v=STSv1; id=not_valid!'] };
  s['testing.test'] = standard('testing.test', text(policyBody('testing', ['*.testing.test'])), {
    expect: { status: 'WARNING', codes: ['policy.mode.testing'] },
  });
  s['none.test'] = standard('none.test', text('version: STSv1\nmode: none\nmax_age: 86400\n'), {
    expect: { status: 'WARNING', codes: ['policy.mode.none'] },
  });
  s['notfound.test'] = standard(
    'notfound.test',
    { status: 404, body: 'Not Found' },
    {
      expect: { status: 'WARNING', codes: ['policy.http-status'] },
    },
  );
  s['redirect.test'] = standard(
    'redirect.test',
    { redirectTo: 'https://www.redirect.test/.well-known/mta-sts.txt' },
    { expect: { status: 'WARNING', codes: ['policy.redirect'] } },
  );
  s['html.test'] = standard(
    'html.test',
    { html: true },
    {
      expect: { status: 'WARNING', codes: ['policy.html'] },
    },
  );
  s['ctype.test'] = standard(
    'ctype.test',
    { body: enforceFor('ctype.test'), headers: { 'content-type': 'application/octet-stream' } },
    { expect: { status: 'WARNING', codes: ['policy.content-type'] } },
  );
  s['huge.test'] = standard(
    'huge.test',
    { bodyBytes: 5 * 1024 * 1024, headers: { 'content-type': 'text/plain' } },
    { expect: { status: 'WARNING', codes: ['policy.too-large'] } },
  );
  s['slow.test'] = standard(
    'slow.test',
    text(enforceFor('slow.test'), { slowBodyMs: 200, trickleBytes: 8 }),
    { expect: { status: 'WARNING', codes: ['policy.timeout'] } },
  );
  s['badcert.test'] = standard('badcert.test', text(enforceFor('badcert.test')), {
    untrustedCert: true,
    expect: { status: 'WARNING', codes: ['policy.fetch.failed'] },
  });
  s['nohost.test'] = standard('nohost.test', undefined, {
    expect: { status: 'WARNING', codes: ['policy.host.nxdomain'] },
  });
  delete s['nohost.test'].zone['mta-sts'];
  s['orphan.test'] = standard('orphan.test', text(enforceFor('orphan.test')), {
    expect: { status: 'WARNING', codes: ['record.missing', 'policy.orphan'] },
  });
  delete s['orphan.test'].zone['_mta-sts'];
  s['uncovered.test'] = standard('uncovered.test', text(policyBody('enforce', ['mx1.uncovered.test'])), {
    expect: { status: 'WARNING', codes: ['mx.uncovered'] },
  });
  s['uncovered.test'].zone['@'] = mx('mx1.uncovered.test', 'backup.mailhost.example');
  s['wildcard.test'] = standard('wildcard.test', text(policyBody('enforce', ['*.wildcard.test'])), {
    expect: { status: 'WARNING', codes: ['mx.uncovered'] },
  });
  // The one-label wildcard trap: *.wildcard.test does not cover a.b.wildcard.test (RFC 8461 §4.1).
  s['wildcard.test'].zone['@'] = mx('mx.wildcard.test', 'a.b.wildcard.test');
  s['nullmx.test'] = {
    zone: { '@': { MX: [[0, '.']] } },
    expect: { status: 'WARNING', codes: ['mx.null', 'record.missing'] },
  };
  s['servfail.test'] = standard('servfail.test', text(enforceFor('servfail.test')), {
    servfail: true,
    expect: { status: 'ERROR', codes: ['dns.failed'] },
  });
  // A certificate that expires in 10 days: only a browser that shows the certificate (Firefox) can tell.
  s['expiring.test'] = standard('expiring.test', text(enforceFor('expiring.test')), {
    certValidDays: 10,
    expect: { status: 'SUCCESS', codes: ['record.valid', 'policy.mode.enforce'] },
  });
  // Like enforce.test, for tests that change its policy (drift) without disturbing the others.
  s['drift.test'] = standard('drift.test', text(enforceFor('drift.test')), {
    expect: { status: 'SUCCESS', codes: ['record.valid'] },
  });
  for (let i = 1; i <= (options.bulk ?? 0); i++) {
    const d = `bulk${String(i).padStart(3, '0')}.test`;
    const kind = i % 4;
    if (kind === 1) {
      s[d] = standard(d, text(enforceFor(d)), { expect: { status: 'SUCCESS', codes: ['record.valid'] } });
    } else if (kind === 2) {
      s[d] = standard(d, text(policyBody('testing', [`*.${d}`])), {
        expect: { status: 'WARNING', codes: ['policy.mode.testing'] },
      });
    } else if (kind === 3) {
      s[d] = { zone: { '@': mx(`mx1.${d}`) }, expect: { status: 'WARNING', codes: ['record.missing'] } };
    } else {
      s[d] = standard(d, text(enforceFor(d)), {
        servfail: true,
        expect: { status: 'ERROR', codes: ['dns.failed'] },
      });
    }
  }
  // A hostile policy host: markup in the policy body and the TXT record must be shown as text.
  s['hostile.test'] = standard(
    'hostile.test',
    text(
      `version: STSv1\nmode: enforce\nmx: <script>window.__pwned=1</script>\nmax_age: 86400\n<img src=x onerror="window.__pwned=1">\n`,
    ),
    { expect: { status: 'WARNING', codes: ['policy.invalid'] } },
  );
  s['hostile.test'].zone['_mta-sts'] = { TXT: ['v=STSv1; id=1; x=<img/src=x/onerror=alert(1)>'] };
  return s;
}

/**
 * A hostile but well-formed domain: `mxCount` MX hosts and a testing-mode policy with `patternCount` mx lines
 * that match none of them (the 64 KB MX answer / 3,000-line policy of the security review, scaled).
 */
export function createBigMxScenario(domain: string, mxCount: number, patternCount: number): Scenario {
  const n = (i: number) => String(i).padStart(4, '0');
  const hosts = Array.from({ length: mxCount }, (_, i) => `mx${n(i)}.${domain}`);
  const patterns = Array.from({ length: patternCount }, (_, i) => `p${n(i)}.${domain}`);
  return {
    zone: {
      '@': { MX: hosts.map((h, i) => [10 + (i % 50), h] as const) },
      '_mta-sts': sts(),
      '_smtp._tls': rpt(domain),
      'mta-sts': { A: [LOOPBACK] },
    },
    policy: text(policyBody('testing', patterns)),
    expect: { status: 'WARNING', codes: ['mx.truncated', 'mx.uncovered'] },
  };
}

/** Zone for all scenarios, with relative owner names made absolute. */
export function createWorldZone(scenarios = createScenarios()): Zone {
  const zone: Record<string, ZoneEntry> = { [DOH_HOST]: { A: [LOOPBACK] } };
  for (const [domain, scenario] of Object.entries(scenarios)) {
    for (const [owner, entry] of Object.entries(scenario.zone)) {
      zone[owner === '@' ? domain : `${owner}.${domain}`] = entry;
    }
    // MX hosts exist (an address each), so only the scenario's own faults show.
    for (const e of Object.values(scenario.zone)) {
      for (const [, host] of e.MX ?? []) if (host !== '.' && !zone[host]) zone[host] = { A: [LOOPBACK] };
    }
  }
  return zone;
}

export interface WorldOptions {
  httpsDoh?: boolean;
  /** The DoH server speaks only HTTP/1.1 (browsers queue beyond 6 requests per host). */
  http1Doh?: boolean;
  /** Over HTTP/2, the DoH server takes this many requests at once per connection (browsers queue the rest). */
  dohStreams?: number;
  latencyMs?: number;
  bulk?: number;
  /** More scenarios, e.g. createBigMxScenario(…). */
  extra?: Record<string, Scenario>;
  /** Port of the policy server on 127.0.0.1 (Firefox needs 443); default a free one. */
  policyPort?: number;
}

export interface World {
  scenarios: Record<string, Scenario>;
  doh: DohServer;
  policy: PolicyServer;
  /** The CA that signs every trusted certificate (for Node's fetch). */
  ca: KeyPairPem;
  /** SPKI hash of the trusted leaf (for Chromium's --ignore-certificate-errors-spki-list). */
  trustedSpki: string;
  /** Host → port on 127.0.0.1 for every host that should be reachable. */
  hostMap: Record<string, number>;
  /** Policy hosts that must not resolve (for Chromium's host-resolver-rules). */
  unresolvable: string[];
  /** A Node fetch that reaches the world with real TLS (trusting only the test CA). */
  fetch: typeof fetch;
  /** Back to the zone's own answers (no latency), with the scenarios' SERVFAILs in place. */
  resetDoh(): void;
  /** DoH URL: https://doh.test:PORT/dns-query when `httpsDoh`, else http://127.0.0.1:PORT/dns-query. */
  dohUrl: string;
  close(): Promise<void>;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const scenarios = { ...createScenarios({ bulk: options.bulk ?? 60 }), ...options.extra };
  const policyHosts = Object.keys(scenarios).map((d) => `mta-sts.${d}`);
  // One small certificate per host, as in real life (a certificate naming hundreds of hosts makes every
  // handshake slow), all on one key so a single SPKI hash covers them for Chromium.
  const ca = await getTestCa();
  const dohCert = await issueLeafCert([DOH_HOST]);
  const hostCerts = new Map(
    await Promise.all(
      policyHosts.map(async (h) => {
        const validDays = scenarios[h.slice('mta-sts.'.length)]?.certValidDays;
        return [h, await issueLeafCert([h], { key: dohCert.key, validDays })] as const;
      }),
    ),
  );
  const untrusted = await issueLeafCert(policyHosts, { issuer: 'untrusted-ca' });
  const certs = { ca, good: dohCert };
  const doh = await startDohServer({
    zone: createWorldZone(scenarios),
    tls: options.httpsDoh ? { key: certs.good.key, cert: certs.good.cert } : undefined,
    http1Only: options.http1Doh,
    maxConcurrentStreams: options.dohStreams,
  });
  for (const [domain, scenario] of Object.entries(scenarios)) {
    if (scenario.servfail) doh.setBehaviour({ fault: 'servfail' }, { name: `_mta-sts.${domain}` });
  }
  if (options.latencyMs) doh.setBehaviour({ latencyMs: options.latencyMs });

  const routes: Record<string, PolicyRoute> = {};
  const sni: Record<string, KeyPairPem> = {};
  const unresolvable: string[] = [];
  for (const [domain, scenario] of Object.entries(scenarios)) {
    const host = `mta-sts.${domain}`;
    if (!scenario.zone['mta-sts']) {
      unresolvable.push(host);
      continue;
    }
    routes[host] = { ...(scenario.policy ?? { status: 404 }), latencyMs: options.latencyMs };
    const own = hostCerts.get(host);
    if (scenario.untrustedCert) sni[host] = { key: untrusted.key, cert: untrusted.cert };
    else if (own) sni[host] = { key: own.key, cert: own.cert };
  }
  const policy = await startPolicyServer({
    key: certs.good.key,
    cert: certs.good.cert,
    routes,
    sni,
    port: options.policyPort,
  });
  const hostMap: Record<string, number> = { [DOH_HOST]: doh.port };
  for (const host of Object.keys(routes)) hostMap[host] = policy.port;
  const nodeFetch = createTestFetchWithAgent({ ca: [certs.ca.cert], hostMap });
  return {
    scenarios,
    doh,
    policy,
    ca: certs.ca,
    trustedSpki: spkiSha256(certs.good.cert),
    hostMap,
    unresolvable,
    fetch: nodeFetch.fetch,
    resetDoh() {
      doh.resetBehaviours();
      for (const [domain, scenario] of Object.entries(scenarios)) {
        if (scenario.servfail) doh.setBehaviour({ fault: 'servfail' }, { name: `_mta-sts.${domain}` });
      }
    },
    dohUrl: options.httpsDoh ? `https://${DOH_HOST}:${doh.port}/dns-query` : doh.url,
    async close() {
      await Promise.allSettled([nodeFetch.close(), doh.close(), policy.close()]);
    },
  };
}
