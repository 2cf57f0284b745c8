// How results reach stdout in each --format. text, ndjson and csv write each result as its check ends (a long
// run shows progress, and an interrupted run keeps what it had); json writes one document at the end.
import type { AuditRow } from '../lib/audit/audit-row';
import { createCsvHeader, createCsvRow, createJsonExport } from '../lib/audit/export';
import { createReportText } from '../lib/report/text';
import type { Report } from '../lib/report/types';
import { toSafeJson } from '../lib/untrusted-text';
import type { OutputStream } from './io';

export const FORMATS = ['text', 'json', 'ndjson', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

export interface ReportWriter {
  /** One finished check. */
  add(report: Report, row: AuditRow): void;
  /** After the last result; `reports` in the order the domains were given. */
  end(reports: Report[]): void;
}

export function createReportWriter(format: Format, out: OutputStream, now: () => number): ReportWriter {
  switch (format) {
    case 'text': {
      let first = true;
      return {
        add(report) {
          out.write(`${first ? '' : '\n'}${createReportText(report)}`);
          first = false;
        },
        end() {},
      };
    }
    case 'ndjson':
      return {
        add(report) {
          out.write(`${toSafeJson(report)}\n`);
        },
        end() {},
      };
    case 'csv': {
      // The audit page's columns and cell escaping (control characters from the network shown as \xNN).
      const line = (text: string) => out.write(`${text}\r\n`);
      line(createCsvHeader());
      return {
        add(_report, row) {
          line(createCsvRow(row));
        },
        end() {},
      };
    }
    case 'json':
      // The audit page's JSON download: { generatedAt, count, reports }, whatever the number of domains.
      return {
        add() {},
        end(reports) {
          out.write(createJsonExport(reports, new Date(now())));
        },
      };
  }
}
