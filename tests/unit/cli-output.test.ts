// The command line's four output formats, fed reports whose network text holds terminal controls.
import { describe, expect, it } from 'vitest';
import { createReportWriter, FORMATS, type Format } from '../../cli/formats';
import { createAuditRow } from '../../lib/audit/audit-row';
import { createCsvExport } from '../../lib/audit/export';
import { parseCsv } from '../../lib/audit/parse-list';
import type { Report } from '../../lib/report/types';
import { createReport, successReport, warningReport } from '../support/report-fixtures';

// biome-ignore lint/suspicious/noControlCharactersInRegex: raw control characters are what must not appear
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const HOSTILE = '\u001b]0;owned\u0007\u009b2J\u001b[31m';

const hostileReport: Report = createReport({
  domain: 'hostile.example',
  status: 'WARNING',
  findings: [{ code: 'policy.invalid', severity: 'warning', message: `Line 3 is ${HOSTILE}` }],
});

function write(format: Format, reports: Report[]): string[] {
  const writes: string[] = [];
  const writer = createReportWriter(format, { write: (t: string) => writes.push(t) }, () =>
    Date.UTC(2026, 10, 30),
  );
  for (const report of reports) writer.add(report, createAuditRow(report));
  writer.end(reports);
  return writes;
}

describe('CLI output formats', () => {
  it.each(FORMATS)('%s: no raw control character from the network reaches the terminal', (format) => {
    const out = write(format, [hostileReport]).join('');
    expect(out.replace(/\r?\n/g, '')).not.toMatch(RAW_CONTROL);
  });

  it.each([
    [
      'ndjson',
      (out: string) =>
        out
          .trimEnd()
          .split('\n')
          .map((l) => (JSON.parse(l) as Report).findings[0]?.message),
    ],
    [
      'json',
      (out: string) => (JSON.parse(out) as { reports: Report[] }).reports.map((r) => r.findings[0]?.message),
    ],
  ] as const)('%s: keeps the exact text for a JSON reader', (format, messages) => {
    expect(messages(write(format, [hostileReport]).join(''))).toEqual([`Line 3 is ${HOSTILE}`]);
  });

  it.each([
    ['text', 2, 2],
    ['ndjson', 2, 2],
    ['csv', 3, 3],
    ['json', 0, 1],
  ] as const)('%s: %i writes as the 2 checks end, %i in all', (format, streamed, total) => {
    const reports = [successReport, warningReport];
    const out: string[] = [];
    const writer = createReportWriter(format, { write: (t: string) => out.push(t) }, Date.now);
    for (const report of reports) writer.add(report, createAuditRow(report));
    expect(out).toHaveLength(streamed);
    writer.end(reports);
    expect(out).toHaveLength(total);
  });

  it('csv: the audit page’s export, row for row', () => {
    const reports = [successReport, warningReport, hostileReport];
    const rows = reports.map((r) => createAuditRow(r));
    const cli = write('csv', reports).join('');
    expect(cli).toBe(createCsvExport(rows));
    expect(parseCsv(cli).rows).toHaveLength(3);
  });

  it('text: one blank line between reports', () => {
    const out = write('text', [successReport, warningReport]).join('');
    expect(out).toMatch(/\n\nexample\.com: WARNING\n/);
    expect(out.startsWith('example.com: SUCCESS\n')).toBe(true);
  });
});

describe('the CSV input column', () => {
  it('keeps each line, argument or cell exactly as given, as the audit page does', async () => {
    const { main } = await import('../../cli/main');
    let out = '';
    const io = {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: () => true },
      stdin: (async function* () {
        yield 'https://www.shop.a.example/page\nb.example\n';
      })(),
      // No network here: every check ends at once as ERROR, which is all this test needs.
      fetch: (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch,
    };
    await main(['mailbox@c.example', '--input', '-', '--format', 'csv', '--timeout', '5000'], io);
    const table = parseCsv(out);
    const domain = table.columns.indexOf('domain');
    const input = table.columns.indexOf('input');
    // CSV rows come in completion order.
    expect(table.rows.map((r) => [r[domain], r[input]]).sort()).toEqual([
      ['a.example', 'https://www.shop.a.example/page'],
      ['b.example', 'b.example'],
      ['c.example', 'mailbox@c.example'],
    ]);
  });
});
