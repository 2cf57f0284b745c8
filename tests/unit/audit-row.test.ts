import { describe, expect, it } from 'vitest';
import { createAuditRow } from '../../lib/audit/audit-row';
import type { Report } from '../../lib/report/types';
import {
  CHECKED_AT,
  createEvidence,
  createMxHost,
  createReport,
  errorReport,
  longReport,
  noMtaStsReport,
  successReport,
  warningReport,
} from '../support/report-fixtures';

describe('createAuditRow', () => {
  it('takes every fact of a successful check from the report', () => {
    expect(createAuditRow(successReport)).toEqual({
      domain: 'example.com',
      status: 'SUCCESS',
      mode: 'enforce',
      maxAge: 1209600,
      mxTotal: 2,
      mxCovered: 2,
      tlsRpt: true,
      dnssec: false,
      policyId: '20260301000000',
      topFinding: null,
      findingCodes: [
        'record.valid',
        'policy.fetched',
        'policy.mode.enforce',
        'mx.covered',
        'tlsrpt.valid',
        'dnssec.unsigned',
        'dane.absent',
      ],
      checkedAt: CHECKED_AT,
      attempts: 1,
      changed: false,
    });
  });

  it.each<[string, Report, Partial<ReturnType<typeof createAuditRow>>]>([
    [
      'counts covered hosts among all MX hosts',
      warningReport,
      { mode: 'testing', maxAge: 3600, mxTotal: 2, mxCovered: 1, policyId: 'abc123', tlsRpt: false },
    ],
    [
      'leaves coverage, mode and id empty without MTA-STS',
      noMtaStsReport,
      { mode: null, maxAge: null, mxTotal: 3, mxCovered: null, policyId: null, dnssec: null },
    ],
    [
      'reports DNSSEC from the dnssec.signed finding',
      createReport({ findings: [{ code: 'dnssec.signed', severity: 'info', message: 'Signed.' }] }),
      { dnssec: true },
    ],
    [
      'counts zero covered hosts when the policy covers none',
      createReport({
        evidence: createEvidence({ mxHosts: [createMxHost('a.example', { covered: false })] }),
      }),
      { mxTotal: 1, mxCovered: 0 },
    ],
  ])('%s', (_name, report, expected) => {
    expect(createAuditRow(report)).toMatchObject(expected);
  });

  it.each<[string, Report, { code: string; severity: string } | null]>([
    [
      'picks an error over an earlier warning',
      warningReportWithLateError(),
      { code: 'policy.invalid', severity: 'error' },
    ],
    ['picks the first of equal severity', warningReport, { code: 'mx.uncovered', severity: 'warning' }],
    [
      'picks the first error among many findings',
      longReport,
      { code: 'policy.mx.invalid', severity: 'error' },
    ],
    ['ignores info findings', successReport, null],
    ['reports an ERROR status finding', errorReport, { code: 'dns.failed', severity: 'error' }],
  ])('top finding: %s', (_name, report, expected) => {
    const top = createAuditRow(report).topFinding;
    expect(top === null ? null : { code: top.code, severity: top.severity }).toEqual(expected);
  });

  it('keeps the top finding message as written', () => {
    expect(createAuditRow(errorReport).topFinding?.message).toBe(errorReport.findings[0]?.message);
  });

  it('lists each finding code once, in report order', () => {
    expect(createAuditRow(longReport).findingCodes).toEqual([
      'policy.mx.invalid',
      'policy.unknown-key',
      'unlisted.code',
    ]);
  });

  it('records the number of attempts', () => {
    expect(createAuditRow(errorReport, 2).attempts).toBe(2);
  });
});

function warningReportWithLateError(): Report {
  return createReport({
    status: 'WARNING',
    findings: [
      { code: 'record.valid', severity: 'info', message: 'Valid.' },
      { code: 'tlsrpt.missing', severity: 'warning', message: 'No TLS-RPT.' },
      { code: 'policy.invalid', severity: 'error', message: 'Bad policy.' },
      { code: 'mx.uncovered', severity: 'error', message: 'Uncovered.' },
    ],
  });
}
