// The report leads with the cause and the fix (issue 9, items 1, 3 and 7): in a 390×510 popup the specific
// cause and the first problem are on screen before any scrolling, and at 320 CSS px nothing scrolls sideways.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { saveScreenshot } from './support/browser';
import { useExtensionWorld } from './support/world-per-file';

const world = useExtensionWorld();

const POPUP = { width: 390, height: 510 };

async function openAt(domain: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await world().ext.context.newPage();
  await page.setViewportSize(viewport);
  await page.goto(
    `chrome-extension://${world().ext.extensionId}/popup.html?domain=${encodeURIComponent(domain)}`,
  );
  await page.locator('[data-testid="status"]:not([data-status="RUNNING"])').waitFor({ timeout: 30_000 });
  return page;
}

/** The element's box lies inside the first screen (no scrolling has happened). */
async function isAboveFold(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox();
  return box !== null && box.y >= 0 && box.y + box.height <= POPUP.height && box.x + box.width <= POPUP.width;
}

describe('the report in a 390×510 popup', () => {
  it.each([
    ['notfound.test', 'broken', /answers HTTP 404/, 'policy.http-status'],
    ['redirect.test', 'broken', /redirect/, 'policy.redirect'],
    ['badcert.test', 'broken', /certificate/, 'policy.fetch.failed'],
    ['uncovered.test', 'broken', /backup\.mailhost\.example is not in the policy/, 'mx.uncovered'],
    ['testing.test', 'testing', /testing mode/, 'policy.mode.testing'],
    ['norecord.test', 'not-set-up', /has no MTA-STS record/, 'record.missing'],
  ])('shows %s (%s): the cause and the first problem above the fold', async (domain, state, cause, code) => {
    const page = await openAt(domain, POPUP);
    try {
      const status = page.getByTestId('status');
      expect(await status.getAttribute('data-status')).toBe('WARNING');
      expect(await status.getAttribute('data-state')).toBe(state);
      expect(await page.getByTestId('status-cause').textContent()).toMatch(cause);
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      expect(await isAboveFold(page, '[data-testid="status-cause"]')).toBe(true);
      expect(await isAboveFold(page, '[data-testid="next-step"]')).toBe(true);
      const lead = '[data-testid="finding"][data-lead="true"]';
      expect(await page.locator(lead).getAttribute('data-code')).toBe(code);
      expect(await isAboveFold(page, `${lead} .finding-title`)).toBe(true);
      await page.screenshot({ path: `tests/e2e/__screenshots__/fold-${domain}.png` });
    } finally {
      await page.close();
    }
  });

  it('says above the fold, for a domain without problems, what a browser cannot test and how to test it', async () => {
    const page = await openAt('enforce.test', POPUP);
    try {
      expect(await page.getByTestId('status').getAttribute('data-status')).toBe('SUCCESS');
      expect(await isAboveFold(page, '[data-testid="browser-limits"] h2')).toBe(true);
      expect(await page.getByTestId('starttls-command').textContent()).toContain(
        'openssl s_client -starttls smtp -connect mx1.enforce.test:25',
      );
    } finally {
      await page.close();
    }
  });
});

describe('reflow at 320 CSS px (WCAG 1.4.10)', () => {
  it.each(['enforce.test', 'uncovered.test', 'norecord.test', 'hostile.test', 'servfail.test'])(
    'shows %s with every section open without scrolling sideways',
    async (domain) => {
      const page = await openAt(domain, { width: 320, height: 640 });
      try {
        await page.evaluate(() => {
          for (const d of document.querySelectorAll('details')) d.open = true;
        });
        const { scrollWidth, clientWidth } = await page.evaluate(() => {
          const el = document.scrollingElement as Element;
          return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
        });
        expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
        // Nothing is cut off either: no element ends past the right edge.
        const overflowing = await page.evaluate(() =>
          [...document.querySelectorAll('main *')]
            .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
            .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
            .slice(0, 5),
        );
        expect(overflowing).toEqual([]);
        await saveScreenshot(page, `reflow-320-${domain}`);
      } finally {
        await page.close();
      }
    },
  );
});
