// Downloads of a bulk audit: a CSV table for spreadsheets and the full reports as JSON.
import { stateCsvValue } from '../report/state';
import type { Report } from '../report/types';
import { escapeUntrusted, toSafeJson } from '../untrusted-text';
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

// OWASP "CSV Injection": spreadsheets run a cell that starts with one of these as a formula. Finding messages
// quote text from the checked domain's DNS and policy file, so an attacker controls some cells.
const FORMULA_START = /^[=+\-@\t\r]/;
// RFC 4180 §2: fields containing a comma, a double quote or a line break are enclosed in double quotes.
const NEEDS_QUOTES = /[",\r\n]/;

export interface CsvExportOptions {
  /** Prefix a UTF-8 byte order mark so Excel reads non-ASCII text (curly quotes, IDNs in messages) correctly. */
  bom?: boolean;
}

/** Header plus one row per domain, one column per fact; CRLF line ends (RFC 4180 §2). */
export function createCsvExport(rows: AuditRow[], options: CsvExportOptions = {}): string {
  const lines = [createCsvHeader(), ...rows.map(createCsvRow)];
  return `${options.bom ? '\ufeff' : ''}${lines.join('\r\n')}\r\n`;
}

/** The header line of the CSV export, without its line end (for writers that stream rows). */
export function createCsvHeader(): string {
  return CSV_COLUMNS.map(([name]) => escapeCsvCell(name)).join(',');
}

/** One row of the CSV export, without its line end. */
export function createCsvRow(row: AuditRow): string {
  return CSV_COLUMNS.map(([, value]) => escapeCsvCell(formatValue(value(row)))).join(',');
}

export function escapeCsvCell(raw: string): string {
  // Controls, bidi and invisible characters become \x1b, \u202E… (line breaks stay: quoting handles them).
  const value = escapeUntrusted(raw, { keepCarriageReturn: true });
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function formatValue(value: string | number | boolean | null): string {
  if (value === null) return '';
  return String(value);
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
  const pad = (n: number) => String(n).padStart(2, '0');
  return `mta-sts-audit-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.${kind}`;
}
