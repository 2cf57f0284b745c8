// Downloads of a bulk audit: a CSV table for spreadsheets and the full reports as JSON.

import { csvFile, csvRow, datedFileName } from '../export-files';
import { stateCsvValue } from '../report/state';
import type { Report } from '../report/types';
import { toSafeJson } from '../untrusted-text';
import type { AuditRow } from './audit-row';

// Today's columns keep their names and order; new ones are appended. Known booleans are true/false, numbers
// are numbers, and a fact nobody established (a failed lookup) is an EMPTY cell, never false or 0.
const CSV_COLUMNS: ReadonlyArray<readonly [string, (row: AuditRow) => string | number | boolean | null]> = [
  ['domain', (r) => r.domain],
  ['status', (r) => r.status],
  ['mode', (r) => r.mode],
  ['max_age', (r) => r.maxAge],
  ['mx_total', (r) => r.mxTotal],
  ['mx_covered', (r) => r.mxCovered],
  ['tls_rpt', (r) => r.tlsRpt],
  ['dnssec', (r) => r.dnssec],
  ['policy_id', (r) => r.policyId],
  ['top_finding', (r) => r.topFinding?.code ?? null],
  ['top_severity', (r) => r.topFinding?.severity ?? null],
  ['top_message', (r) => r.topFinding?.message ?? null],
  ['finding_codes', (r) => r.findingCodes.join(' ')],
  ['checked_at', (r) => r.checkedAt],
  ['attempts', (r) => r.attempts],
  ['changed', (r) => r.changed],
  ['input', (r) => r.input ?? null],
  ['state', (r) => (r.state ? stateCsvValue(r.state) : null)],
];

export interface CsvExportOptions {
  /** Prefix a UTF-8 byte order mark so Excel reads non-ASCII text (curly quotes, IDNs in messages) correctly. */
  bom?: boolean;
}

/** Header plus one row per domain, one column per fact; CRLF line ends (RFC 4180 §2). */
export function createCsvExport(rows: AuditRow[], options: CsvExportOptions = {}): string {
  return csvFile([createCsvHeader(), ...rows.map(createCsvRow)], options);
}

/** The header line of the CSV export, without its line end (for writers that stream rows). */
export function createCsvHeader(): string {
  return csvRow(CSV_COLUMNS.map(([name]) => name));
}

/** One row of the CSV export, without its line end. */
export function createCsvRow(row: AuditRow): string {
  return csvRow(CSV_COLUMNS.map(([, value]) => value(row)));
}

export interface JsonExport {
  generatedAt: string;
  count: number;
  reports: Report[];
}

export function createJsonExport(reports: Report[], now: Date = new Date()): string {
  const data: JsonExport = { generatedAt: now.toISOString(), count: reports.length, reports };
  return `${toSafeJson(data, 2)}\n`;
}

/** e.g. mta-sts-audit-2026-11-28.csv, dated in the user's local time zone (the date they see). */
export function createExportFileName(kind: 'csv' | 'json', now: Date): string {
  return datedFileName('mta-sts-audit', kind, now);
}
