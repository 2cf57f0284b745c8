// presentReport: what the popup shows of a report, worked out once in the background (lib/report/presentation.ts).
import { describe, expect, it } from 'vitest';
import { getCodeInfo } from '../../lib/catalog/index';
import { createFixBundle, createStarterSetFor, suggestFix } from '../../lib/fixes';
import { createReportMarkdown } from '../../lib/report/markdown';
import { presentReport } from '../../lib/report/presentation';
import { getFirstProblem, getNextStep, getSetupState } from '../../lib/report/state';
import type { Finding, Report } from '../../lib/report/types';
import {
  createReport,
  errorReport,
  invalidDomainReport,
  longReport,
  noMtaStsReport,
  successReport,
  warningReport,
} from '../support/report-fixtures';

const REPORTS: Array<[string, Report]> = [
  ['success', successReport],
  ['warning', warningReport],
  ['error', errorReport],
  ['no MTA-STS', noMtaStsReport],
  ['invalid domain', invalidDomainReport],
  ['long', longReport],
];

describe('presentReport', () => {
  it.each(REPORTS)('%s: says what the rules in lib say, nothing of its own', (_name, report) => {
    const { report: same, view } = presentReport(report);
    expect(same).toBe(report);
    expect(view.state).toBe(getSetupState(report.status, report.findings));
    expect(view.nextStep).toBe(getNextStep(report));
    const lead = getFirstProblem(report.findings);
    expect(view.lead === null ? null : report.findings[view.lead]).toBe(lead);
    expect(view.markdown).toBe(createReportMarkdown(report));
    expect(view.fixBundle).toEqual(createFixBundle(report));
    expect(view.findings).toHaveLength(report.findings.length);
    report.findings.forEach((finding, i) => {
      expect(view.findings[i]?.title).toBe(getCodeInfo(finding.code)?.title ?? null);
      expect(view.findings[i]?.suggestion).toEqual(suggestFix(finding, report));
    });
  });

  it('fills the fix text with the domain and splits it into plain and code parts', () => {
    const { view } = presentReport(noMtaStsReport);
    const i = noMtaStsReport.findings.findIndex((f) => f.code === 'record.missing');
    const fix = view.findings[i]?.fix ?? [];
    expect(fix.map((p) => p.text).join('')).toContain(noMtaStsReport.domain);
    expect(fix.map((p) => p.text).join('')).not.toContain('<domain>');
    expect(fix.every((p) => !p.text.includes('`'))).toBe(true);
  });

  it.each<[string, Finding, 'error' | 'warning' | 'info']>([
    ['an error stays a problem', { code: 'record.invalid', severity: 'error', message: 'm' }, 'error'],
    ['a warning stays advice', { code: 'tlsrpt.missing', severity: 'warning', message: 'm' }, 'warning'],
    ['a plain note stays a note', { code: 'mx.covered', severity: 'info', message: 'm' }, 'info'],
    [
      'a note with a fix to copy is advice',
      { code: 'policy.max-age.short', severity: 'info', message: 'max_age is 86400 seconds.' },
      'warning',
    ],
  ])('groups findings: %s', (_name, finding, group) => {
    const report = { ...successReport, findings: [...successReport.findings, finding] };
    expect(presentReport(report).view.findings.at(-1)?.group).toBe(group);
  });

  it('has no title for a code without a catalogue entry (a newer report read by an older build)', () => {
    const report = createReport({
      findings: [{ code: 'future.code' as Finding['code'], severity: 'warning', message: 'from the future' }],
    });
    expect(presentReport(report).view.findings[0]).toMatchObject({ title: null, fix: null });
  });

  it('gives the starter set only to a domain without MTA-STS, and the STARTTLS command only on SUCCESS', () => {
    expect(presentReport(noMtaStsReport).view.starterSet).toEqual(createStarterSetFor(noMtaStsReport));
    expect(presentReport(successReport).view.starterSet).toBeNull();
    const success = presentReport(successReport).view;
    expect(success.mxHosts.length).toBeGreaterThan(0);
    expect(success.startTlsCommand).toContain(success.mxHosts[0]);
    expect(presentReport(warningReport).view.startTlsCommand).toBeNull();
  });

  it('survives structured cloning (it travels in a runtime message)', () => {
    const presented = presentReport(longReport);
    expect(structuredClone(presented)).toEqual(presented);
  });
});
