// What every download shares (the audit's CSV and JSON, the TLS reports' CSV): cells that a spreadsheet
// never runs as a formula and that never carry a hidden character, CRLF rows, and dated file names.
import { escapeUntrusted } from './untrusted-text';

// OWASP "CSV Injection": spreadsheets run a cell that starts with one of these as a formula. Finding messages
// and received reports quote third-party text, so an attacker controls some cells.
const FORMULA_START = /^[=+\-@\t\r]/;
// RFC 4180 §2: fields containing a comma, a double quote or a line break are enclosed in double quotes.
const NEEDS_QUOTES = /[",\r\n]/;

export function escapeCsvCell(raw: string): string {
  // Controls, bidi and invisible characters become \x1b, \u202E… (line breaks stay: quoting handles them).
  const value = escapeUntrusted(raw, { keepCarriageReturn: true });
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV row without its line end; an unknown value (null) is an empty cell, never 0 or false. */
export function csvRow(values: ReadonlyArray<string | number | boolean | null>): string {
  return values.map((v) => escapeCsvCell(v === null ? '' : String(v))).join(',');
}

/** A whole CSV file: header, rows, CRLF line ends (RFC 4180 §2); `bom` so Excel reads UTF-8 text correctly. */
export function csvFile(rows: readonly string[], options: { bom?: boolean } = {}): string {
  return `${options.bom ? '\ufeff' : ''}${rows.join('\r\n')}\r\n`;
}

/** e.g. mta-sts-audit-2026-11-30.csv, dated in the user's local time zone. */
export function datedFileName(prefix: string, kind: 'csv' | 'json', now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${prefix}-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.${kind}`;
}
