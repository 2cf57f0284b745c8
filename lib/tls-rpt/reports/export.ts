// Downloads of imported TLS reports: a CSV with one row per failure detail, and the normalised reports as JSON.
import Papa from 'papaparse';
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
 * One row per failure detail. Unknown values are empty cells, never 0. Report text comes from third parties,
 * so cells a spreadsheet would run as a formula (=, +, -, @, tab, CR) are prefixed with ' (OWASP "CSV
 * Injection"), as in the audit export.
 */
export function createTlsRptCsv(reports: readonly ImportedReport[], options: { bom?: boolean } = {}): string {
  const rows: Array<Array<string | number | null>> = [];
  for (const { fileName, report } of reports) {
    for (const policy of report.policies) {
      for (const f of policy.failures) {
        rows.push([
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
        ]);
      }
    }
  }
  const csv = Papa.unparse(
    { fields: [...CSV_COLUMNS], data: rows },
    { newline: '\r\n', escapeFormulae: true, quotes: false },
  );
  return `${options.bom ? '\ufeff' : ''}${csv}\r\n`;
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
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** e.g. tls-reports-2026-11-30.csv, dated in the user's local time zone. */
export function createTlsRptFileName(kind: 'csv' | 'json', now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `tls-reports-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.${kind}`;
}
