import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from './support/browser';
import { type ExtensionWorld, startExtensionWorld } from './support/extension-world';

let env: ExtensionWorld;

beforeAll(async () => {
  env = await startExtensionWorld();
  await env.useWorldResolver();
});
afterAll(async () => {
  await env?.close();
});

describe('bulk audit page in Chromium', () => {
  it('audits 50 pasted domains, counts each status and exports a CSV row per domain', async () => {
    const named = ['enforce.test', 'testing.test', 'uncovered.test', 'servfail.test', 'norecord.test'];
    const bulk = Object.keys(env.world.scenarios)
      .filter((d) => d.startsWith('bulk'))
      .slice(0, 45);
    const domains = [...named, ...bulk];
    expect(domains).toHaveLength(50);
    const expected = { SUCCESS: 0, WARNING: 0, ERROR: 0 };
    for (const d of domains) expected[env.world.scenarios[d]?.expect.status ?? 'ERROR']++;
    expect(Object.values(expected).every((n) => n > 0)).toBe(true);

    const page = await env.ext.openPage('audit.html');
    try {
      // A messy paste: URLs, an e-mail address, a duplicate and a line that is not a domain.
      const paste = [
        ...domains.map((d, i) => (i === 0 ? `https://www.${d}/about` : i === 1 ? `ciso@${d}` : d)),
        'enforce.test',
        'not a domain!',
      ].join('\n');
      await page.getByTestId('audit-input').fill(paste);
      await expect.poll(() => page.getByTestId('audit-rejected').count()).toBe(1);
      await page.getByTestId('audit-run').click();
      await page.getByTestId('audit-done').waitFor({ timeout: 60_000 });

      for (const status of ['SUCCESS', 'WARNING', 'ERROR'] as const) {
        expect({
          status,
          n: await page.locator(`[data-testid="audit-row"][data-status="${status}"]`).count(),
        }).toEqual({
          status,
          n: expected[status],
        });
        expect(await page.getByTestId(`audit-count-${status}`).textContent()).toBe(String(expected[status]));
      }
      for (const d of domains) {
        const row = page.locator(`[data-testid="audit-row"][data-domain="${d}"]`);
        expect({ d, status: await row.getAttribute('data-status') }).toEqual({
          d,
          status: env.world.scenarios[d]?.expect.status,
        });
      }
      await saveScreenshot(page, 'audit-done');

      // Opening a row shows the report the row summarises, as stored by the run, not a new live check.
      const [opened] = await Promise.all([
        env.ext.context.waitForEvent('page'),
        page.locator('[data-testid="audit-row"][data-domain="testing.test"] .audit-domain button').click(),
      ]);
      await opened.getByTestId('stored-report').waitFor({ timeout: 15_000 });
      expect(opened.url()).toContain('from=audit');
      expect(await opened.getByTestId('status').getAttribute('data-status')).toBe('WARNING');
      await opened.close();

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('audit-export-csv').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^mta-sts-audit-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = (await readFile((await download.path()) as string, 'utf8')).replace(/^\uFEFF/, '');
      const lines = csv.trim().split(/\r\n/);
      expect(lines).toHaveLength(51);
      const header = (lines[0] ?? '').split(',');
      expect(header[0]).toBe('domain');
      const statusColumn = header.indexOf('status');
      expect(statusColumn).toBeGreaterThan(0);
      const csvStatus = Object.fromEntries(
        lines.slice(1).map((l) => [l.split(',')[0], l.split(',')[statusColumn]]),
      );
      for (const d of domains) expect(csvStatus[d]).toBe(env.world.scenarios[d]?.expect.status);
    } finally {
      await page.close();
    }
  });

  it('warns when a policy changed but its id did not, between two checks of the same domain', async () => {
    const first = await env.checkInPopup('drift.test');
    try {
      expect(await first.getByTestId('status').getAttribute('data-status')).toBe('SUCCESS');
    } finally {
      await first.close();
    }
    const host = 'mta-sts.drift.test';
    env.world.policy.setRoute(host, {
      body: 'version: STSv1\nmode: testing\nmx: mx1.drift.test\nmx: *.drift.test\nmax_age: 86400\n',
      headers: { 'content-type': 'text/plain' },
    });
    const page = await env.ext.openPage('popup.html?domain=drift.test');
    try {
      // The background keeps the last report for a few minutes: ask for a fresh check.
      await page.locator('[data-testid="status"]:not([data-status="RUNNING"])').waitFor();
      await page.getByRole('button', { name: 'Check again' }).click();
      await page
        .locator('[data-testid="finding"][data-code="history.policy-changed-same-id"]')
        .waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('status').getAttribute('data-status')).toBe('WARNING');
      expect(await page.locator('body').textContent()).toMatch(/changed since/i);
      await saveScreenshot(page, 'popup-drift');
    } finally {
      await page.close();
    }
  });

  it('offers to resume a run interrupted by a reload, and ends with every domain', async () => {
    const domains = Object.keys(env.world.scenarios)
      .filter((d) => d.startsWith('bulk'))
      .slice(0, 12);
    // Slow answers, so the reload lands in the middle of the run.
    env.world.doh.setBehaviour({ latencyMs: 300 });
    const page = await env.ext.openPage('audit.html');
    try {
      await page.getByTestId('audit-input').fill(domains.join('\n'));
      await page.getByTestId('audit-concurrency').fill('2');
      await page.getByTestId('audit-run').click();
      await expect.poll(() => page.getByTestId('audit-row').count(), { timeout: 30_000 }).toBeGreaterThan(1);
      // The rows are stored in batches (half a second apart): reload once some of them are, mid-run.
      const storedRows = () =>
        page.evaluate(async () => {
          const { chrome } = globalThis as unknown as {
            chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
          };
          const got = await chrome.storage.local.get('audit:rows');
          return (got['audit:rows'] as { rows?: unknown[] } | undefined)?.rows?.length ?? 0;
        });
      await expect.poll(storedRows, { timeout: 30_000 }).toBeGreaterThan(0);
      await page.reload();
      const resume = page.getByTestId('audit-resume');
      await resume.waitFor({ timeout: 15_000 });
      const left = Number(/\((\d+) left\)/.exec((await resume.textContent()) ?? '')?.[1]);
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThan(domains.length);
      env.world.doh.setBehaviour(null);
      await resume.click();
      await page.getByTestId('audit-done').waitFor({ timeout: 60_000 });
      await expect.poll(() => page.getByTestId('audit-row').count()).toBe(domains.length);
      await page.reload();
      await page.getByTestId('audit-row').first().waitFor();
      expect(await page.getByTestId('audit-resume').count()).toBe(0);
    } finally {
      env.world.doh.setBehaviour(null);
      await page.close();
    }
  });
});
