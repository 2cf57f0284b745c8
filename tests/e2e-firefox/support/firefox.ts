// Real Firefox (Debian's firefox-esr) driven over WebDriver BiDi by puppeteer-core, with the Firefox build
// of the extension installed as a temporary add-on. Firefox has no host-resolver rules and no SPKI list, so:
// every name resolves to 127.0.0.1 (the test servers listen there, the policy server on port 443), and the
// test CA is added to the throwaway profile's NSS database with certutil, so only its leaves are trusted.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { findBrowser } from '../../support/find-browser';

export const FIREFOX_CANDIDATES: readonly string[] = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

export const SCREENSHOT_DIR = resolve('tests/e2e-firefox/__screenshots__');

const INSTALL_HINT =
  'Install Firefox and NSS tools (Debian/Ubuntu: `apt-get install firefox-esr libnss3-tools`) or set ' +
  'FIREFOX_PATH to the Firefox binary.';

/** FIREFOX_PATH wins, then the distribution paths; throws with install instructions (never skips). */
export function findFirefox(
  env: Record<string, string | undefined> = process.env,
  exists: (path: string) => boolean = existsSync,
): string {
  return findBrowser(
    { name: 'Firefox', envVar: 'FIREFOX_PATH', candidates: FIREFOX_CANDIDATES, hint: INSTALL_HINT },
    env,
    exists,
  );
}

/** The gecko id from the built manifest: the UUID pref is keyed by it. */
function geckoIdOf(extensionDir: string): string {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8'));
  const id = manifest?.browser_specific_settings?.gecko?.id;
  if (typeof id !== 'string') throw new Error(`${extensionDir}/manifest.json has no gecko id`);
  return id;
}

/** Creates the profile's NSS database and trusts `caPem` for TLS servers (CT,,) in it. */
async function trustCa(profileDir: string, caPem: string): Promise<void> {
  const caFile = join(profileDir, 'test-ca.pem');
  await writeFile(caFile, caPem);
  try {
    execFileSync('certutil', ['-N', '-d', `sql:${profileDir}`, '--empty-password'], { stdio: 'pipe' });
    execFileSync('certutil', ['-A', '-d', `sql:${profileDir}`, '-n', 'test-ca', '-t', 'CT,,', '-i', caFile], {
      stdio: 'pipe',
    });
  } catch (error) {
    throw new Error(`certutil failed (${(error as Error).message}). ${INSTALL_HINT}`);
  }
}

export interface LaunchFirefoxOptions {
  /** Unpacked Firefox build; defaults to WXT's MV2 output. */
  extensionDir?: string;
  /** PEM of the CA whose leaves Firefox should trust. */
  caPem: string;
}

export interface LaunchedFirefox {
  browser: Browser;
  /** Opens `moz-extension://<uuid>/<path>` in a new tab; resolves once its DOM exists. */
  openPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launchFirefox(options: LaunchFirefoxOptions): Promise<LaunchedFirefox> {
  const extensionDir = resolve(options.extensionDir ?? '.output/firefox-mv2');
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No Firefox build at ${extensionDir}. Run \`npx wxt build -b firefox\` first.`);
  }
  const executablePath = findFirefox();
  const uuid = randomUUID();
  const profileDir = await mkdtemp(join(tmpdir(), 'mta-sts-firefox-e2e-'));
  let browser: Browser | undefined;
  try {
    await trustCa(profileDir, options.caPem);
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath,
      headless: true,
      userDataDir: profileDir,
      // Without it, BiDi refuses to navigate to moz-extension:// pages.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        // Pin the extension's internal UUID so its pages have a known origin.
        'extensions.webextensions.uuids': JSON.stringify({ [geckoIdOf(extensionDir)]: uuid }),
        // Every name goes to loopback, never to the system resolver or Firefox's own DoH.
        'network.dns.forceResolve': '127.0.0.1',
        'network.trr.mode': 5,
        'network.dns.disableIPv6': true,
        'network.captive-portal-service.enabled': false,
        'network.connectivity-service.enabled': false,
        'browser.safebrowsing.malware.enabled': false,
        'browser.safebrowsing.phishing.enabled': false,
        'security.OCSP.enabled': 0,
        'security.remote_settings.crlite_filters.enabled': false,
      },
    });
    await browser.installExtension(extensionDir);
    const opened = browser;
    return {
      browser: opened,
      async openPage(path: string): Promise<Page> {
        const page = await opened.newPage();
        // BiDi may never report `load` for extension pages: wait for the DOM, and for the page's own state.
        await page
          .goto(`moz-extension://${uuid}/${path.replace(/^\//, '')}`, {
            waitUntil: 'domcontentloaded',
            timeout: 1_000,
          })
          .catch((error: Error) => {
            if (!/timeout/i.test(error.message)) throw error;
          });
        return page;
      },
      async close(): Promise<void> {
        try {
          await opened.close();
        } finally {
          await rm(profileDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await rm(profileDir, { recursive: true, force: true });
    throw error;
  }
}

/** Saves a PNG (the whole page, or the viewport) under tests/e2e-firefox/__screenshots__/; returns its path. */
export async function saveScreenshot(page: Page, name: string, fullPage = true): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9._-]+/gi, '-')}.png`);
  await page.screenshot({ path: path as `${string}.png`, fullPage });
  return path;
}
