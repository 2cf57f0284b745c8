// What a browser can tell about the TLS connection to the policy host. Only Firefox exposes it to extensions
// (webRequest.getSecurityInfo); elsewhere the report's evidence has no `policyTls` at all.

/** One certificate of the chain the server presented, as the browser reported it. */
export interface CertificateSummary {
  /** Distinguished name as the browser spells it, e.g. "CN=mta-sts.example.com". */
  subject: string;
  issuer: string;
  /** ISO 8601. */
  notBefore: string;
  notAfter: string;
  /** dNSName entries of the subjectAltName; null when the browser gave no DER to read them from. */
  subjectAltNames: string[] | null;
  /** SHA-256 fingerprint as the browser formats it (colon-separated hex); null when not given. */
  sha256: string | null;
}

export type PolicyTlsEvidence =
  /** The TLS connection was set up and the browser accepted the certificate; chain[0] is the leaf. */
  | { kind: 'connected'; protocol: string | null; chain: CertificateSummary[] }
  /** The request failed; `error` is the browser's own error name (e.g. SEC_ERROR_UNKNOWN_ISSUER). */
  | { kind: 'failed'; error: string }
  /** The browser was watching, but no request to the policy URL reached it (e.g. the check was cancelled). */
  | { kind: 'not-seen' };

/** Watches the connection of the next request to one URL; `finish()` is called once that request settled. */
export interface TlsWatch {
  finish(): Promise<PolicyTlsEvidence>;
}

/** Supplied by a browser that can observe TLS (Firefox); `checkDomain` starts it just before the policy fetch. */
export type TlsObserver = (url: string) => TlsWatch;
