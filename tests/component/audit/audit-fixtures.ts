// Reports and rows for the audit page and store tests, built to the shapes of lib/report.ts by hand.
import { type AuditRow, createAuditRow } from '../../../lib/audit/audit-row';
import type { PolicyMode } from '../../../lib/mta-sts/types';
import type { Finding, Report, Status } from '../../../lib/report/types';
import { createEvidence, createMxHost, createReport } from '../../support/report-fixtures';

export interface AuditReportOptions {
  status?: Status;
  /** The _mta-sts record id; null for no record. */
  id?: string | null;
  /** The policy mode; null for no policy. */
  mode?: PolicyMode | null;
  maxAge?: number;
  /** One entry per MX host: covered by the policy or not (null: no policy to match). */
  mx?: Array<boolean | null>;
  tlsRpt?: boolean;
  dnssec?: boolean | null;
  findings?: Finding[];
  checkedAt?: string;
}

export function createAuditReport(domain: string, options: AuditReportOptions = {}): Report {
  const {
    status = 'SUCCESS',
    id = '20260301',
    mode = 'enforce',
    maxAge = 604800,
    mx = [true],
    tlsRpt = true,
    dnssec = false,
    findings = [],
    checkedAt = '2026-03-14T09:30:05.000Z',
  } = options;
  const dnssecFinding: Finding[] =
    dnssec === null
      ? []
      : [{ code: dnssec ? 'dnssec.signed' : 'dnssec.unsigned', severity: 'info', message: 'DNSSEC.' }];
  return createReport({
    domain,
    status,
    checkedAt,
    findings: [...findings, ...dnssecFinding],
    evidence: createEvidence({
      stsRecord: id === null ? null : { version: 'STSv1', id, extensions: {} },
      policy: mode === null ? null : { version: 'STSv1', mode, mx: [`mx.${domain}`], maxAge },
      mxHosts: mx.map((covered, i) => createMxHost(`mx${i}.${domain}`, { covered })),
      tlsRptRecord: tlsRpt ? { version: 'TLSRPTv1', rua: [`mailto:tls@${domain}`] } : null,
    }),
  });
}

export function createRow(domain: string, options: AuditReportOptions = {}): AuditRow {
  return createAuditRow(createAuditReport(domain, options));
}

export const warningFinding = (message = 'The policy is in testing mode.'): Finding => ({
  code: 'policy.mode.testing',
  severity: 'warning',
  message,
});

export const errorFinding = (message = 'No MTA-STS policy could be fetched.'): Finding => ({
  code: 'policy.fetch.failed',
  severity: 'error',
  message,
});
