import { describe, expect, it } from 'vitest';
import type { PolicyTlsEvidence } from '../../lib/certificate';
import { createReportMarkdown } from '../../lib/report/markdown';
import { createEvidence, createReport, successReport } from '../support/report-fixtures';

const report = (policyTls?: PolicyTlsEvidence) =>
  createReport({
    ...successReport,
    evidence: createEvidence({ ...successReport.evidence, ...(policyTls ? { policyTls } : {}) }),
  });

describe('Markdown report: the policy host certificate', () => {
  it.each<[string, PolicyTlsEvidence | undefined, string[], string[]]>([
    [
      'a certificate the browser accepted',
      {
        kind: 'connected',
        protocol: 'TLSv1.3',
        chain: [
          {
            subject: 'CN=mta-sts.example.com',
            issuer: 'CN=R11,O=Example CA',
            notBefore: '2026-01-01T00:00:00.000Z',
            notAfter: '2026-04-01T00:00:00.000Z',
            subjectAltNames: ['mta-sts.example.com'],
            sha256: null,
          },
        ],
      },
      [
        '### Policy host certificate',
        'TLSv1.3, chain of 1 (server first):',
        '- `CN=mta-sts.example.com` issued by `CN=R11,O=Example CA`, valid 2026-01-01 to 2026-04-01; names `mta-sts.example.com`',
      ],
      [],
    ],
    [
      'a refused certificate, with hostile text kept in a code span',
      { kind: 'failed', error: 'issuer `not` <b>recognized</b>' },
      ['- The browser reported: ``issuer `not` <b>recognized</b>``'],
      [],
    ],
    ['no certificate (Chrome)', undefined, [], ['Policy host certificate']],
    ['nothing seen', { kind: 'not-seen' }, [], ['Policy host certificate']],
  ])('renders %s', (_, tls, present, absent) => {
    const markdown = createReportMarkdown(report(tls));
    for (const line of present) expect(markdown).toContain(line);
    for (const text of absent) expect(markdown).not.toContain(text);
  });
});
