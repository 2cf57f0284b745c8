// The fixture world (local DoH + HTTPS policy servers) wired into a real Chromium with the extension loaded:
// host-resolver rules send doh.test and every mta-sts.<scenario> host to the local servers, and the SPKI list
// trusts exactly the world's certificate, so the untrusted one really fails TLS.
import type { Page } from 'playwright-core';
import { startWorld, type World, type WorldOptions } from '../../support/world';
import { type LaunchedExtension, launchExtension } from './browser';

export interface ExtensionWorld {
  world: World;
  ext: LaunchedExtension;
  /** Opens the options page, saves the world's DoH URL as the custom resolver, and waits for "saved". */
  useWorldResolver(): Promise<void>;
  /** Opens popup.html?domain=… and waits until the status is no longer RUNNING. */
  checkInPopup(domain: string): Promise<Page>;
  /** Runs the audit page over `domains` and returns each row's status once the run is done. */
  auditStatuses(domains: string[], timeoutMs: number): Promise<string[]>;
  close(): Promise<void>;
}

/** The first `count` bulk domains of the world whose own answer is not ERROR (SERVFAIL scenarios left out). */
export function answeringBulkDomains(world: World, count: number): string[] {
  const domains = Object.keys(world.scenarios)
    .filter((d) => d.startsWith('bulk') && world.scenarios[d]?.expect.status !== 'ERROR')
    .slice(0, count);
  if (domains.length < count) throw new Error(`The world has only ${domains.length} such domains.`);
  return domains;
}

/** How a browser must be launched to live in the world: the world's names and the world's certificate. */
export interface WorldBrowserOptions {
  /** Its hosts to the local servers, every other name nowhere. */
  hostResolverRules: string[];
  spkiList: string[];
}

/**
 * Starts the fixture world (HTTPS DoH) and a browser in it, launched by `launch` (Playwright or the DevTools
 * pipe); the world is closed again if the browser does not start.
 */
export async function startWorldWithBrowser<B>(
  options: WorldOptions,
  launch: (browserOptions: WorldBrowserOptions) => Promise<B>,
): Promise<{ world: World; browser: B }> {
  const world = await startWorld({ httpsDoh: true, ...options });
  try {
    const browser = await launch({
      hostResolverRules: [
        ...world.unresolvable.map((host) => `MAP ${host} ~NOTFOUND`),
        ...Object.entries(world.hostMap).map(([host, port]) => `MAP ${host} 127.0.0.1:${port}`),
        // Anything else must not leave the machine.
        'MAP * ~NOTFOUND',
      ],
      spkiList: [world.trustedSpki],
    });
    return { world, browser };
  } catch (error) {
    await world.close();
    throw error;
  }
}

export async function startExtensionWorld(options: WorldOptions = {}): Promise<ExtensionWorld> {
  const { world, browser: ext } = await startWorldWithBrowser(options, launchExtension);
  return {
    world,
    ext,
    async useWorldResolver() {
      const page = await ext.openPage('options.html');
      await page.getByTestId('resolver-url').fill(world.dohUrl);
      await page.getByTestId('save-settings').click();
      await page.getByTestId('settings-saved').waitFor();
      await page.close();
    },
    async checkInPopup(domain: string) {
      const page = await ext.openPage(`popup.html?domain=${encodeURIComponent(domain)}`);
      await page.locator('[data-testid="status"]:not([data-status="RUNNING"])').waitFor({ timeout: 30_000 });
      return page;
    },
    async auditStatuses(domains, timeoutMs) {
      const page = await ext.openPage('audit.html');
      try {
        await page.getByTestId('audit-input').fill(domains.join('\n'));
        await page.getByTestId('audit-run').click();
        await page.getByTestId('audit-done').waitFor({ timeout: timeoutMs });
        return await page
          .locator('[data-testid="audit-row"]')
          .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.status ?? ''));
      } finally {
        await page.close();
      }
    },
    async close() {
      await ext.close();
      await world.close();
    },
  };
}
