// Sample Reports for the popup components, the Markdown export and the fix suggestions.
// Built by hand to the shapes of lib/report.ts, so view tests do not depend on the checker itself.

import type { FindingCode } from '../../lib/catalog/index';
import { createEmptyEvidence } from '../../lib/report/empty';
import type {
  DnsEvidence,
  Evidence,
  Finding,
  MxHostEvidence,
  PolicyFetchEvidence,
  Report,
} from '../../lib/report/types';

export const CHECKED_AT = '2026-03-14T09:30:05.000Z';
export const HOSTILE_SCRIPT = '<script>window.__pwned = true</script>';
export const HOSTILE_IMG = '<img src=x onerror="window.__pwned = true">';

export function createDnsEvidence(
  overrides: Partial<DnsEvidence> & Pick<DnsEvidence, 'name' | 'type'>,
): DnsEvidence {
  return {
    rcode: 'NOERROR',
    authenticated: false,
    cnames: [],
    data: [],
    error: null,
    resolver: 'Cloudflare',
    elapsedMs: 21,
    ...overrides,
  };
}

export function createPolicyFetch(overrides: Partial<PolicyFetchEvidence> = {}): PolicyFetchEvidence {
  return {
    url: 'https://mta-sts.example.com/.well-known/mta-sts.txt',
    outcome: 'ok',
    status: 200,
    contentType: 'text/plain',
    location: null,
    bytes: 97,
    elapsedMs: 143,
    body: 'version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: *.mail.example.com\nmax_age: 1209600\n',
    truncated: false,
    error: null,
    ...overrides,
  };
}

export function createMxHost(host: string, overrides: Partial<MxHostEvidence> = {}): MxHostEvidence {
  return {
    host,
    preference: 10,
    covered: null,
    matchedBy: null,
    dane: false,
    daneAuthenticated: false,
    ...overrides,
  };
}

export function createEvidence(overrides: Partial<Evidence> = {}): Evidence {
  return { ...createEmptyEvidence(), ...overrides };
}

export function createReport(overrides: Partial<Report> = {}): Report {
  return {
    domain: 'example.com',
    checkedAt: CHECKED_AT,
    status: 'SUCCESS',
    summary: 'example.com publishes an enforced MTA-STS policy that covers all its mail servers.',
    findings: [],
    risks: [],
    evidence: createEvidence(),
    timings: { record: 40, policy: 180, mx: 45, tlsrpt: 38, dane: 60, total: 190 },
    resolver: 'Cloudflare',
    ...overrides,
  };
}

const f = (code: FindingCode, severity: Finding['severity'], message: string, rfc?: string): Finding =>
  rfc ? { code, severity, message, rfc } : { code, severity, message };

/** Enforced policy covering both MX hosts, TLS-RPT in place. */
export const successReport: Report = createReport({
  findings: [
    f('record.valid', 'info', 'The _mta-sts record is valid (id 20260301000000).', 'RFC 8461 §3.1'),
    f('policy.fetched', 'info', 'The policy was fetched over HTTPS.', 'RFC 8461 §3.3'),
    f('policy.mode.enforce', 'info', 'The policy is in enforce mode.', 'RFC 8461 §5'),
    f('mx.covered', 'info', 'All 2 MX hosts are covered by the policy.', 'RFC 8461 §4.1'),
    f('tlsrpt.valid', 'info', 'TLS-RPT reports go to mailto:tlsrpt@example.com.', 'RFC 8460 §3'),
    f('dnssec.unsigned', 'info', 'Not validated with DNSSEC: _mta-sts.example.com.'),
    f('dane.absent', 'info', 'No TLSA records (DANE) at _25._tcp for the MX hosts.', 'RFC 7672'),
  ],
  evidence: createEvidence({
    stsTxt: createDnsEvidence({
      name: '_mta-sts.example.com',
      type: 'TXT',
      data: ['v=STSv1; id=20260301000000'],
      cnames: ['_mta-sts.provider.example.net'],
    }),
    stsRecord: { version: 'STSv1', id: '20260301000000', extensions: {} },
    tlsRptTxt: createDnsEvidence({
      name: '_smtp._tls.example.com',
      type: 'TXT',
      data: ['v=TLSRPTv1; rua=mailto:tlsrpt@example.com'],
    }),
    tlsRptRecord: { version: 'TLSRPTv1', rua: ['mailto:tlsrpt@example.com'] },
    mx: createDnsEvidence({
      name: 'example.com',
      type: 'MX',
      data: ['10 mx1.example.com', '20 a.mail.example.com'],
    }),
    mxHosts: [
      createMxHost('mx1.example.com', { covered: true, matchedBy: 'mx1.example.com' }),
      createMxHost('a.mail.example.com', {
        preference: 20,
        covered: true,
        matchedBy: '*.mail.example.com',
        dane: true,
      }),
    ],
    policyHostA: createDnsEvidence({ name: 'mta-sts.example.com', type: 'A', data: ['192.0.2.10'] }),
    policyFetch: createPolicyFetch(),
    policy: {
      version: 'STSv1',
      mode: 'enforce',
      mx: ['mx1.example.com', '*.mail.example.com'],
      maxAge: 1209600,
    },
  }),
});

