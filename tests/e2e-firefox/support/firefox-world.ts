// The fixture world (local DoH + HTTPS policy servers) wired into real Firefox with the extension installed.
// The policy server listens on 127.0.0.1:443 and picks each host's certificate by SNI and its site by Host;
// Firefox resolves every name to 127.0.0.1, and the extension's own DNS goes to the world's DoH server.
import type { Page } from 'puppeteer-core';
import { issueLeafCert, type LeafCert } from '../../support/certs';
import { DOH_HOST, startWorld, type World } from '../../support/world';
import { type LaunchedFirefox, launchFirefox } from './firefox';

export interface FirefoxWorld {
  world: World;
  firefox: LaunchedFirefox;
  /** Opens the options page, saves the world's DoH URL as the custom resolver, and waits for "saved". */
  useWorldResolver(): Promise<void>;
  /** Opens popup.html?domain=… and waits until the status is no longer RUNNING. */
  checkInPopup(domain: string): Promise<Page>;
  close(): Promise<void>;
}

export async function startFirefoxWorld(): Promise<FirefoxWorld> {
  // Few generated domains: the Firefox suite checks a handful of scenarios and 443 needs no port map.
  const world = await startWorld({ httpsDoh: true, bulk: 0, policyPort: 443 });
  let firefox: LaunchedFirefox;
  try {
    firefox = await launchFirefox({ caPem: world.ca.cert });
  } catch (error) {
    await world.close();
    throw error;
  }
  return {
    world,
    firefox,
    async useWorldResolver() {
      const page = await firefox.openPage('options.html');
      await page.locator('[data-testid="resolver-url"]').fill(world.dohUrl);
      await page.locator('[data-testid="save-settings"]').click();
      await page.waitForSelector('[data-testid="settings-saved"]', { timeout: 10_000 });
      await page.close();
    },
    async checkInPopup(domain: string) {
      const page = await firefox.openPage(`popup.html?domain=${encodeURIComponent(domain)}`);
      await page.setViewport({ width: 390, height: 510 });
      await page.waitForSelector('[data-testid="status"]:not([data-status="RUNNING"])', { timeout: 30_000 });
      return page;
    },
    async close() {
      await firefox.close();
      await world.close();
    },
  };
}

/** The certificate the world serves for a policy host (the world issues them all on the DoH key; cached). */
export async function policyHostCertificate(host: string, validDays?: number): Promise<LeafCert> {
  const { key } = await issueLeafCert([DOH_HOST]);
  return issueLeafCert([host], { key, validDays });
}
