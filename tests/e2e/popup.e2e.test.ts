import type { Page } from 'playwright-core';
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

async function codesOf(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid="finding"]')
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.code ?? ''));
}

async function statusOf(page: Page): Promise<string | null> {
  const status = page.locator('[data-testid="status"]');
  expect(await status.count()).toBe(1);
  return status.getAttribute('data-status');
}

describe('popup in Chromium against local DoH and HTTPS servers', () => {
  it.each([
    ['enforce.test', 'SUCCESS', ['record.valid', 'policy.mode.enforce', 'mx.covered']],
    ['testing.test', 'WARNING', ['policy.mode.testing']],
    ['uncovered.test', 'WARNING', ['mx.uncovered']],
    ['badcert.test', 'WARNING', ['policy.fetch.failed']],
    ['nohost.test', 'WARNING', ['policy.host.nxdomain']],
    ['redirect.test', 'WARNING', ['policy.redirect']],
    ['norecord.test', 'WARNING', ['record.missing']],
    ['servfail.test', 'ERROR', ['dns.failed']],
  ])('shows %s as %s with its findings', async (domain, status, codes) => {
    const page = await env.checkInPopup(domain);
    try {
      expect(await statusOf(page)).toBe(status);
      const found = await codesOf(page);
      for (const code of codes) expect(found).toContain(code);
      await saveScreenshot(page, `popup-${domain}`);
    } finally {
      await page.close();
    }
  });

  it('shows a check starting before its script runs, which the script then replaces with the check itself', async () => {
    // popup.html as it arrives, scripts off: the first frame a person sees (components/PopupShell.tsx).
    const bare = await env.ext.context.newPage();
    try {
      const cdp = await env.ext.context.newCDPSession(bare);
      await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
      await bare.goto(`chrome-extension://${env.ext.extensionId}/popup.html?domain=enforce.test`);
      expect(await statusOf(bare)).toBe('RUNNING');
      expect(await bare.getByTestId('status-cause').textContent()).toBe('Finding the domain to check…');
      expect(await bare.getByRole('textbox').inputValue()).toBe('');
      expect(
        await bare.getByTestId('step').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.state)),
      ).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
    } finally {
      await bare.close();
    }
    // With its script, nothing of the shell is left beside the popup's own view.
    const page = await env.checkInPopup('enforce.test');
    try {
      expect(await statusOf(page)).toBe('SUCCESS');
      expect(await page.getByRole('textbox').count()).toBe(1);
      expect(await page.getByRole('textbox').inputValue()).toBe('enforce.test');
      expect(await page.getByTestId('step').count()).toBe(0);
      expect(await page.locator('main').count()).toBe(1);
    } finally {
      await page.close();
    }
  });

  it('says the uncovered MX host will bounce mail, naming it', async () => {
    const page = await env.checkInPopup('uncovered.test');
    try {
      const text = await page.locator('[data-code="mx.uncovered"]').textContent();
      expect(text).toContain('backup.mailhost.example');
      expect(text).toMatch(/bounce/);
    } finally {
      await page.close();
    }
  });

  it('shows a hostile policy body and TXT record literally, and runs no script from them', async () => {
    const page = await env.checkInPopup('hostile.test');
    try {
      const html = await page.content();
      expect(html).not.toMatch(/<script>window\.__pwned/);
      expect(html).not.toMatch(/<img src=x onerror/);
      // Present as text in the evidence, even while collapsed.
      const text = await page.locator('body').textContent();
      expect(text).toContain('<script>window.__pwned=1</script>');
      expect(text).toContain('x=<img/src=x/onerror=alert(1)>');
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      await saveScreenshot(page, 'popup-hostile.test');
    } finally {
      await page.close();
    }
  });

  it('says once that Chromium does not expose the policy host certificate, with the openssl command', async () => {
    const page = await env.checkInPopup('enforce.test');
    try {
      const note = page.getByTestId('certificate-unavailable');
      expect(await note.count()).toBe(1);
      expect(await note.textContent()).toContain(
        'openssl s_client -connect mta-sts.enforce.test:443 -servername mta-sts.enforce.test',
      );
      expect(await page.getByTestId('policy-certificate').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('ends an invalid ?domain= in the ERROR status with a domain.invalid finding', async () => {
    const page = await env.checkInPopup('not a domain');
    try {
      expect(await statusOf(page)).toBe('ERROR');
      expect(await codesOf(page)).toEqual(['domain.invalid']);
    } finally {
      await page.close();
    }
  });

  it('validates an invalid domain typed into the field inline, after a non-web tab hint: no check, no report', async () => {
    // Opened as a tab, the popup's "active tab" is itself: not a website, so it shows the hint.
    const page = await env.ext.openPage('popup.html');
    try {
      await expect.poll(() => page.locator('body').textContent()).toMatch(/not a website/i);
      const field = page.getByRole('textbox');
      await field.fill('localhost');
      await field.press('Enter');
      await page.getByRole('alert').waitFor();
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByTestId('status').count()).toBe(0);
      expect(await codesOf(page)).toEqual([]);
      await saveScreenshot(page, 'popup-invalid-typed');
    } finally {
      await page.close();
    }
  });

  it('reduces a typed web address to its registrable domain, with the switch to the exact host', async () => {
    const page = await env.ext.openPage('popup.html');
    try {
      const field = page.getByRole('textbox');
      await field.fill('https://www.enforce.test/pricing');
      await field.press('Enter');
      await page.locator('[data-testid="status"]:not([data-status="RUNNING"])').waitFor({ timeout: 30_000 });
      expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe('enforce.test');
      expect(await page.getByRole('button', { name: 'Check www.enforce.test instead' }).count()).toBe(1);
    } finally {
      await page.close();
    }
  });

  it('keeps the evidence in the page while collapsed, so it can be searched and copied', async () => {
    const page = await env.checkInPopup('enforce.test');
    try {
      const text = await page.locator('body').textContent();
      expect(text).toContain('v=STSv1; id=20261128T1');
      expect(text).toContain('mode: enforce');
      expect(text).toContain('v=TLSRPTv1; rua=mailto:tlsrpt@enforce.test');
    } finally {
      await page.close();
    }
  });

  it('keeps the saved resolver when the options page is opened again', async () => {
    const page = await env.ext.openPage('options.html');
    try {
      await expect.poll(() => page.getByTestId('resolver-url').inputValue()).toBe(env.world.dohUrl);
      await saveScreenshot(page, 'options');
    } finally {
      await page.close();
    }
  });

  it('offers the fallback to other providers off by default, saves it when ticked, and explains it', async () => {
    const page = await env.ext.openPage('options.html');
    try {
      await page.getByRole('radio', { name: /Cloudflare/ }).check();
      const box = page.getByTestId('resolver-fallback');
      expect(await box.isChecked()).toBe(false);
      expect(await page.getByTestId('resolver-fallback-note').textContent()).toMatch(
        /only to the provider you chose/,
      );
      await box.check();
      await page.getByTestId('save-settings').click();
      await page.getByTestId('settings-saved').waitFor();
      await page.reload();
      await expect.poll(() => page.getByTestId('resolver-fallback').isChecked()).toBe(true);
      expect(await page.locator('#privacy-heading + p').textContent()).toMatch(
        /to no other resolver unless you ticked/,
      );
    } finally {
      await page.close();
      // Back to the world's resolver for the tests that follow.
      await env.useWorldResolver();
    }
  });

  it('tests a custom resolver URL before it is relied on: the world resolver answers, a web page does not', async () => {
    const page = await env.ext.openPage('options.html');
    try {
      const field = page.getByTestId('resolver-url');
      await expect.poll(() => field.inputValue()).toBe(env.world.dohUrl);
      await page.getByTestId('test-resolver').click();
      await expect
        .poll(() => page.getByTestId('resolver-test-result').textContent(), { timeout: 15_000 })
        .toMatch(/answers DNS-over-HTTPS \(RFC 8484\) messages/);
      // The policy host serves a web page, not DNS messages.
      await field.fill('https://mta-sts.enforce.test/.well-known/mta-sts.txt');
      await page.getByTestId('test-resolver').click();
      await expect
        .poll(() => page.getByTestId('resolver-test-result').textContent(), { timeout: 15_000 })
        .toMatch(/does not answer as a DNS-over-HTTPS resolver/);
    } finally {
      await page.close();
    }
  });
});
