// The report's vocabulary and setup state (lib/report/look.ts, state.ts) and the specific-cause headline (summary.ts).
import { describe, expect, it } from 'vitest';
import type { FindingCode } from '../../lib/catalog/index';
import { createEmptyEvidence } from '../../lib/report/empty';
import { finishReport } from '../../lib/report/finish';
import { SEVERITY_LOOK, type SetupState, STATE_LOOK, STATUS_LOOK } from '../../lib/report/look';
import { getFirstProblem, getNextStep, getSetupState } from '../../lib/report/state';
import type { Evidence, Finding, Severity } from '../../lib/report/types';
import { createMxHost, createPolicyFetch } from '../support/report-fixtures';

const f = (code: string, severity: Severity = 'info'): Finding => ({
  code: code as FindingCode,
  severity,
  message: code,
});
const finish = (findings: Finding[], evidence: Partial<Evidence> = {}) =>
  finishReport({
    domain: 'example.com',
    checkedAt: '2026-11-30T00:00:00.000Z',
    findings,
    evidence: { ...createEmptyEvidence(), ...evidence },
    timings: {},
    resolver: 'test',
  });

describe('getSetupState', () => {
  it.each<[string, Finding[], SetupState]>([
    ['an enforced policy', [f('record.valid'), f('policy.mode.enforce'), f('mx.covered')], 'enforced'],
    ['enforced without TLS-RPT', [f('policy.mode.enforce'), f('tlsrpt.missing', 'warning')], 'enforced'],
    ['testing mode', [f('policy.mode.testing', 'warning')], 'testing'],
    [
      'testing mode missing an MX host',
      [f('policy.mode.testing', 'warning'), f('mx.uncovered', 'warning')],
      'testing',
    ],
    ['enforce mode missing an MX host', [f('policy.mode.enforce'), f('mx.uncovered', 'error')], 'broken'],
    ['mode none', [f('policy.mode.none', 'warning')], 'off'],
    ['no record', [f('record.missing', 'warning')], 'not-set-up'],
    ['a policy 404', [f('record.valid'), f('policy.http-status', 'error')], 'broken'],
    ['two records', [f('record.multiple', 'error')], 'broken'],
    ['a null MX', [f('mx.null'), f('record.missing', 'warning')], 'no-mail'],
    ['our lookup failing', [f('dns.failed', 'error'), f('record.missing', 'warning')], 'unknown'],
  ])('calls %s %s', (_what, findings, state) => {
    const report = finish(findings);
    expect(getSetupState(report.status, report.findings)).toBe(state);
  });
});

describe('the specific cause in the headline', () => {
  it.each<[string, Finding[], Partial<Evidence>, RegExp]>([
    [
      'HTTP 404',
      [f('record.valid'), f('policy.http-status', 'error')],
      { policyFetch: createPolicyFetch({ status: 404, outcome: 'http-status' }) },
      /policy file answers HTTP 404/,
    ],
    [
      'a redirect',
      [f('record.valid'), f('policy.redirect', 'error')],
      {},
      /redirect, which senders do not follow/,
    ],
    [
      'an untrusted certificate',
      [f('record.valid'), f('policy.fetch.failed', 'error')],
      {},
      /untrusted or wrong certificate/,
    ],
    [
      'no policy host',
      [f('record.valid'), f('policy.host.nxdomain', 'error')],
      {},
      /mta-sts\.example\.com does not exist/,
    ],
    ['a timeout', [f('record.valid'), f('policy.timeout', 'error')], {}, /does not answer in time/],
    ['an HTML page', [f('record.valid'), f('policy.html', 'error')], {}, /HTML page/],
    [
      'the uncovered MX host, named',
      [f('policy.mode.enforce'), f('mx.uncovered', 'error')],
      {
        mxHosts: [
          createMxHost('mx1.example.com', { covered: true }),
          createMxHost('mx2.example.com', { covered: false }),
        ],
      },
      /^mx2\.example\.com is not in the policy, so senders will refuse mail/,
    ],
    [
      'missing TLS-RPT',
      [f('policy.mode.enforce'), f('tlsrpt.missing', 'warning')],
      {},
      /nobody receives reports/,
    ],
  ])('names %s', (_what, findings, evidence, headline) => {
    expect(finish(findings, evidence).summary).toMatch(headline);
  });

  it('gives eleven policy-side causes eleven different headlines', () => {
    const codes = [
      'policy.http-status',
      'policy.redirect',
      'policy.fetch.failed',
      'policy.timeout',
      'policy.too-large',
      'policy.html',
      'policy.encoding',
      'policy.invalid',
      'policy.host.nxdomain',
      'record.invalid',
      'record.multiple',
    ];
    const headlines = new Set(codes.map((code) => finish([f(code, 'error')]).summary));
    expect(headlines.size).toBe(codes.length);
  });
});

describe('getNextStep and getFirstProblem', () => {
  it.each<[string, Finding[], RegExp]>([
    ['no record', [f('record.missing', 'warning')], /starter set/],
    ['testing mode', [f('policy.mode.testing', 'warning')], /switch the policy to enforce/],
    ['an uncovered host', [f('policy.mode.enforce'), f('mx.uncovered', 'error')], /Add the missing MX host/],
    ['our lookup failing', [f('dns.failed', 'error')], /Check again/],
    ['nothing wrong', [f('policy.mode.enforce'), f('mx.covered')], /STARTTLS/],
  ])('says what to do for %s', (_what, findings, step) => {
    expect(getNextStep(finish(findings))).toMatch(step);
  });

  it('picks the first problem before any advice, in the order of the checks', () => {
    const findings = [
      f('record.valid'),
      f('tlsrpt.missing', 'warning'),
      f('policy.http-status', 'error'),
      f('mx.uncovered', 'error'),
    ];
    expect(getFirstProblem(findings)?.code).toBe('policy.http-status');
    expect(getFirstProblem([f('record.valid'), f('policy.mode.testing', 'warning')])?.code).toBe(
      'policy.mode.testing',
    );
    expect(getFirstProblem([f('record.valid')])).toBeNull();
  });
});

describe('one vocabulary', () => {
  it('never uses the same word for a status, a finding and a setup state', () => {
    const words = [
      ...Object.values(STATUS_LOOK).map((l) => l.word),
      ...Object.values(SEVERITY_LOOK).map((l) => l.word),
      ...Object.values(STATE_LOOK).map((l) => l.word),
    ].map((w) => w.toLowerCase());
    expect(new Set(words).size).toBe(words.length);
    expect(words).not.toContain('error');
    expect(words).not.toContain('warning');
  });

  it('writes risks in the third person and without compliance claims', () => {
    const report = finish([f('record.missing', 'warning'), f('tlsrpt.missing', 'warning')]);
    expect(report.risks.length).toBeGreaterThan(0);
    for (const risk of report.risks) {
      expect(`${risk.title} ${risk.detail}`).not.toMatch(/\byour?\b|compliance|NIS2|PCI|insurance/i);
    }
  });
});
