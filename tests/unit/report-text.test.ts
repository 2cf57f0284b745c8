// The terminal report (the CLI's text format): the popup's fix lines and snippets, and no raw control
// characters from the network.
import { describe, expect, it } from 'vitest';
import { createTimedOutReport } from '../../lib/report/empty';
import { createReportText } from '../../lib/report/text';
import {
  createDnsEvidence,
  createEvidence,
  createMxHost,
  createReport,
  noMtaStsReport,
  successReport,
  warningReport,
} from '../support/report-fixtures';

const ESC = '\u001b';
const CSI = '\u009b';
// biome-ignore lint/suspicious/noControlCharactersInRegex: raw control characters are what must not appear
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('createReportText', () => {
  it.each([
    ['the catalogue fix of a warning', warningReport, '      How to fix: '],
    ['the corrected policy for testing mode', warningReport, '        mode: enforce'],
    [
      'where the corrected policy goes',
      warningReport,
      '      Policy file at https://mta-sts.example.com/.well-known/mta-sts.txt:',
    ],
    [
      'the starter set for a domain without MTA-STS',
      noMtaStsReport,
      '  Set up MTA-STS: shop.example has none',
    ],
    ['the starter policy built from the real MX hosts', noMtaStsReport, '        mx: aspmx.l.google.com'],
    ['the starter TLS-RPT record', noMtaStsReport, '        v=TLSRPTv1; rua=mailto:tlsrpt@shop.example'],
  ])('carries %s, as the popup does', (_what, report, line) => {
    expect(createReportText(report)).toContain(`\n${line}`);
  });

  it('offers no starter set or fixes where nothing needs fixing', () => {
    const text = createReportText(successReport);
    expect(text).not.toContain('Set up MTA-STS');
    expect(text).not.toContain('Policy file at');
  });

  it('says a timed-out check is an ERROR that tells nothing about the domain', () => {
    const text = createReportText(createTimedOutReport('slow.example', 1500, Date.UTC(2026, 0, 1)));
    expect(text).toMatch(
      /^slow\.example: ERROR\n {2}The check of slow\.example did not finish in the time allowed/,
    );
    expect(text).toContain('[check.timeout]');
    expect(text).toContain('1500 ms');
  });

  it('shows control characters from DNS and the policy host as \\xNN, never raw', () => {
    const report = createReport({
      status: 'WARNING',
      findings: [
        { code: 'record.invalid', severity: 'warning', message: `bad id ${ESC}[2J${CSI}31m\rhidden` },
      ],
      evidence: createEvidence({
        stsTxt: createDnsEvidence({
          name: '_mta-sts.example.com',
          type: 'TXT',
          data: [`v=STSv1; id=${ESC}]0;title\u0007`],
        }),
        mxHosts: [createMxHost(`mx${ESC}[31m.example.com`, { covered: false })],
      }),
    });
    const text = createReportText(report);
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain('\\x1b[2J\\x9b31m');
    expect(text).toContain('mx\\x1b[31m.example.com');
  });
});
