import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from './support/firefox';
import { type FirefoxWorld, startFirefoxWorld } from './support/firefox-world';

let env: FirefoxWorld;

beforeAll(async () => {
  env = await startFirefoxWorld();
  await env.useWorldResolver();
});
afterAll(async () => {
  await env?.close();
});

async function codesOf(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="finding"]', (els) =>
    els.map((e) => (e as HTMLElement).dataset.code ?? ''),
  );
}

async function statusOf(page: Page): Promise<string | null> {
  return page.$eval('[data-testid="status"]', (e) => e.getAttribute('data-status'));
}

describe('popup in Firefox against local DoH and HTTPS servers', () => {
  it.each([
    ['enforce.test', 'SUCCESS', ['record.valid', 'policy.mode.enforce', 'mx.covered']],
    ['notfound.test', 'WARNING', ['policy.http-status']],
    ['badcert.test', 'WARNING', ['policy.fetch.failed']],
    ['servfail.test', 'ERROR', ['dns.failed']],
  ])('shows %s as %s with its findings', async (domain, status, codes) => {
    const page = await env.checkInPopup(domain);
    try {
      const found = await codesOf(page);
      console.log(domain, await statusOf(page), found, await page.$eval('body', (b) => b.textContent));
      expect(await statusOf(page)).toBe(status);
      for (const code of codes) expect(found).toContain(code);
      await saveScreenshot(page, `popup-${domain}`);
    } finally {
      await page.close();
    }
  });
});
