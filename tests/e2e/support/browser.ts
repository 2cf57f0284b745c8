import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { findBrowser } from '../../support/find-browser';

/** Where distributions put an unbranded Chromium, in the order we try them. */
export const CHROMIUM_CANDIDATES: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
];

/** Screenshots land here; the folder is git-ignored. */
export const SCREENSHOT_DIR = resolve('tests/e2e/__screenshots__');

const INSTALL_HINT =
  'Install Chromium (Debian/Ubuntu: `apt-get install chromium`) or set CHROMIUM_PATH to its binary. ' +
  'Branded Google Chrome ignores --load-extension, so an unbranded Chromium is required.';

/** CHROMIUM_PATH wins, then the usual distribution paths; throws with install instructions (never skips). */
export function findChromium(
  env: Record<string, string | undefined> = process.env,
  exists: (path: string) => boolean = existsSync,
): string {
  return findBrowser(
    { name: 'Chromium', envVar: 'CHROMIUM_PATH', candidates: CHROMIUM_CANDIDATES, hint: INSTALL_HINT },
    env,
    exists,
  );
}

export interface LaunchExtensionOptions {
  /** Unpacked build to load; defaults to WXT's Chrome MV3 output. */
  extensionDir?: string;
  /** Chromium host-resolver rules, e.g. `MAP mta-sts.example.test 127.0.0.1:8443`. */
  hostResolverRules?: string[];
  /** Base64 SHA-256 hashes of SubjectPublicKeyInfo DER blobs whose certificates Chromium should accept. */
  spkiList?: string[];
}

export interface LaunchedExtension {
  context: BrowserContext;
  extensionId: string;
  /** The extension's MV3 background service worker. */
  serviceWorker: Worker;
  /** Opens `chrome-extension://<id>/<path>` in a new tab and waits for its load event. */
  openPage(path: string): Promise<Page>;
  /** Closes the browser and deletes the throwaway profile. */
  close(): Promise<void>;
}

/** Builds the Chromium command-line switches; exported so the flag set can be checked without a browser. */
export function createChromiumArgs(
  extensionDir: string,
  hostResolverRules: readonly string[] = [],
  spkiList: readonly string[] = [],
): string[] {
  const args = [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-sandbox',
    '--disable-gpu',
    // QUIC would bypass the TCP test servers and the SPKI override is only exercised over TCP+TLS.
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  if (hostResolverRules.length > 0) args.push(`--host-resolver-rules=${hostResolverRules.join(',')}`);
  if (spkiList.length > 0) args.push(`--ignore-certificate-errors-spki-list=${spkiList.join(',')}`);
  return args;
}

function isExtensionWorker(worker: Worker): boolean {
  return worker.url().startsWith('chrome-extension://');
}

/**
 * Starts headless Chromium with the unpacked extension in a fresh temporary profile.
 * Playwright's `headless: true` passes `--headless`, which since Chromium 132 is the "new" headless mode
 * (the full browser), and that mode loads unpacked extensions.
 */
export async function launchExtension(options: LaunchExtensionOptions = {}): Promise<LaunchedExtension> {
  const extensionDir = resolve(options.extensionDir ?? '.output/chrome-mv3');
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(
      `No built extension at ${extensionDir}. Run \`npx wxt build\` (or \`npm run test:e2e\`) first.`,
    );
  }
  const executablePath = findChromium();
  const profileDir = await mkdtemp(join(tmpdir(), 'mta-sts-e2e-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath,
      headless: true,
      // Playwright disables all extensions by default; keep everything else it sets.
      ignoreDefaultArgs: ['--disable-extensions'],
      // Certificate trust must come only from the SPKI list, or the negative TLS test proves nothing.
      ignoreHTTPSErrors: false,
      args: createChromiumArgs(extensionDir, options.hostResolverRules, options.spkiList),
    });
    const serviceWorker =
      context.serviceWorkers().find(isExtensionWorker) ??
      (await context.waitForEvent('serviceworker', { predicate: isExtensionWorker, timeout: 30_000 }));
    const extensionId = new URL(serviceWorker.url()).host;
    const ctx = context;
    return {
      context: ctx,
      extensionId,
      serviceWorker,
      async openPage(path: string): Promise<Page> {
        const page = await ctx.newPage();
        await page.goto(`chrome-extension://${extensionId}/${path.replace(/^\//, '')}`, {
          waitUntil: 'load',
        });
        return page;
      },
      async close(): Promise<void> {
        try {
          await ctx.close();
        } finally {
          await rm(profileDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    await rm(profileDir, { recursive: true, force: true });
    throw error;
  }
}

/** Saves a full-page PNG under tests/e2e/__screenshots__/ and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const safeName = name.replace(/[^a-z0-9._-]+/gi, '-');
  const path = join(SCREENSHOT_DIR, `${safeName}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