/** Testing mode and one MX host the policy does not list. */
export const warningReport: Report = createReport({
  status: 'WARNING',
  summary: "example.com's MTA-STS policy does not list all of its mail servers.",
  findings: [
    f('mx.uncovered', 'warning', 'The policy does not cover backup.other.net.', 'RFC 8461 §4.1'),
    f('policy.mode.testing', 'warning', 'The policy is in testing mode.', 'RFC 8461 §5'),
    f('policy.max-age.short', 'warning', 'max_age is 3600 seconds (one hour).', 'RFC 8461 §3.2'),
    f('record.valid', 'info', 'The _mta-sts record is valid.', 'RFC 8461 §3.1'),
  ],
  risks: [
    {
      id: 'interception',
      title: 'Mail can be read or altered in transit',
      detail: 'Testing mode does not stop a downgrade.',
    },
    {
      id: 'bounce',
      title: 'Legitimate mail may bounce',
      detail: 'An unlisted MX host will be refused once enforced.',
    },
  ],
  evidence: createEvidence({
    stsTxt: createDnsEvidence({ name: '_mta-sts.example.com', type: 'TXT', data: ['v=STSv1; id=abc123'] }),
    stsRecord: { version: 'STSv1', id: 'abc123', extensions: {} },
    mxHosts: [
      createMxHost('mx1.example.com', { covered: true, matchedBy: 'mx1.example.com' }),
      createMxHost('backup.other.net', { preference: 50, covered: false }),
    ],
    policyFetch: createPolicyFetch({
      body: 'version: STSv1\nmode: testing\nmx: mx1.example.com\nmax_age: 3600\n',
    }),
    policy: { version: 'STSv1', mode: 'testing', mx: ['mx1.example.com'], maxAge: 3600 },
  }),
});

/** Our resolver failed: nothing can be said about the domain. */
export const errorReport: Report = createReport({
  status: 'ERROR',
  summary: 'We could not complete the check of example.com: our own lookup failed.',
  findings: [f('dns.failed', 'error', 'Our DNS lookup of _mta-sts.example.com TXT failed: timeout')],
  evidence: createEvidence({
    stsTxt: createDnsEvidence({
      name: '_mta-sts.example.com',
      type: 'TXT',
      rcode: null,
      authenticated: null,
      error: 'timeout after 5000 ms',
    }),
  }),
  timings: { record: 5000, total: 5000 },
});

