// The bulk audit states only what it established (issue 9, items 9 and 10): after SERVFAIL and timeouts the
// CSV leaves the unknown facts empty (never false or 0), and "Re-check errors" keeps every row.
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { saveScreenshot } from './support/browser';
import { useExtensionWorld } from './support/world-per-file';

const world = useExtensionWorld({ bulk: 0 });

async function exportCsv(page: Page): Promise<Record<string, Record<string, string>>> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('audit-export-csv').first().click(),
  ]);
  const text = (await readFile((await download.path()) as string, 'utf8')).replace(/^\uFEFF/, '');
  const { data } = Papa.parse<Record<string, string>>(text.trim(), { header: true });
  return Object.fromEntries(data.map((row) => [row.domain ?? '', row]));
}

const rowStatus = (page: Page, domain: string) =>
  page.locator(`[data-testid="audit-row"][data-domain="${domain}"]`).getAttribute('data-status');

describe('bulk audit with failing lookups', () => {
  it('exports unknown facts as empty cells, then re-checks only the errors and keeps every row', async () => {
    // testing.test: its MX lookup answers SERVFAIL (the check ends in ERROR). norecord.test: its TLS-RPT
    // lookup never answers (a timeout; the check still concludes). servfail.test: the _mta-sts lookup fails.
    world().world.doh.setBehaviour({ fault: 'servfail' }, { name: 'testing.test', type: 'MX' });
    world().world.doh.setBehaviour({ fault: 'timeout' }, { name: '_smtp._tls.norecord.test', type: 'TXT' });
    const page = await world().ext.openPage('audit.html');
    try {
      await page.setViewportSize({ width: 1100, height: 900 });
      const list = [
        'https://www.enforce.test/',
        'nortp.test',
        'testing.test',
        'norecord.test',
        'servfail.test',
      ];
      await page.getByTestId('audit-input').fill(list.join('\n'));
      await page.getByTestId('audit-run').click();
      await page.getByTestId('audit-done').waitFor({ timeout: 90_000 });

      const csv = await exportCsv(page);
      // Known facts keep their values: true/false and numbers.
      expect(csv['enforce.test']).toMatchObject({
        status: 'SUCCESS',
        state: 'enforced',
        mx_total: '2',
        tls_rpt: 'true',
        input: 'https://www.enforce.test/',
      });
      expect(csv['nortp.test']).toMatchObject({ tls_rpt: 'false', mx_total: '2', input: 'nortp.test' });
      // Unknown facts are empty cells.
      expect(csv['testing.test']).toMatchObject({ status: 'ERROR', mx_total: '', mx_covered: '', state: '' });
      expect(csv['norecord.test']).toMatchObject({
        status: 'WARNING',
        state: 'not-set-up',
        mx_total: '1',
        tls_rpt: '',
      });
      // Its policy file was still fetched (a fact), but the record's id is unknown.
      expect(csv['servfail.test']).toMatchObject({
        status: 'ERROR',
        state: '',
        mode: 'enforce',
        policy_id: '',
      });

      // The table marks what is unknown, distinct from "no".
      const failedRow = page.locator('[data-testid="audit-row"][data-domain="norecord.test"]');
      expect(await failedRow.getAttribute('data-unknown')).toContain('tlsRpt');
      expect(await failedRow.getByTestId('audit-unknown').count()).toBeGreaterThan(0);
      await saveScreenshot(page, 'audit-unknown');

      // The lookups work again: re-check the two ERROR rows only.
      world().world.resetDoh();
      const recheck = page.getByTestId('audit-recheck-errors');
      expect(await recheck.textContent()).toBe('Re-check errors (2)');
      await recheck.click();
      await expect.poll(() => rowStatus(page, 'testing.test'), { timeout: 60_000 }).toBe('WARNING');
      await page.getByTestId('audit-done').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('audit-row').count()).toBe(5);
      expect(await rowStatus(page, 'servfail.test')).toBe('ERROR');
      // Rows that were not re-checked are untouched, with the unknown TLS-RPT still unknown.
      expect(await rowStatus(page, 'norecord.test')).toBe('WARNING');
      const after = await exportCsv(page);
      expect(Object.keys(after).sort()).toEqual([
        'enforce.test',
        'norecord.test',
        'nortp.test',
        'servfail.test',
        'testing.test',
      ]);
      expect(after['testing.test']).toMatchObject({ status: 'WARNING', state: 'testing', mx_total: '2' });
      expect(after['norecord.test']).toMatchObject({ tls_rpt: '' });
      expect(after['enforce.test']).toMatchObject({ input: 'https://www.enforce.test/' });
    } finally {
      world().world.resetDoh();
      await page.close();
    }
  });
});
