import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type CertificateSummary,
  commonName,
  coveringName,
  createCertificateFindings,
  createTlsFailureFinding,
  type PolicyTlsEvidence,
  readSubjectAltNames,
} from '../../lib/certificate';
import { issueLeafCert } from '../support/certs';

const DAY_MS = 86_400_000;
const NOW = Date.parse('2026-11-30T12:00:00Z');
const HOST = 'mta-sts.example.com';

const leaf = (overrides: Partial<CertificateSummary> = {}): CertificateSummary => ({
  subject: `CN=${HOST}`,
  issuer: "CN=R11,O=Let's Encrypt,C=US",
  notBefore: new Date(NOW - 60 * DAY_MS).toISOString(),
  notAfter: new Date(NOW + 60 * DAY_MS).toISOString(),
  subjectAltNames: [HOST],
  sha256: null,
  ...overrides,
});

const connected = (cert: CertificateSummary): PolicyTlsEvidence => ({
  kind: 'connected',
  protocol: 'TLSv1.3',
  chain: [cert],
});

describe('commonName', () => {
  it.each([
    ["CN=R11,O=Let's Encrypt,C=US", 'R11'],
    ['O=Example,CN=mta-sts.example.com', 'mta-sts.example.com'],
    ['CN=Example\\, Inc. CA,C=DE', 'Example, Inc. CA'],
    ['O=No Common Name', 'O=No Common Name'],
  ])('reads the CN of %s as %s', (dn, cn) => {
    expect(commonName(dn)).toBe(cn);
  });
});

describe('coveringName', () => {
  it.each([
    [[HOST], HOST],
    [['*.example.com'], '*.example.com'],
    [['example.com', 'www.example.com'], null],
    [['*.mta-sts.example.com'], null],
    [null, null],
  ])('finds which of %j covers the policy host: %s', (names, expected) => {
    expect(coveringName(leaf({ subjectAltNames: names }), HOST)).toBe(expected);
  });
});

describe('createCertificateFindings', () => {
  it.each([
    [90, 'info', []],
    [31, 'info', []],
    [30, 'info', ['policy.cert.renew-soon']],
    [15, 'info', ['policy.cert.renew-soon']],
    [14, 'warning', ['policy.cert.expiring']],
    [10, 'warning', ['policy.cert.expiring']],
    [0, 'warning', ['policy.cert.expiring']],
  ])('with %i days left, adds %s findings %j', (days, severity, extra) => {
    const findings = createCertificateFindings(
      connected(leaf({ notAfter: new Date(NOW + days * DAY_MS + 3_600_000).toISOString() })),
      HOST,
      NOW,
    );
    expect(findings.map((f) => f.code)).toEqual(['policy.cert.valid', ...extra]);
    expect(findings.at(-1)?.severity).toBe(extra.length > 0 ? severity : 'info');
  });

  it('names the issuer, the covering name and the expiry date', () => {
    const [valid] = createCertificateFindings(
      connected(leaf({ subjectAltNames: ['*.example.com'] })),
      HOST,
      NOW,
    );
    expect(valid?.message).toContain('issued by R11');
    expect(valid?.message).toContain('it names *.example.com');
    expect(valid?.message).toContain('2027-01-29');
  });

  it('says in how many days a certificate expires, and on which date', () => {
    const notAfter = new Date(NOW + 10 * DAY_MS + 3_600_000).toISOString();
    const findings = createCertificateFindings(connected(leaf({ notAfter })), HOST, NOW);
    expect(findings[1]?.message).toContain(`expires on ${notAfter.slice(0, 10)}, in 10 days`);
  });

  it.each<[string, PolicyTlsEvidence]>([
    ['a failed connection', { kind: 'failed', error: 'Peer’s Certificate issuer is not recognized.' }],
    ['no connection seen', { kind: 'not-seen' }],
    ['an empty chain', { kind: 'connected', protocol: null, chain: [] }],
  ])('draws no certificate findings from %s', (_, tls) => {
    expect(createCertificateFindings(tls, HOST, NOW)).toEqual([]);
  });
});

describe('createTlsFailureFinding', () => {
  it.each([
    [
      'Peer’s Certificate issuer is not recognized.',
      'not issued by a certificate authority the browser trusts',
    ],
    ['SEC_ERROR_UNKNOWN_ISSUER', 'not issued by a certificate authority the browser trusts'],
    ['Peer’s Certificate has expired.', 'has expired'],
    ['SEC_ERROR_EXPIRED_CERTIFICATE', 'has expired'],
    [
      'Unable to communicate securely with peer: requested domain name does not match the server’s certificate.',
      'not issued for that name',
    ],
    ['SSL_ERROR_BAD_CERT_DOMAIN', 'not issued for that name'],
    ['The certificate is not trusted because it is self-signed.', 'is self-signed'],
    ['MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE', 'not valid yet'],
    ['Peer’s Certificate has been revoked.', 'has been revoked'],
  ])('explains "%s" as a refused certificate (%s), quoting the browser', (error, explanation) => {
    const finding = createTlsFailureFinding({ kind: 'failed', error }, HOST);
    expect(finding).toMatchObject({ code: 'policy.fetch.cert-rejected', severity: 'error' });
    expect(finding?.message).toContain(explanation);
    expect(finding?.message).toContain(`it reported: ${error}`);
  });

  it.each<[string, PolicyTlsEvidence | undefined]>([
    ['a refused connection', { kind: 'failed', error: 'NS_ERROR_CONNECTION_REFUSED' }],
    ['an error message in another language', { kind: 'failed', error: 'Zertifikat unbekannt' }],
    ['a connection that worked', connected(leaf())],
    ['no observation (Chrome)', undefined],
  ])('leaves %s to the generic fetch failure', (_, tls) => {
    expect(createTlsFailureFinding(tls, HOST)).toBeNull();
  });
});

describe('readSubjectAltNames', () => {
  it.each([[['mta-sts.a.test']], [['mta-sts.a.test', '*.b.test']]])(
    'reads the dNSName entries %j from a DER certificate',
    async (hosts) => {
      const { cert } = await issueLeafCert(hosts);
      expect(readSubjectAltNames(new Uint8Array(new X509Certificate(cert).raw))).toEqual(hosts);
    },
  );

  it.each([
    ['garbage', new Uint8Array([1, 2, 3])],
    ['nothing', new Uint8Array()],
  ])('gives null for %s instead of throwing', (_, der) => {
    expect(readSubjectAltNames(der)).toBeNull();
  });
});
