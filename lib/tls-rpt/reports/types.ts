// A TLS-RPT aggregate report (RFC 8460 §4) as the reader hands it on: camelCase, in the report's order, with
// null wherever the report did not say (never 0 or "" in its place), and dates as ISO 8601 UTC strings.

/** Policy types RFC 8460 §4.4 defines; reports may carry others, kept as written. */
export const POLICY_TYPES = ['sts', 'tlsa', 'no-policy-found'] as const;

/** Result types registered for RFC 8460 §4.3 (IANA "STARTTLS Validation Result Types"). */
export const RESULT_TYPES = [
  'starttls-not-supported',
  'certificate-host-mismatch',
  'certificate-expired',
  'certificate-not-trusted',
  'validation-failure',
  'tlsa-invalid',
  'dnssec-invalid',
  'dane-required',
  'sts-policy-fetch-error',
  'sts-policy-invalid',
  'sts-webpki-invalid',
] as const;

export type ResultType = (typeof RESULT_TYPES)[number];

export interface TlsReportFailure {
  /** One of RESULT_TYPES, or whatever other value the reporter wrote. */
  resultType: string | null;
  count: number | null;
  sendingMtaIp: string | null;
  receivingMxHostname: string | null;
  receivingIp: string | null;
  additionalInformation: string | null;
  failureReasonCode: string | null;
}

export interface TlsReportPolicy {
  /** 'sts', 'tlsa', 'no-policy-found', or whatever other value the reporter wrote. */
  policyType: string | null;
  policyDomain: string | null;
  policyStrings: string[] | null;
  /** Always a list: a bare string in the report becomes a list of one; none given, an empty list. */
  mxHosts: string[];
  successCount: number | null;
  failureCount: number | null;
  failures: TlsReportFailure[];
}

export interface TlsReport {
  organizationName: string | null;
  reportId: string | null;
  contactInfo: string | null;
  /** ISO 8601 UTC, e.g. 2024-02-22T00:00:00Z; null when missing or unparseable. */
  dateRange: { start: string | null; end: string | null };
  policies: TlsReportPolicy[];
}

export type TlsReportParseResult =
  | { ok: true; report: TlsReport; warnings: string[] }
  | { ok: false; error: string };
