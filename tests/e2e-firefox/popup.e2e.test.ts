import { X509Certificate } from 'node:crypto';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from './support/firefox';
import { type FirefoxWorld, policyHostCertificate, startFirefoxWorld } from './support/firefox-world';

let env: FirefoxWorld;

beforeAll(async () => {
  env = await startFirefoxWorld();
  // The options page sets the custom resolver: every check below depends on it reaching the local DoH server.
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

async function textOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (e) => e.textContent ?? '');
}

async function checked<T>(domain: string, inspect: (page: Page) => Promise<T>): Promise<T> {
  const page = await env.checkInPopup(domain);
  try {
    return await inspect(page);
  } finally {
    await page.close();
  }
}

describe('popup in Firefox against local DoH and HTTPS servers', () => {
  it.each([
    ['enforce.test', 'SUCCESS', ['record.valid', 'policy.mode.enforce', 'mx.covered', 'policy.cert.valid']],
    ['notfound.test', 'WARNING', ['policy.http-status']],
    ['redirect.test', 'WARNING', ['policy.redirect', 'policy.cert.valid']],
    // Firefox resolves every name to the test server, which then presents another host's certificate:
    // the resolver's NXDOMAIN (what senders see) must still win over the browser's name mismatch.
    ['nohost.test', 'WARNING', ['policy.host.nxdomain']],
    ['badcert.test', 'WARNING', ['policy.fetch.cert-rejected']],
    ['expiring.test', 'WARNING', ['policy.cert.expiring']],
    ['servfail.test', 'ERROR', ['dns.failed']],
    ['not a domain', 'ERROR', ['domain.invalid']],
  ])('shows %s as %s with its findings', async (domain, status, codes) => {
    await checked(domain, async (page) => {
      expect(await statusOf(page)).toBe(status);
      const found = await codesOf(page);
      for (const code of codes) expect(found).toContain(code);
      await saveScreenshot(page, `popup-${domain}`);
    });
  });

  it('shows the issuer, names and expiry of the policy host certificate in the evidence', async () => {
    const cert = new X509Certificate((await policyHostCertificate('mta-sts.enforce.test')).cert);
    await checked('enforce.test', async (page) => {
      const evidence = await textOf(page, '[data-testid="policy-certificate"]');
      expect(evidence).toContain('CN=MTA-STS Checker Test CA');
      expect(evidence).toContain('mta-sts.enforce.test');
      expect(evidence).toContain(new Date(cert.validTo).toISOString().slice(0, 10));
      await page.$eval('[data-testid="evidence"]', (e) => e.setAttribute('open', ''));
      // The heading above the certificate view, so the screenshot shows what it is.
      await page.$eval('[data-testid="policy-certificate"]', (e) =>
        e.previousElementSibling?.scrollIntoView(),
      );
      await saveScreenshot(page, 'firefox-certificate-enforce.test', false);
    });
  });

  it('warns about a certificate that expires in 10 days, naming the date', async () => {
    await checked('expiring.test', async (page) => {
      const text = await textOf(page, '[data-code="policy.cert.expiring"]');
      expect(text).toMatch(/in (9|10) days/);
      const cert = new X509Certificate((await policyHostCertificate('mta-sts.expiring.test', 10)).cert);
      expect(text).toContain(new Date(cert.validTo).toISOString().slice(0, 10));
      await saveScreenshot(page, 'firefox-expiring.test', false);
    });
  });

  it('explains an untrusted certificate with the error Firefox reported', async () => {
    await checked('badcert.test', async (page) => {
      const text = await textOf(page, '[data-code="policy.fetch.cert-rejected"]');
      expect(text).toMatch(/not issued by a certificate authority the browser trusts/);
      // What Firefox said, quoted in the finding and shown in the evidence.
      const reported = await textOf(page, '[data-testid="certificate-error"]');
      expect(reported).toMatch(/issuer is not recognized/);
      expect(text).toMatch(/issuer is not recognized/);
    });
  });
});

describe('bulk audit page in Firefox', () => {
  it('flags the policy host certificate that expires in 10 days across a list', async () => {
    const page = await env.firefox.openPage('audit.html');
    try {
      await page.waitForSelector('[data-testid="audit-input"]', { timeout: 10_000 });
      await page.locator('[data-testid="audit-input"]').fill('enforce.test\nexpiring.test');
      await page.locator('[data-testid="audit-run"]').click();
      await page.waitForSelector('[data-testid="audit-done"]', { timeout: 30_000 });
      const status = (d: string) =>
        page.$eval(`[data-testid="audit-row"][data-domain="${d}"]`, (e) => e.getAttribute('data-status'));
      expect(await status('enforce.test')).toBe('SUCCESS');
      expect(await status('expiring.test')).toBe('WARNING');
      const row = await page.$eval(
        '[data-testid="audit-row"][data-domain="expiring.test"]',
        (e) => e.textContent,
      );
      expect(row).toMatch(/expires within 14 days|policy\.cert\.expiring/);
    } finally {
      await page.close();
    }
  });
});

describe('bulk audit against the HTTP/2 DoH resolver in Firefox', () => {
  it('has more than 6 questions at the resolver at once, having read HTTP/2 in a status line', async () => {
    // Firefox leaves Resource Timing's protocol empty for another origin; the background reads the answers'
    // status lines instead (utils/next-hop.ts). Without that, six at a time.
    // The world's first 14 scenarios whose own answer is not ERROR: policy, record and MX variants alike.
    const domains = Object.keys(env.world.scenarios)
      .filter((d) => env.world.scenarios[d]?.expect.status !== 'ERROR')
      .slice(0, 14);
    expect(domains).toHaveLength(14);
    env.world.doh.setBehaviour({ latencyMs: 300 });
    env.world.doh.resetMaxInFlight();
    const page = await env.firefox.openPage('audit.html');
    try {
      await page.waitForSelector('[data-testid="audit-input"]', { timeout: 10_000 });
      await page.locator('[data-testid="audit-input"]').fill(domains.join('\n'));
      await page.locator('[data-testid="audit-run"]').click();
      await page.waitForSelector('[data-testid="audit-done"]', { timeout: 45_000 });
      const statuses = await page.$$eval('[data-testid="audit-row"]', (rows) =>
        rows.map((r) => r.getAttribute('data-status')),
      );
      expect(statuses).toHaveLength(domains.length);
      expect(statuses.filter((s) => s === 'ERROR')).toEqual([]);
      expect(env.world.doh.maxInFlight).toBeGreaterThan(6);
    } finally {
      env.world.doh.setBehaviour({});
      await page.close();
    }
  });
});
