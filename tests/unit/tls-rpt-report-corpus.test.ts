// The reader against the shared corpus of real-world TLS reports: every `expected` field of every file.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTlsRptReport, type TlsReport } from '../../lib/index';

const CORPUS_DIR = resolve('..', 'shared', 'tlsrpt');

interface ExpectedFailure {
  result_type: string;
  failed_session_count: number | null;
  receiving_mx_hostname?: string;
  sending_mta_ip?: string;
  receiving_ip?: string;
  additional_information?: string;
  failure_reason_code?: string;
}

interface ExpectedPolicy {
  policy_type: string;
  policy_domain: string | null;
  policy_string?: string[];
  mx_hosts?: string[];
  total_successful_session_count: number | null;
  total_failure_session_count: number | null;
  failures: ExpectedFailure[];
  failure_details_present: boolean;
}

interface CorpusEntry {
  file: string;
  kind: string;
  valid_per_rfc8460: boolean;
  expected: {
    organization_name: string | null;
    report_id: string | null;
    contact_info: string | null;
    date_range: { start: string; end: string };
    policies: ExpectedPolicy[];
  };
}

const corpus = JSON.parse(readFileSync(resolve(CORPUS_DIR, 'index.json'), 'utf8')) as CorpusEntry[];

/** The reader gives ISO 8601 UTC or null; the corpus reproduces an unparseable date raw. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const expectedDate = (raw: string): string | null => (RFC3339.test(raw) ? raw : null);

/** `expected` in the reader's shape: a missing key is null (policy strings, failure fields) or [] (MX hosts). */
function toTlsReport(e: CorpusEntry['expected']): TlsReport {
  return {
    organizationName: e.organization_name,
    reportId: e.report_id,
    contactInfo: e.contact_info,
    dateRange: { start: expectedDate(e.date_range.start), end: expectedDate(e.date_range.end) },
    policies: e.policies.map((p) => ({
      policyType: p.policy_type,
      policyDomain: p.policy_domain,
      policyStrings: p.policy_string ?? null,
      mxHosts: p.mx_hosts ?? [],
      successCount: p.total_successful_session_count,
      failureCount: p.total_failure_session_count,
      failures: p.failures.map((f) => ({
        resultType: f.result_type,
        count: f.failed_session_count,
        sendingMtaIp: f.sending_mta_ip ?? null,
        receivingMxHostname: f.receiving_mx_hostname ?? null,
        receivingIp: f.receiving_ip ?? null,
        additionalInformation: f.additional_information ?? null,
        failureReasonCode: f.failure_reason_code ?? null,
      })),
    })),
  };
}

const read = (file: string) => parseTlsRptReport(new Uint8Array(readFileSync(resolve(CORPUS_DIR, file))));

describe('TLS report reader on the real-world corpus', () => {
  it('has the sixteen corpus files to read', () => {
    expect(corpus).toHaveLength(16);
  });

  it.each(corpus.map((e) => [e.file, e] as const))('%s: reads every expected field', async (_file, entry) => {
    const result = await read(entry.file);
    if (!result.ok) throw new Error(result.error);
    expect(result.report).toEqual(toTlsReport(entry.expected));
  });

  it.each(corpus.map((e) => [e.file, e] as const))(
    '%s: lists no failure details where the report had none',
    async (_file, entry) => {
      const result = await read(entry.file);
      if (!result.ok) throw new Error(result.error);
      entry.expected.policies.forEach((p, i) => {
        if (!p.failure_details_present) expect(result.report.policies[i]?.failures).toEqual([]);
      });
    },
  );

  it.each(corpus.filter((e) => !e.valid_per_rfc8460).map((e) => [e.file, e] as const))(
    '%s: deviates from RFC 8460 and says so in a warning',
    async (_file, entry) => {
      const result = await read(entry.file);
      if (!result.ok) throw new Error(result.error);
      expect(result.warnings.length).toBeGreaterThan(0);
    },
  );

  it.each(corpus.filter((e) => e.valid_per_rfc8460).map((e) => [e.file, e] as const))(
    '%s: follows RFC 8460 and gets no warning',
    async (_file, entry) => {
      const result = await read(entry.file);
      if (!result.ok) throw new Error(result.error);
      expect(result.warnings).toEqual([]);
    },
  );

  it.each([
    [
      'reports/06-mailru-sts-fetch-error-count-mismatch.json',
      /details add up to 2 sessions but the total says 1/,
    ],
    ['reports/01-rfc8460-example.json', /mx-host is a single string/],
    ['reports/14-contact-info-null.json', /contact-info is null/],
    ['reports/24-unparseable-start-datetime.json', /"April fools" is not a date-time/],
    [
      'reports/04-no-policy-domain-invalid-policy-type.json',
      /"invalid-policy-type" is not sts, tlsa or no-policy-found/,
    ],
    ['reports/18-microsoft-certificate-host-mismatch.json', /sending-mta-ip is missing/],
    ['reports/08-empty-string-failure-fields.json', /sending-mta-ip is an empty string/],
    ['reports/03-plain-json-attachment-host-mismatch.eml', /labelled application\/tlsrpt;/],
  ])('%s: warns in plain words (%s)', async (file, pattern) => {
    const result = await read(file);
    if (!result.ok) throw new Error(result.error);
    expect(result.warnings.join('\n')).toMatch(pattern);
  });
});