/** No MTA-STS at all, but real MX hosts: the starter set case. */
export const noMtaStsReport: Report = createReport({
  domain: 'shop.example',
  status: 'WARNING',
  summary: 'shop.example has no MTA-STS: mail sent to it can be downgraded to plaintext.',
  findings: [
    f('record.missing', 'warning', 'There is no TXT record at _mta-sts.shop.example.', 'RFC 8461 §3.1'),
    f('tlsrpt.missing', 'warning', 'There is no TXT record at _smtp._tls.shop.example.', 'RFC 8460 §3'),
    f('policy.host.nxdomain', 'info', 'mta-sts.shop.example does not exist.', 'RFC 8461 §3.3'),
  ],
  risks: [
    {
      id: 'downgrade',
      title: 'STARTTLS can be stripped by an attacker',
      detail: 'No policy tells senders to refuse.',
    },
  ],
  evidence: createEvidence({
    stsTxt: createDnsEvidence({ name: '_mta-sts.shop.example', type: 'TXT', rcode: 'NXDOMAIN' }),
    mxHosts: [
      createMxHost('alt1.aspmx.l.google.com', { preference: 5 }),
      createMxHost('aspmx.l.google.com', { preference: 1 }),
      createMxHost('ASPMX.L.GOOGLE.COM.', { preference: 1 }),
    ],
    policyFetch: createPolicyFetch({
      url: 'https://mta-sts.shop.example/.well-known/mta-sts.txt',
      outcome: 'network',
      status: null,
      contentType: null,
      bytes: 0,
      body: null,
      error: 'getaddrinfo ENOTFOUND mta-sts.shop.example',
    }),
  }),
});

/** The lead's checkDomain answer for input that is not a domain. */
export const invalidDomainReport: Report = createReport({
  domain: 'not a domain',
  status: 'ERROR',
  summary: 'This is not a domain name we can check.',
  findings: [
    f('domain.invalid', 'error', '“not a domain” contains a space, which is not allowed in a domain name.'),
  ],
  timings: { total: 0 },
});

/** A broken record whose id is still usable. */
export const invalidRecordReport: Report = createReport({
  status: 'WARNING',
  summary: "example.com's _mta-sts record is not usable.",
  findings: [f('record.invalid', 'error', 'The record has no ";" between its fields.', 'RFC 8461 §3.1')],
  evidence: createEvidence({
    stsTxt: createDnsEvidence({
      name: '_mta-sts.example.com',
      type: 'TXT',
      data: ['google-site-verification=xyz', 'v=STSv1 id=keepme42'],
    }),
    mxHosts: [createMxHost('mx1.example.com')],
  }),
});

/** Every network-supplied string carries markup or fence breakers; views must show them literally. */
export const hostileReport: Report = createReport({
  domain: 'evil.example',
  status: 'WARNING',
  summary: 'evil.example announces MTA-STS, but senders cannot read its policy.',
  findings: [
    f('policy.invalid', 'error', `Line 1 is not "key: value": ${HOSTILE_SCRIPT}`, 'RFC 8461 §3.2'),
    f('record.invalid', 'error', `The id "${HOSTILE_IMG}" is not 1–32 letters and digits.`, 'RFC 8461 §3.1'),
  ],
  risks: [
    { id: 'broken-policy', title: 'Your MTA-STS setup is ignored by senders', detail: 'Senders discard it.' },
  ],
  evidence: createEvidence({
    stsTxt: createDnsEvidence({
      name: '_mta-sts.evil.example',
      type: 'TXT',
      data: [`v=STSv1; id=${HOSTILE_IMG}`],
    }),
    tlsRptTxt: createDnsEvidence({
      name: '_smtp._tls.evil.example',
      type: 'TXT',
      data: [`v=TLSRPTv1; rua=${HOSTILE_SCRIPT}`],
    }),
    mxHosts: [createMxHost(HOSTILE_IMG, { covered: false })],
    policyFetch: createPolicyFetch({
      url: 'https://mta-sts.evil.example/.well-known/mta-sts.txt',
      contentType: `text/html; ${HOSTILE_SCRIPT}`,
      body: `${HOSTILE_SCRIPT}\n${HOSTILE_IMG}\n\`\`\`\`\n# not a heading\n[link](javascript:alert(1))\n`,
    }),
  }),
});

