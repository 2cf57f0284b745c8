// Findings about the policy host's certificate, from what the browser observed (RFC 8461 §3.3: the policy
// host must present a certificate valid for mta-sts.<domain>, chaining to a trusted root, unexpired).
import { findMatchingPattern } from '../mta-sts/mx-match';
import type { Finding } from '../report/types';
import type { CertificateSummary, PolicyTlsEvidence } from './types';

const RFC = 'RFC 8461 §3.3';
const DAY_MS = 86_400_000;
/** Renewal advice from this many days before expiry (info). */
export const RENEW_SOON_DAYS = 30;
/** A problem from this many days before expiry (warning): automated renewal has usually failed by now. */
export const EXPIRING_DAYS = 14;

/** The CN of a distinguished name ("CN=R11,O=Let's Encrypt,C=US" → "R11"), or the whole name without one. */
export function commonName(dn: string): string {
  const match = /(?:^|,)\s*CN=((?:\\,|[^,])+)/.exec(dn);
  return match?.[1]?.replace(/\\,/g, ',').trim() ?? dn;
}

/** Whole days from `nowMs` to the end of validity (negative once expired). */
export function daysLeft(cert: CertificateSummary, nowMs: number): number {
  return Math.floor((Date.parse(cert.notAfter) - nowMs) / DAY_MS);
}

/** Which subjectAltName covers `host` (one-label wildcards, as in X.509 and MTA-STS); null if none or unknown. */
export function coveringName(cert: CertificateSummary, host: string): string | null {
  return cert.subjectAltNames ? findMatchingPattern(cert.subjectAltNames, host) : null;
}

const day = (iso: string) => iso.slice(0, 10);

/** Findings for a connection the browser accepted: what it saw, and expiry advice or a problem. */
export function createCertificateFindings(tls: PolicyTlsEvidence, host: string, nowMs: number): Finding[] {
  if (tls.kind !== 'connected') return [];
  const leaf = tls.chain[0];
  if (!leaf) return [];
  const left = daysLeft(leaf, nowMs);
  const name = coveringName(leaf, host);
  const findings: Finding[] = [
    {
      code: 'policy.cert.valid',
      severity: 'info',
      message: `The browser accepted the certificate of ${host}${name ? ` (it names ${name})` : ''}: issued by ${commonName(leaf.issuer)}, valid until ${day(leaf.notAfter)}.`,
      rfc: RFC,
    },
  ];
  if (left <= EXPIRING_DAYS) {
    findings.push({
      code: 'policy.cert.expiring',
      severity: 'warning',
      message: `The certificate of ${host} expires on ${day(leaf.notAfter)}, in ${Math.max(left, 0)} day${left === 1 ? '' : 's'}. Once it expires, senders cannot fetch the policy: in enforce mode they keep their cached copy until max_age runs out, and new senders get no policy at all.`,
      rfc: RFC,
    });
  } else if (left <= RENEW_SOON_DAYS) {
    findings.push({
      code: 'policy.cert.renew-soon',
      severity: 'info',
      message: `The certificate of ${host} expires on ${day(leaf.notAfter)}, in ${left} days. Make sure it is renewed in time.`,
      rfc: RFC,
    });
  }
  return findings;
}

/**
 * What Firefox reports for a certificate it refused: onErrorOccurred carries NSS's message (English builds:
 * "Peer’s Certificate issuer is not recognized."), other tools the error name (SEC_ERROR_UNKNOWN_ISSUER).
 * Both are matched; a message in another language falls back to the generic `policy.fetch.failed`.
 */
const CERTIFICATE_ERRORS: ReadonlyArray<[RegExp, (host: string) => string]> = [
  [
    /SEC_ERROR_EXPIRED_CERTIFICATE|SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE|certificate has expired|issuer.s certificate has expired/i,
    (host) => `the certificate of ${host} (or of its issuer) has expired`,
  ],
  [
    /MOZILLA_PKIX_ERROR_NOT_YET_VALID|not yet valid/i,
    (host) => `the certificate of ${host} (or of its issuer) is not valid yet`,
  ],
  [
    /SSL_ERROR_BAD_CERT_DOMAIN|domain name does not match/i,
    (host) => `the certificate presented by ${host} is not issued for that name`,
  ],
  [
    /MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT|self-signed/i,
    (host) => `the certificate of ${host} is self-signed, so no certificate authority vouches for it`,
  ],
  [
    /SEC_ERROR_UNKNOWN_ISSUER|SEC_ERROR_UNTRUSTED_ISSUER|MOZILLA_PKIX_ERROR_CA_CERT_USED_AS_END_ENTITY|issuer is not recognized|issuer has been marked as not trusted/i,
    (host) =>
      `the certificate of ${host} is not issued by a certificate authority the browser trusts (a private CA, or the intermediate certificate is not sent)`,
  ],
  [
    /SEC_ERROR_REVOKED_CERTIFICATE|has been revoked/i,
    (host) => `the certificate of ${host} has been revoked by its issuer`,
  ],
];

/**
 * When the browser refused the policy host's certificate: a finding that says why, in place of the bare
 * "connection failed" (`policy.fetch.failed`). Null for every other outcome.
 */
export function createTlsFailureFinding(tls: PolicyTlsEvidence | undefined, host: string): Finding | null {
  if (tls?.kind !== 'failed') return null;
  const known = CERTIFICATE_ERRORS.find(([pattern]) => pattern.test(tls.error));
  if (!known) return null;
  return {
    code: 'policy.fetch.cert-rejected',
    severity: 'error',
    message: `The browser refused the HTTPS connection to ${host} because ${known[1](host)} (it reported: ${tls.error}). Senders check the certificate the same way, so they cannot fetch the policy.`,
    rfc: RFC,
  };
}
