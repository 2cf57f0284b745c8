import { describe, expect, it } from 'vitest';
import { codeSpan, createReportMarkdown, escapeMarkdown, fencedBlock } from '../../lib/report/markdown';
import type { Report } from '../../lib/report/types';
import {
  createPolicyFetch,
  createReport,
  errorReport,
  HOSTILE_SCRIPT,
  hostileReport,
  noMtaStsReport,
  successReport,
  warningReport,
} from '../support/report-fixtures';

/** The fence lines of a Markdown text, paired: every block must close with a fence of its own length. */
function fenceBalance(markdown: string): { open: number; closed: number } {
  let open: string | null = null;
  let opened = 0;
  let closed = 0;
  for (const line of markdown.split('\n')) {
    const fence = /^(`{3,})/.exec(line)?.[1];
    if (!fence) continue;
    if (open === null) {
      open = fence;
      opened++;
    } else if (line === open) {
      open = null;
      closed++;
    }
  }
  return { open: opened, closed };
}

describe('fencedBlock', () => {
  it.each([
    ['plain', '```'],
    ['has ``` inside', '````'],
    ['has ````` five', '``````'],
  ])('uses a fence longer than any backtick run (%s)', (text, fence) => {
    const block = fencedBlock(text);
    expect(block.startsWith(`${fence}\n`)).toBe(true);
    expect(block.endsWith(`\n${fence}`)).toBe(true);
  });
});

describe('codeSpan', () => {
  it.each([
    ['mx1.example.com', '`mx1.example.com`'],
    ['a`b', '``a`b``'],
    ['`x`', '`` `x` ``'],
  ])('wraps %s so it cannot close early', (text, expected) => {
    expect(codeSpan(text)).toBe(expected);
  });
});

describe('escapeMarkdown', () => {
  it.each([
    ['[link](javascript:x)', '\\[link\\](javascript:x)'],
    ['<img src=x>', '\\<img src=x\\>'],
    ['*bold* _em_', '\\*bold\\* \\_em\\_'],
    ['line\nbreak', 'line break'],
  ])('neutralises %s', (text, expected) => {
    expect(escapeMarkdown(text)).toBe(expected);
  });
});

describe('createReportMarkdown', () => {
  it('starts with the domain, the status and the summary', () => {
    const md = createReportMarkdown(warningReport);
    expect(md.startsWith('# MTA-STS check: example.com\n')).toBe(true);
    expect(md).toContain('**Status: WARNING · MTA-STS: Testing**');
    expect(md).toContain("example.com's MTA-STS policy does not list all of its mail servers.");
  });

  it('groups findings by severity, errors first, with codes and RFC sections', () => {
    const report = createReport({
      status: 'WARNING',
      findings: [
        { code: 'dane.absent', severity: 'info', message: 'no dane' },
        { code: 'mx.uncovered', severity: 'warning', message: 'uncovered', rfc: 'RFC 8461 §4.1' },
        { code: 'record.invalid', severity: 'error', message: 'bad record', rfc: 'RFC 8461 §3.1' },
      ],
    });
    const md = createReportMarkdown(report);
    const errors = md.indexOf('### Problems (1)');
    const warnings = md.indexOf('### Advice (1)');
    const info = md.indexOf('### Passed checks and notes (1)');
    expect(errors).toBeGreaterThan(-1);
    expect(warnings).toBeGreaterThan(errors);
    expect(info).toBeGreaterThan(warnings);
    expect(md).toContain('(`mx.uncovered`, RFC 8461 §4.1): uncovered');
  });

  it('lists risks when the status is not SUCCESS and omits them on SUCCESS', () => {
    expect(createReportMarkdown(warningReport)).toContain('## Risks');
    const success = { ...successReport, risks: [{ id: 'x', title: 'Should not show', detail: 'd' }] };
    expect(createReportMarkdown(success)).not.toContain('Should not show');
  });

  it('includes the evidence essentials: record, policy fetch, parsed policy, MX coverage, timings', () => {
    const md = createReportMarkdown(successReport);
    expect(md).toContain('```text\nv=STSv1; id=20260301000000\n```');
    expect(md).toContain('- URL: `https://mta-sts.example.com/.well-known/mta-sts.txt`');
    expect(md).toContain('- Outcome: ok, HTTP 200');
    expect(md).toContain('- mode: enforce');
    expect(md).toContain('`a.mail.example.com`: covered by `*.mail.example.com`; DANE (TLSA) present');
    expect(md).toContain('via CNAME `_mta-sts.provider.example.net`');
    expect(md).toContain('total 190 ms');
  });

  it('shows a lookup error for a failed check', () => {
    expect(createReportMarkdown(errorReport)).toContain('- Error: `timeout after 5000 ms`');
  });

  it('keeps a hostile policy body inside its fence and escapes hostile finding text', () => {
    const md = createReportMarkdown(hostileReport);
    const balance = fenceBalance(md);
    expect(balance.open).toBe(balance.closed);
    expect(md).toContain('`````text\n<script>');
    // Outside fences and code spans (both shown literally by Markdown), no raw tag survives.
    const outside = md
      .replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '')
      .replace(/(`+)(?!`)[^\n]*?(?<!`)\1(?!`)/g, '');
    expect(outside).not.toMatch(/(?<!\\)<script/);
    expect(outside).not.toMatch(/(?<!\\)<img/);
    expect(outside).toContain('\\<script\\>');
  });

  it('cannot be broken out of by a body made of backtick fences', () => {
    const body = '```\n````\n# injected\n``````````';
    const md = createReportMarkdown(
      createReport({ evidence: { ...successReport.evidence, policyFetch: createPolicyFetch({ body }) } }),
    );
    expect(md).toContain(`\`\`\`\`\`\`\`\`\`\`\`text\n${body}\n\`\`\`\`\`\`\`\`\`\`\``);
  });

  it('makes control characters visible', () => {
    const report = createReport({
      findings: [{ code: 'check.failed', severity: 'info', message: `a\u001b[31mb${HOSTILE_SCRIPT}` }],
    });
    const md = createReportMarkdown(report);
    expect(md).not.toContain('\u001b');
    // Rendered, "\\x1b" shows as the four characters \x1b.
    expect(md).toContain('a\\\\x1b\\[31mb');
  });

  it('carries the corrected policy with the real MX host and the fix text with the real domain', () => {
    const md = createReportMarkdown(warningReport);
    expect(md).toContain('mx: backup.other.net');
    expect(md).not.toContain('<domain>');
  });

  it.each<[string, boolean]>([
    ['absent', true],
    ['present', false],
  ])(
    'carries the starter set for a domain without MTA-STS (TLS-RPT record %s: offered %s)',
    (presence, offered) => {
      const report: Report =
        presence === 'present'
          ? {
              ...noMtaStsReport,
              evidence: {
                ...noMtaStsReport.evidence,
                tlsRptRecord: { version: 'TLSRPTv1', rua: ['mailto:tls@shop.example'] },
              },
            }
          : noMtaStsReport;
      const md = createReportMarkdown(report);
      expect(md).toContain('## Set up MTA-STS (starter set, testing mode)');
      expect(md).toContain('mode: testing');
      const starter = md.slice(md.indexOf('## Set up MTA-STS'));
      expect(starter.includes('v=TLSRPTv1; rua=mailto:tlsrpt@')).toBe(offered);
    },
  );
});