/** Many findings of every severity, to check the list stays usable. */
export const longReport: Report = createReport({
  status: 'WARNING',
  summary: 'example.com has MTA-STS, but part of the setup is not right.',
  findings: [
    ...Array.from({ length: 3 }, (_, i) =>
      f('policy.mx.invalid', 'error', `mx line ${i + 1} is not a host name.`),
    ),
    ...Array.from({ length: 12 }, (_, i) =>
      f('policy.unknown-key', 'warning', `Unknown key number ${i + 1}.`),
    ),
    ...Array.from({ length: 40 }, (_, i) =>
      f(
        'unlisted.code' as FindingCode /* a code from another version, as read back from storage */,
        'info',
        `Information item ${i + 1}.`,
      ),
    ),
  ],
  evidence: createEvidence({ mxHosts: [createMxHost('mx1.example.com')] }),
});

/** Characters that act instead of showing: terminal escapes, C1 controls, bidi controls, invisible formats. */
export const SPOOF_CHARACTERS: ReadonlyArray<readonly [string, string]> = [
  ['ESC colour (CSI)', '\u001b[31m'],
  ['OSC window title', '\u001b]0;pwned\u0007'],
  ['C1 CSI', '\u009b31m'],
  ['C1 NEL', '\u0085'],
  ['right-to-left override', '\u202E'],
  ['left-to-right isolate', '\u2066'],
  ['right-to-left isolate', '\u2067'],
  ['first strong isolate', '\u2068'],
  ['pop directional isolate', '\u2069'],
  ['zero width space', '\u200B'],
  ['zero width non-joiner', '\u200C'],
  ['zero width joiner', '\u200D'],
  ['left-to-right mark', '\u200E'],
  ['right-to-left mark', '\u200F'],
  ['byte order mark', '\uFEFF'],
];

/** A report whose every network-derived field carries `evil` (a spoofing character or sequence). */
export function createSpoofedReport(evil: string): Report {
  const host = `${evil}moc.elgoog.xm`;
  return createReport({
    domain: `spoof${evil}.example`,
    status: 'WARNING',
    summary: `spoof.example: the policy does not cover ${host}.`,
    findings: [f('mx.uncovered', 'warning', `The policy's mx patterns (${evil}) do not cover ${host}.`)],
    resolver: `https://doh${evil}.example/dns-query`,
    evidence: createEvidence({
      stsTxt: createDnsEvidence({
        name: `_mta-sts.spoof${evil}.example`,
        type: 'TXT',
        cnames: [`alias${evil}.example`],
        data: [`v=STSv1; id=1${evil}`],
        error: `error ${evil}`,
      }),
      stsRecord: { version: 'STSv1', id: `1${evil}`, extensions: { [`x${evil}`]: `y${evil}` } },
      tlsRptTxt: createDnsEvidence({
        name: '_smtp._tls.spoof.example',
        type: 'TXT',
        data: [`v=TLSRPTv1; rua=mailto:a${evil}@spoof.example`],
      }),
      mxHosts: [createMxHost(host, { covered: true, matchedBy: `*.${evil}elgoog.xm` })],
      policyFetch: createPolicyFetch({
        url: `https://mta-sts.spoof${evil}.example/.well-known/mta-sts.txt`,
        contentType: `text/plain${evil}`,
        location: `https://elsewhere${evil}.example/`,
        error: `failed ${evil}`,
        body: `version: STSv1\nmode: enforce\nmx: ${host}\nmax_age: 86400\n`,
      }),
      policy: { version: 'STSv1', mode: 'enforce', mx: [host], maxAge: 86400 },
    }),
  });
}

/** Any character that acts instead of showing, other than the line breaks a format may use itself. */
export function findRawSpoofCharacter(output: string, allowed = '\n\t'): string | null {
  for (const c of output) {
    if (allowed.includes(c)) continue;
    if (/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(c)) return `U+${(c.codePointAt(0) ?? 0).toString(16)}`;
  }
  return null;
}
