// finishReport: the one place where status, summary and risks are computed from the findings.
import { describe, expect, it } from 'vitest';
import type { FindingCode } from '../../lib/catalog/index';
import { createEmptyEvidence } from '../../lib/report/empty';
import { finishReport } from '../../lib/report/finish';
import type { Finding, Severity } from '../../lib/report/types';

const f = (code: FindingCode, severity: Severity = 'info'): Finding => ({ code, severity, message: code });
const finish = (...findings: Finding[]) =>
  finishReport({
    domain: 'example.com',
    checkedAt: '2026-11-30T00:00:00.000Z',
    findings,
    evidence: createEmptyEvidence(),
    timings: {},
    resolver: 'test',
  });

describe('finishReport', () => {
  it.each<[string, Finding[], string, RegExp, string[]]>([
    [
      'an enforced, covering policy',
      [f('record.valid'), f('policy.mode.enforce'), f('mx.covered'), f('tlsrpt.valid')],
      'SUCCESS',
      /enforces MTA-STS/,
      [],
    ],
    [
      'no record',
      [f('record.missing', 'warning'), f('tlsrpt.missing')],
      'WARNING',
      /has no MTA-STS/,
      ['interception', 'downgrade', 'mx-spoofing'],
    ],
    [
      'testing mode',
      [f('record.valid'), f('policy.mode.testing', 'warning')],
      'WARNING',
      /testing mode/,
      ['interception', 'downgrade'],
    ],
    [
      'an uncovered MX host',
      [f('record.valid'), f('policy.mode.enforce'), f('mx.uncovered', 'error')],
      'WARNING',
      /not in the policy/,
      ['bounce'],
    ],
    [
      'our DNS failed',
      [f('dns.failed', 'error'), f('record.missing', 'warning')],
      'ERROR',
      /DNS lookup failed/,
      [],
    ],
    ['not a domain', [f('domain.invalid', 'error')], 'ERROR', /not a domain name/, []],
    ['a bug', [f('check.failed', 'error')], 'ERROR', /internal error/, []],
    [
      'a failed TLS-RPT lookup only',
      [f('record.valid'), f('policy.mode.enforce'), f('dns.incomplete')],
      'SUCCESS',
      /enforces/,
      [],
    ],
  ])('%s → %s', (_, findings, status, summary, riskIds) => {
    const report = finish(...findings);
    expect(report.status).toBe(status);
    expect(report.summary).toMatch(summary);
    for (const id of riskIds) expect(report.risks.map((r) => r.id)).toContain(id);
    if (status === 'ERROR' || status === 'SUCCESS')
      expect(report.risks.filter((r) => r.id !== 'compliance')).toEqual([]);
  });

  it('keeps every other field of the report as given', () => {
    const report = finish(f('record.valid'));
    expect(report).toMatchObject({
      domain: 'example.com',
      resolver: 'test',
      checkedAt: '2026-11-30T00:00:00.000Z',
    });
  });
});
