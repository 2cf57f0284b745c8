// Downloads of imported TLS reports: a CSV with one row per failure detail, and the normalised reports as JSON.
import { csvFile, csvRow, datedFileName } from '../../export-files';
import { toSafeJson } from '../../untrusted-text';
import type { ImportedReport } from './summary';

const CSV_COLUMNS = [
  'report_id',
  'organization',
  'start',
  'end',
  'policy_domain',
  'policy_type',
  'result_type',
  'failed_sessions',
  'receiving_mx_hostname',
  'receiving_ip',
  'sending_mta_ip',
  'failure_reason_code',
  'additional_information',
  'file',
] as const;

/**
 * One row per failure detail. Unknown values are empty cells, never 0. Report text comes from third parties:
 * cells go through the same escaper as the audit export (no formulas, no hidden characters).
 */
export function createTlsRptCsv(reports: readonly ImportedReport[], options: { bom?: boolean } = {}): string {
  const rows: string[] = [csvRow(CSV_COLUMNS)];
  for (const { fileName, report } of reports) {
    for (const policy of report.policies) {
      for (const f of policy.failures) {
        rows.push(
          csvRow([
            report.reportId,
            report.organizationName,
            report.dateRange.start,
            report.dateRange.end,
            policy.policyDomain,
            policy.policyType,
            f.resultType,
            f.count,
            f.receivingMxHostname,
            f.receivingIp,
            f.sendingMtaIp,
            f.failureReasonCode,
            f.additionalInformation,
            fileName,
          ]),
        );
      }
    }
  }
  return csvFile(rows, options);
}

export interface TlsRptJsonExport {
  generatedAt: string;
  count: number;
  reports: ImportedReport[];
}

export function createTlsRptJson(reports: readonly ImportedReport[], now: Date): string {
  const data: TlsRptJsonExport = {
    generatedAt: now.toISOString(),
    count: reports.length,
    reports: [...reports],
  };
  return `${toSafeJson(data, 2)}\n`;
}

/** e.g. tls-reports-2026-11-30.csv, dated in the user's local time zone. */
export function createTlsRptFileName(kind: 'csv' | 'json', now: Date): string {
  return datedFileName('tls-reports', kind, now);
}
