// The TLS reports page in real Chromium: the sixteen real-world reports dropped at once (plus a broken file),
// per-domain counts and verdicts, the CSV export, today's check next to the reports, and the saved copy.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportJson, gzipBytes, toBytes } from '../support/tlsrpt-fixtures';
import { SCREENSHOT_DIR, saveScreenshot } from './support/browser';
import { type ExtensionWorld, startExtensionWorld } from './support/extension-world';

const CORPUS = resolve('..', 'shared', 'tlsrpt');

interface CorpusEntry {
  file: string;
  expected: {
    organization_name: string;
    report_id: string;
    policies: Array<{
      policy_domain: string | null;
      total_successful_session_count: number | null;
      total_failure_session_count: number | null;
      failures: unknown[];
    }>;
  };
}

const corpus = JSON.parse(readFileSync(join(CORPUS, 'index.json'), 'utf8')) as CorpusEntry[];

/** Per-domain sums straight from the corpus facts: the first file of each reporter + report id counts. */
function expectedDomains() {
  const seen = new Set<string>();
  const domains = new Map<string, { success: number | null; failure: number | null }>();
  let details = 0;
  for (const { expected } of [...corpus].sort((a, b) => a.file.localeCompare(b.file))) {
    const key = `${expected.organization_name}\u0000${expected.report_id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const p of expected.policies) {
      const d = domains.get(p.policy_domain ?? '') ?? { success: 0, failure: 0 };
      const sum = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
      d.success = sum(d.success, p.total_successful_session_count);
      d.failure = sum(d.failure, p.total_failure_session_count);
      domains.set(p.policy_domain ?? '', d);
      details += p.failures.length;
    }
  }
  return { unique: seen.size, domains, details };
}

let env: ExtensionWorld;
let dir: string;

beforeAll(async () => {
  env = await startExtensionWorld();
  await env.useWorldResolver();
  dir = mkdtempSync(join(tmpdir(), 'tlsrpt-e2e-'));
  writeFileSync(join(dir, 'broken.json.gz'), gzipBytes(toBytes(createReportJson())).subarray(0, 50));
  const testing = createReportJson({
    domain: 'testing.test',
    mx: ['*.testing.test'],
    failures: [
      {
        'result-type': 'certificate-host-mismatch',
        'failed-session-count': 4,
        'receiving-mx-hostname': 'old-mx.example.net',
        'sending-mta-ip': '192.0.2.1',
      },
    ],
  });
  writeFileSync(join(dir, 'testing.test.json.gz'), gzipBytes(toBytes(testing)));
});
afterAll(async () => {
  await env?.close();
});

describe('TLS reports page in Chromium', () => {
  it('reads 16 real-world reports at once, lists the broken file, sums per domain and exports the failures', async () => {
    const { unique, domains, details } = expectedDomains();
    const page = await env.ext.openPage('tlsrpt.html');
    try {
      const files = [...corpus.map((e) => join(CORPUS, e.file)), join(dir, 'broken.json.gz')];
      expect(files).toHaveLength(17);
      await page.getByTestId('tlsrpt-file').setInputFiles(files);
      await page.getByTestId('tlsrpt-counts').waitFor();

      expect(await page.getByTestId('tlsrpt-report').count()).toBe(unique);
      expect(await page.getByTestId('tlsrpt-duplicate').count()).toBe(corpus.length - unique);
      const rejected = page.getByTestId('tlsrpt-rejected');
      expect(await rejected.count()).toBe(1);
      expect(await rejected.getAttribute('data-file')).toBe('broken.json.gz');
      expect(await rejected.textContent()).toMatch(/damaged or incomplete/);

      const shown = await page
        .getByTestId('tlsrpt-domain')
        .evaluateAll((els) =>
          els.map((e) => [
            e.getAttribute('data-domain'),
            { success: e.getAttribute('data-success'), failure: e.getAttribute('data-failure') },
          ]),
        );
      const want = [...domains].map(([d, c]) => [
        d,
        {
          success: c.success === null ? '' : String(c.success),
          failure: c.failure === null ? '' : String(c.failure),
        },
      ]);
      expect(Object.fromEntries(shown)).toEqual(Object.fromEntries(want));

      const verdict = (domain: string) =>
        page.locator(`[data-testid="tlsrpt-domain"][data-domain="${domain}"] [data-testid="tlsrpt-verdict"]`);
      expect(await verdict('example.com').getAttribute('data-verdict')).toBe('not-ready');
      expect(await verdict('company-y.example').getAttribute('data-verdict')).toBe('not-ready');
      expect(await verdict('random.net').getAttribute('data-verdict')).toBe('enforced');
      expect(await verdict('domain.de').getAttribute('data-verdict')).toBe('no-sts-policy');
      expect(await verdict('example.com').textContent()).toMatch(/Ready to switch to enforce: not yet/);
      await saveScreenshot(page, 'tlsrpt-corpus');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('tlsrpt-export-csv').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^tls-reports-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = readFileSync((await download.path()) as string, 'utf8').replace(/^\uFEFF/, '');
      const rows = Papa.parse<Record<string, string>>(csv.trim(), { header: true }).data;
      expect(rows).toHaveLength(details);
      expect(rows.find((r) => r.organization === 'Mail.ru')).toMatchObject({
        policy_domain: 'example.com',
        result_type: 'sts-policy-fetch-error',
        failed_sessions: '1',
        sending_mta_ip: '',
      });
    } finally {
      await page.close();
    }
  });

  it('puts today’s check next to the reports, keeps them for the next visit and clears them', async () => {
    const page = await env.ext.openPage('tlsrpt.html');
    try {
      // The reports of the first test were saved in this browser.
      await page.getByTestId('tlsrpt-report').first().waitFor({ state: 'attached' });
      const before = await page.getByTestId('tlsrpt-report').count();
      await page.getByTestId('tlsrpt-file').setInputFiles([join(dir, 'testing.test.json.gz')]);
      await expect.poll(() => page.getByTestId('tlsrpt-report').count()).toBe(before + 1);

      const card = page.locator('[data-testid="tlsrpt-domain"][data-domain="testing.test"]');
      expect(await card.getAttribute('data-failure')).toBe('4');
      await card.getByTestId('tlsrpt-crosscheck-run').click();
      await card.getByTestId('tlsrpt-crosscheck-result').waitFor({ timeout: 30_000 });
      expect(await card.getByTestId('tlsrpt-crosscheck-mode').getAttribute('data-mode')).toBe('testing');
      expect(await card.getByTestId('tlsrpt-crosscheck-hosts').textContent()).toContain('old-mx.example.net');
      await card.scrollIntoViewIfNeeded();
      await card.screenshot({ path: join(SCREENSHOT_DIR, 'tlsrpt-crosscheck.png') });

      await page.reload();
      await page.getByTestId('tlsrpt-report').first().waitFor({ state: 'attached' });
      expect(await page.getByTestId('tlsrpt-report').count()).toBe(before + 1);
      await page.getByTestId('tlsrpt-clear').click();
      await expect.poll(() => page.getByTestId('tlsrpt-report').count()).toBe(0);
      await page.reload();
      await page.getByTestId('tlsrpt-file').waitFor();
      expect(await page.getByTestId('tlsrpt-domain').count()).toBe(0);
    } finally {
      await page.close();
    }
  });
});
