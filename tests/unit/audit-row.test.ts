import { describe, expect, it } from 'vitest';
import { createAuditRow } from '../../lib/audit/audit-row';
import type { Report } from '../../lib/report/types';
import {
  CHECKED_AT,
  createDnsEvidence,
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
      input: null,
      status: 'SUCCESS',
      state: 'enforced',
      unknown: [],
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

describe('createAuditRow: three states for every fact', () => {
  const failed = (name: string, type: string, how: 'SERVFAIL' | 'timeout') =>
    createDnsEvidence({
      name,
      type,
      rcode: how === 'SERVFAIL' ? 'SERVFAIL' : null,
      error: how === 'timeout' ? 'The resolver did not answer in time.' : null,
    });

  it.each<['SERVFAIL' | 'timeout']>([['SERVFAIL'], ['timeout']])(
    'leaves MX and TLS-RPT unknown, not "none" and "no", when their lookups end in %s',
    (how) => {
      const report: Report = {
        ...noMtaStsReport,
        evidence: {
          ...noMtaStsReport.evidence,
          mx: failed('example.com', 'MX', how),
          mxHosts: [],
          tlsRptTxt: failed('_smtp._tls.example.com', 'TXT', how),
          tlsRptRecord: null,
        },
      };
      const row = createAuditRow(report);
      expect(row).toMatchObject({ mxTotal: null, mxCovered: null, tlsRpt: null });
      expect(row.unknown).toEqual(expect.arrayContaining(['mx', 'tlsRpt']));
    },
  );

  it('says "no TLS-RPT" and "0 MX" only when the lookups answered', () => {
    const report: Report = {
      ...noMtaStsReport,
      evidence: {
        ...noMtaStsReport.evidence,
        mx: createDnsEvidence({ name: 'example.com', type: 'MX' }),
        mxHosts: [],
        tlsRptTxt: createDnsEvidence({ name: '_smtp._tls.example.com', type: 'TXT', rcode: 'NXDOMAIN' }),
        tlsRptRecord: null,
      },
    };
    expect(createAuditRow(report)).toMatchObject({ mxTotal: 0, tlsRpt: false, unknown: [] });
  });

  it('marks everything unknown for a check that ended in ERROR before any lookup', () => {
    const row = createAuditRow(errorReport);
    expect(row.state).toBe('unknown');
    expect(row).toMatchObject({ tlsRpt: null });
  });

  it('keeps the input as given', () => {
    expect(createAuditRow(successReport, 1, 'https://www.example.com/').input).toBe(
      'https://www.example.com/',
    );
  });

  it.each<[string, Report, string]>([
    ['enforced', successReport, 'enforced'],
    ['testing', warningReport, 'testing'],
    ['not set up', noMtaStsReport, 'not-set-up'],
    ['could not check', errorReport, 'unknown'],
  ])('names the setup state of a %s domain', (_what, report, state) => {
    expect(createAuditRow(report).state).toBe(state);
  });
});
