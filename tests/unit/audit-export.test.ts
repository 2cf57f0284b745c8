import { describe, expect, it } from 'vitest';
import type { AuditRow } from '../../lib/audit/audit-row';
import { createCsvExport, createExportFileName, createJsonExport } from '../../lib/audit/export';
import type { FindingCode } from '../../lib/catalog/index';
import { errorReport, successReport } from '../support/report-fixtures';

const row = (overrides: Partial<AuditRow> = {}): AuditRow => ({
  domain: 'example.com',
  status: 'WARNING',
  mode: 'testing',
  maxAge: 86400,
  mxTotal: 2,
  mxCovered: 1,
  tlsRpt: true,
  dnssec: null,
  policyId: '20261128',
  topFinding: { code: 'mx.uncovered', severity: 'warning', message: 'Not covered: backup.example.net.' },
  findingCodes: ['record.valid', 'mx.uncovered'],
  checkedAt: '2026-11-28T10:00:00.000Z',
  attempts: 1,
  changed: false,
  ...overrides,
});

const HEADER =
  'domain,status,mode,max_age,mx_total,mx_covered,tls_rpt,dnssec,policy_id,top_finding,top_severity,top_message,finding_codes,checked_at,attempts,changed,input,state';

describe('createCsvExport', () => {
  it('writes a header and one row per domain with CRLF line ends', () => {
    const csv = createCsvExport([row(), row({ domain: 'b.example', status: 'SUCCESS', topFinding: null })]);
    expect(csv.split('\r\n')).toEqual([
      HEADER,
      'example.com,WARNING,testing,86400,2,1,true,,20261128,mx.uncovered,warning,Not covered: backup.example.net.,record.valid mx.uncovered,2026-11-28T10:00:00.000Z,1,false,,',
      'b.example,SUCCESS,testing,86400,2,1,true,,20261128,,,,record.valid mx.uncovered,2026-11-28T10:00:00.000Z,1,false,,',
      '',
    ]);
  });

  it('writes only the header for no rows', () => {
    expect(createCsvExport([])).toBe(`${HEADER}\r\n`);
  });

  it('prefixes a byte order mark only when asked', () => {
    expect(createCsvExport([]).startsWith('\ufeff')).toBe(false);
    expect(createCsvExport([], { bom: true }).startsWith(`\ufeff${HEADER}`)).toBe(true);
  });

  it.each([
    ['a comma', 'a, b', '"a, b"'],
    ['a double quote', 'say "hi"', '"say ""hi"""'],
    ['a line feed', 'one\ntwo', '"one\ntwo"'],
    ['a CRLF', 'one\r\ntwo', '"one\r\ntwo"'],
    ['nothing special', 'plain text', 'plain text'],
  ])('quotes a message containing %s (RFC 4180)', (_name, message, cell) => {
    const csv = createCsvExport([row({ topFinding: { code: 'mx.none', severity: 'error', message } })]);
    expect(csv).toContain(`,mx.none,error,${cell},`);
  });

  it.each([
    ['=', '=HYPERLINK("http://evil.example","click")', `"'=HYPERLINK(""http://evil.example"",""click"")"`],
    ['+', '+1+cmd|/C calc!A0', "'+1+cmd|/C calc!A0"],
    ['-', '-2+3', "'-2+3"],
    ['@', '@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['a tab', '\t=1+1', "'\t=1+1"],
    ['a carriage return', '\r=1+1', `"'\r=1+1"`],
  ])('defuses a message starting with %s against formula injection', (_name, message, cell) => {
    const csv = createCsvExport([row({ topFinding: { code: 'mx.none', severity: 'error', message } })]);
    expect(csv).toContain(`,mx.none,error,${cell},`);
  });

  it('defuses formula characters in every text cell, domains and ids included', () => {
    const csv = createCsvExport([
      row({
        domain: '=cmd|" /C calc"!A0',
        policyId: '@evil',
        findingCodes: ['-x'],
        topFinding: {
          code: '+code' as FindingCode /* hostile stored data */,
          severity: 'error',
          message: 'ok',
        },
      }),
    ]);
    const cells = csv.split('\r\n')[1] ?? '';
    expect(cells.startsWith(`"'=cmd|"" /C calc""!A0",`)).toBe(true);
    expect(cells).toContain(",'@evil,'+code,error,ok,'-x,");
  });

  it('leaves a formula character inside a cell alone', () => {
    const csv = createCsvExport([
      row({ topFinding: { code: 'mx.none', severity: 'error', message: 'a=b+c' } }),
    ]);
    expect(csv).toContain(',mx.none,error,a=b+c,');
  });
});

describe('createJsonExport', () => {
  it('wraps the full reports with the time and their count', () => {
    const json = createJsonExport([successReport, errorReport], new Date('2026-11-28T12:34:56.000Z'));
    expect(JSON.parse(json)).toEqual({
      generatedAt: '2026-11-28T12:34:56.000Z',
      count: 2,
      reports: [successReport, errorReport],
    });
  });

  it('writes an empty export for no reports', () => {
    expect(JSON.parse(createJsonExport([], new Date(0)))).toEqual({
      generatedAt: '1970-01-01T00:00:00.000Z',
      count: 0,
      reports: [],
    });
  });
});

describe('createExportFileName', () => {
  it.each([
    ['csv', new Date(2026, 10, 28, 9, 5), 'mta-sts-audit-2026-11-28.csv'],
    ['json', new Date(2026, 0, 3, 23, 59), 'mta-sts-audit-2026-01-03.json'],
  ] as const)('names a %s export after the local date', (kind, now, expected) => {
    expect(createExportFileName(kind, now)).toBe(expected);
  });
});

describe('createCsvExport: unknown is an empty cell', () => {
  const cells = (r: AuditRow) => {
    const [header, line] = createCsvExport([r]).split('\r\n');
    const names = (header ?? '').split(',');
    const values = (line ?? '').split(',');
    return Object.fromEntries(names.map((n, i) => [n, values[i]]));
  };

  it.each<[string, Partial<AuditRow>, Record<string, string>]>([
    [
      'failed MX and TLS-RPT lookups',
      { mxTotal: null, mxCovered: null, tlsRpt: null, dnssec: null, unknown: ['mx', 'tlsRpt', 'dnssec'] },
      { mx_total: '', mx_covered: '', tls_rpt: '', dnssec: '' },
    ],
    [
      'known absences',
      { mxTotal: 0, mxCovered: null, tlsRpt: false, dnssec: false },
      { mx_total: '0', tls_rpt: 'false', dnssec: 'false' },
    ],
    ['an unknown setup state', { status: 'ERROR', state: 'unknown' }, { state: '' }],
    ['a known setup state', { state: 'testing' }, { state: 'testing' }],
    ['the input as given', { input: 'www.vendor.com' }, { input: 'www.vendor.com' }],
  ])('writes %s', (_what, overrides, expected) => {
    expect(cells(row(overrides))).toMatchObject(expected);
  });
});
