// What the page and the CLI make of imported reports: per-domain sums, the enforce verdict, explanations,
// the cross-check with today's check, and the exports.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  assessReadiness,
  createTlsRptCsv,
  createTlsRptJson,
  crossCheck,
  describeReadiness,
  explainFailure,
  type ImportedReport,
  mergeReports,
  parseTlsRptReport,
  READINESS_THRESHOLDS,
  RESULT_TYPES,
  readTlsReport,
  summarizeReports,
} from '../../lib/index';
import { createPolicyFetch, createReport } from '../support/report-fixtures';
import { createReportJson, type FailureInput, type ReportInput } from '../support/tlsrpt-fixtures';

const CORPUS = resolve('..', 'shared', 'tlsrpt', 'reports');

function imported(input: ReportInput, fileName = `${input.id ?? input.day ?? 'r'}.json`): ImportedReport {
  const read = readTlsReport(createReportJson(input));
  if (!read.ok) throw new Error(read.error);
  return { fileName, report: read.report, warnings: read.warnings };
}

/** `days` consecutive daily reports from 2026-11-01 on. */
function month(days: number, input: ReportInput = {}): ImportedReport[] {
  return Array.from({ length: days }, (_, i) => {
    const day = `2026-11-${String(i + 1).padStart(2, '0')}`;
    return imported({ ...input, day, id: `${day}_${input.domain ?? 'example.com'}` });
  });
}

const mismatch = (host: string, n: number): FailureInput => ({
  'result-type': 'certificate-host-mismatch',
  'failed-session-count': n,
  'receiving-mx-hostname': host,
  'sending-mta-ip': '192.0.2.1',
});

async function corpusReports(): Promise<ImportedReport[]> {
  const files = readdirSync(CORPUS).sort();
  const out: ImportedReport[] = [];
  for (const fileName of files) {
    const r = await parseTlsRptReport(new Uint8Array(readFileSync(resolve(CORPUS, fileName))));
    if (r.ok) out.push({ fileName, report: r.report, warnings: r.warnings });
  }
  return out;
}

describe('mergeReports', () => {
  it('counts a report id seen twice once, keeps the first copy and says whether the copies differ', async () => {
    const { reports, duplicates } = mergeReports([], await corpusReports());
    expect(reports).toHaveLength(14);
    expect(duplicates).toEqual([
      {
        fileName: '02-rfc8460-example-gzip-attachment.eml',
        reportId: '5065427c-23d3-47ca-b6e0-946ea0e8c4be',
        keptFrom: '01-rfc8460-example.json',
        differs: true,
      },
      {
        fileName: '24-unparseable-start-datetime.json',
        reportId: '5065427c-23d3-47ca-b6e0-946ea0e8c4be',
        keptFrom: '01-rfc8460-example.json',
        differs: true,
      },
    ]);
  });

  it('treats the same id from two reporters as two reports', () => {
    const a = imported({ id: 'same', org: 'Google Inc.' });
    const b = imported({ id: 'same', org: 'Microsoft Corporation' });
    expect(mergeReports([a], [b]).reports).toHaveLength(2);
  });
});

describe('summarizeReports', () => {
  it('sums sessions per policy domain and keeps a missing total unknown', async () => {
    const { reports } = mergeReports([], await corpusReports());
    const byDomain = Object.fromEntries(summarizeReports(reports).map((s) => [String(s.domain), s]));
    expect(byDomain['example.com']?.success).toEqual({ known: 23 + 0 + 0 + 0 + 2 + 48, unknown: 0 });
    expect(byDomain['company-y.example']?.failure).toEqual({ known: 303, unknown: 0 });
    expect(byDomain.null?.failure).toEqual({ known: 0, unknown: 2 });
    expect(byDomain['random.net']?.policyTypes).toEqual(['sts', 'tlsa']);
  });

  it('tallies failures by result type, MX host, reporter and day', () => {
    const s = summarizeReports([
      imported({ day: '2026-11-01', failures: [mismatch('mx2.example.com', 3)] }),
      imported({ day: '2026-11-02', org: 'Microsoft', failures: [mismatch('mx2.example.com', 2)] }),
    ])[0];
    expect(s?.byResultType).toEqual([{ key: 'certificate-host-mismatch', sessions: 5 }]);
    expect(s?.byMxHost).toEqual([{ key: 'mx2.example.com', sessions: 5 }]);
    expect(s?.byOrganization.map((o) => o.key).sort()).toEqual(['Google Inc.', 'Microsoft']);
    expect(s?.daily).toEqual([
      { day: '2026-11-01', success: 100, failure: 3 },
      { day: '2026-11-02', success: 100, failure: 2 },
    ]);
  });
});

describe('assessReadiness', () => {
  const { minDays, minSessions } = READINESS_THRESHOLDS;
  const verdict = (reports: ImportedReport[], live: string | null = null) => {
    const s = summarizeReports(reports)[0];
    if (!s) throw new Error('no summary');
    return assessReadiness(s, live);
  };

  it.each([
    ['enough clean days in testing', month(minDays), 'ready'],
    ['one day short', month(minDays - 1), 'not-enough-data'],
    [
      'too few sessions',
      month(minDays, { success: Math.floor(minSessions / minDays / 2) }),
      'not-enough-data',
    ],
    [
      'a failure among clean days',
      [
        ...month(minDays),
        imported({ day: '2026-11-20', id: 'x', failures: [mismatch('mx2.example.com', 1)] }),
      ],
      'not-ready',
    ],
    ['an enforced policy', month(3, { mode: 'enforce' }), 'enforced'],
    ['mode none', month(3, { mode: 'none' }), 'mode-none'],
  ])('%s: %s', (_name, reports, kind) => {
    expect(verdict(reports).kind).toBe(kind);
  });

  it('lists blocking failures with the host and the fix', () => {
    const r = verdict([...month(minDays), imported({ id: 'f', failures: [mismatch('mx2.example.com', 4)] })]);
    expect(r.kind).toBe('not-ready');
    if (r.kind !== 'not-ready') return;
    expect(r.blocking).toEqual([
      expect.objectContaining({
        resultType: 'certificate-host-mismatch',
        host: 'mx2.example.com',
        sessions: 4,
        explanation:
          'The certificate of mx2.example.com does not name the host, so senders could not authenticate it.',
      }),
    ]);
    expect(describeReadiness(r).headline).toBe('Ready to switch to enforce: not yet');
  });

  it('counts mail bounced under enforce per host, leaving out policy fetch errors', () => {
    const r = verdict([
      imported({
        mode: 'enforce',
        failures: [
          mismatch('mx2.example.com', 4),
          { 'result-type': 'sts-policy-fetch-error', 'failed-session-count': 2 },
        ],
      }),
    ]);
    expect(r).toMatchObject({
      kind: 'enforced',
      bounced: 4,
      otherFailures: 2,
      hosts: [{ host: 'mx2.example.com', sessions: 4 }],
    });
    expect(describeReadiness(r).headline).toBe('Mail bounced by MTA-STS: 4 sessions');
  });

  it('never says ready while a report left the failure total out', () => {
    const reports = month(minDays);
    const last = reports.at(-1)?.report.policies[0];
    if (last) last.failureCount = null;
    const r = verdict(reports);
    expect(r.kind).toBe('not-enough-data');
    expect(describeReadiness(r).detail).toMatch(/gave no failure count/);
  });

  it('uses the mode published today when the reports do not say', () => {
    const reports = month(minDays).map((r) => {
      for (const p of r.report.policies) p.policyStrings = null;
      return r;
    });
    expect(verdict(reports).kind).toBe('mode-unknown');
    expect(verdict(reports, 'testing').kind).toBe('ready');
  });
});

describe('explainFailure', () => {
  it.each(RESULT_TYPES.map((t) => [t]))('explains %s and gives a fix', (type) => {
    const e = explainFailure(type, 'mx2.example.com', 'example.com');
    expect(e.area).not.toBe('unknown');
    expect(e.explanation.length).toBeGreaterThan(20);
    expect(e.fix.length).toBeGreaterThan(20);
  });

  it.each([
    ['certificate-host-mismatch', /certificate of mx2\.example\.com does not name the host/],
    ['sts-policy-fetch-error', /could not fetch the policy file https:\/\/mta-sts\.example\.com/],
    ['quantum-failure', /does not define/],
  ])('%s reads as %s', (type, text) => {
    expect(explainFailure(type, 'mx2.example.com', 'example.com').explanation).toMatch(text);
  });
});

describe('crossCheck with today’s check', () => {
  const live = createReport({
    domain: 'example.com',
    evidence: {
      ...createReport().evidence,
      policyFetch: createPolicyFetch(),
      policy: { version: 'STSv1', mode: 'enforce', mx: ['mx1.example.com'], maxAge: 604800 },
    },
  });

  it('names failing hosts the policy no longer lists, and the drift from what senders saw', () => {
    const summary = summarizeReports([
      imported({ mx: ['mx1.example.com', 'mx2.example.com'], failures: [mismatch('mx2.example.com', 3)] }),
    ])[0];
    if (!summary) throw new Error('no summary');
    const c = crossCheck(summary, live);
    expect(c.hostsNotInPolicy).toEqual([{ host: 'mx2.example.com', sessions: 3 }]);
    expect(c.drift).toEqual([
      { field: 'mode', reported: 'testing', published: 'enforce' },
      { field: 'mx', reported: 'mx1.example.com, mx2.example.com', published: 'mx1.example.com' },
    ]);
  });

  it.each([
    ['fixed since', live, false],
    ['still failing', createReport({ domain: 'example.com' }), true],
  ])('reports policy fetch errors as %s', (_name, report, stillFailing) => {
    const summary = summarizeReports([
      imported({ failures: [{ 'result-type': 'sts-policy-fetch-error', 'failed-session-count': 2 }] }),
    ])[0];
    if (!summary) throw new Error('no summary');
    expect(crossCheck(summary, report).policyErrors).toEqual({ sessions: 2, stillFailing });
  });
});

describe('createTlsRptCsv', () => {
  it('writes one row per failure detail with empty cells for unknowns and defused formulas', async () => {
    const reports = await corpusReports();
    const csv = createTlsRptCsv(reports);
    const parsed = Papa.parse<Record<string, string>>(csv.trim(), { header: true });
    const details = reports.reduce(
      (n, r) => n + r.report.policies.reduce((m, p) => m + p.failures.length, 0),
      0,
    );
    expect(parsed.data).toHaveLength(details);
    const mailru = parsed.data.find((row) => row.organization === 'Mail.ru');
    expect(mailru).toMatchObject({
      policy_domain: 'example.com',
      failed_sessions: '1',
      sending_mta_ip: '',
      receiving_mx_hostname: '',
    });

    const hostile = imported({
      failures: [{ ...mismatch('mx.example.com', 1), 'failure-reason-code': '=HYPERLINK("http://evil")' }],
    });
    expect(createTlsRptCsv([hostile])).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it('escapes hidden and direction-changing characters from a report, as the audit export does', () => {
    const spoofed = imported({ failures: [mismatch('\u202Emoc.elgoog.xm', 1)] });
    const csv = createTlsRptCsv([spoofed]);
    expect(csv).not.toContain('\u202E');
    expect(csv).toContain('\\u202Emoc.elgoog.xm');
    expect(createTlsRptJson([spoofed], new Date(0))).not.toContain('\u202E');
  });
});
