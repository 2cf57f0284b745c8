import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, type LaunchedExtension, launchExtension, saveScreenshot } from './support/browser';
import { startTlsServer, type TlsTestServer } from './support/tls-server';

// The build itself is done by scripts/run-e2e.mjs before vitest starts.

// CI's last line comes from scripts/test-totals.mjs; a run that executed nothing must not read as green.
describe('scripts/test-totals.mjs', () => {
  const fileResult = (status: 'passed' | 'failed', tests: string[], message = '') => ({
    name: '/repo/tests/x.test.ts',
    status,
    message,
    assertionResults: tests.map((testStatus) => ({ status: testStatus })),
  });
  const report = (
    passed: number,
    failed: number,
    skipped: number,
    files: unknown[],
    success = failed === 0,
  ) => ({
    numTotalTests: passed + failed + skipped,
    numPassedTests: passed,
    numFailedTests: failed,
    numPendingTests: skipped,
    numTodoTests: 0,
    success,
    testResults: files,
  });
  const green = (n: number) => report(n, 0, 0, [fileResult('passed', Array(n).fill('passed'))]);

  it.each([
    {
      name: 'sums passing reports',
      files: { 'vitest.json': green(5), 'e2e.json': green(3), 'e2e-firefox.json': green(2) },
      line: 'tests: 10 passed, 0 failed',
      status: 0,
    },
    {
      name: 'adds skipped only when there are some',
      files: {
        'vitest.json': report(2, 0, 1, [fileResult('passed', ['passed', 'passed', 'skipped'])]),
        'e2e.json': green(1),
        'e2e-firefox.json': green(2),
      },
      line: 'tests: 5 passed, 0 failed, 1 skipped',
      status: 0,
    },
    {
      name: 'counts failing tests',
      files: {
        'vitest.json': report(1, 2, 0, [fileResult('failed', ['passed', 'failed', 'failed'])]),
        'e2e.json': green(1),
        'e2e-firefox.json': green(2),
      },
      line: 'tests: 4 passed, 2 failed',
      status: 1,
    },
    {
      name: 'counts a missing report as a failure',
      files: { 'vitest.json': green(4) },
      line: 'tests: 4 passed, 2 failed',
      status: 1,
    },
    {
      name: 'counts a missing Firefox report as a failure',
      files: { 'vitest.json': green(4), 'e2e.json': green(1) },
      line: 'tests: 5 passed, 1 failed',
      status: 1,
    },
    {
      name: 'counts a report with zero tests as a failure',
      files: {
        'vitest.json': green(4),
        'e2e.json': report(0, 0, 0, [], false),
        'e2e-firefox.json': green(2),
      },
      line: 'tests: 6 passed, 1 failed',
      status: 1,
    },
    {
      name: 'counts a file whose beforeAll failed (its tests show as skipped) as a failure',
      files: {
        'vitest.json': green(1),
        'e2e.json': report(1, 0, 2, [fileResult('failed', ['passed', 'skipped', 'skipped'])], false),
        'e2e-firefox.json': green(2),
      },
      line: 'tests: 4 passed, 1 failed, 2 skipped',
      status: 1,
    },
    {
      name: 'counts an unreadable report as a failure',
      files: {
        'vitest.json': green(1),
        'e2e.json': '{"numTotalTests": 3, "testRes',
        'e2e-firefox.json': green(2),
      },
      line: 'tests: 3 passed, 1 failed',
      status: 1,
    },
    {
      name: 'ignores other JSON files in reports/',
      files: {
        'vitest.json': green(1),
        'e2e.json': green(1),
        'e2e-firefox.json': green(2),
        'bench.json': { ops: 12 },
      },
      line: 'tests: 4 passed, 0 failed',
      status: 0,
    },
  ])('$name', ({ files, line, status }) => {
    const dir = mkdtempSync(join(tmpdir(), 'test-totals-'));
    try {
      for (const [name, content] of Object.entries(files)) {
        writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
      }
      const result = spawnSync(process.execPath, ['scripts/test-totals.mjs'], {
        env: { ...process.env, REPORTS_DIR: dir },
        encoding: 'utf8',
      });
      expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(line);
      expect(result.status).toBe(status);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('findChromium', () => {
  it.each([
    {
      name: 'prefers CHROMIUM_PATH over the standard locations',
      env: { CHROMIUM_PATH: '/opt/chromium/chrome' },
      files: ['/opt/chromium/chrome', '/usr/bin/chromium'],
      expected: '/opt/chromium/chrome',
    },
    {
      name: 'uses /usr/bin/chromium when present',
      env: {},
      files: ['/usr/bin/chromium', '/usr/bin/chromium-browser'],
      expected: '/usr/bin/chromium',
    },
    {
      name: 'falls back to /usr/bin/chromium-browser',
      env: {},
      files: ['/usr/bin/chromium-browser', '/snap/bin/chromium'],
      expected: '/usr/bin/chromium-browser',
    },
    {
      name: 'falls back to the snap',
      env: {},
      files: ['/snap/bin/chromium'],
      expected: '/snap/bin/chromium',
    },
  ])('$name', ({ env, files, expected }) => {
    expect(findChromium(env, (path) => files.includes(path))).toBe(expected);
  });

  it.each([
    { name: 'no Chromium is installed', env: {}, files: [] as string[] },
    {
      name: 'CHROMIUM_PATH points at a missing file',
      env: { CHROMIUM_PATH: '/nope' },
      files: ['/usr/bin/chromium'],
    },
  ])('throws install instructions when $name', ({ env, files }) => {
    expect(() => findChromium(env, (path) => files.includes(path))).toThrow(/apt-get install chromium/);
  });
});

describe('built extension in Chromium', () => {
  let ext: LaunchedExtension;

  beforeAll(async () => {
    ext = await launchExtension();
  });

  afterAll(async () => {
    await ext?.close();
  });

  it('registers the MV3 background service worker', () => {
    expect(ext.extensionId).toMatch(/^[a-p]{32}$/);
    expect(ext.serviceWorker.url()).toBe(`chrome-extension://${ext.extensionId}/background.js`);
    expect(ext.context.serviceWorkers().map((worker) => worker.url())).toContain(ext.serviceWorker.url());
  });

  it('renders the popup page', async () => {
    const page = await ext.openPage('popup.html');
    expect(await page.title()).toBe('MTA-STS Checker');
    const app = page.locator('#app');
    await app.locator('*').first().waitFor();
    expect((await app.textContent())?.trim()).toBeTruthy();
    const shot = await saveScreenshot(page, 'smoke-popup');
    expect(existsSync(shot)).toBe(true);
    await page.close();
  });

  // wxt.config.ts builds the popup on its own and writes its CSS into popup.html: before its script runs, the
  // popup fetches one file, not three chunks and a stylesheet that the script would wait for.
  it('loads the popup with one script and its styles inline', async () => {
    const requested: string[] = [];
    const page = await ext.context.newPage();
    page.on('request', (request) => {
      if (request.url().startsWith('chrome-extension://')) requested.push(new URL(request.url()).pathname);
    });
    await page.goto(`chrome-extension://${ext.extensionId}/popup.html`, { waitUntil: 'load' });
    await page.locator('#app *').first().waitFor();
    expect(requested.filter((path) => path !== '/popup.html')).toEqual([
      expect.stringMatching(/^\/chunks\/popup-[\w-]+\.js$/),
    ]);
    expect(await page.locator('link[rel="stylesheet"], link[rel="modulepreload"]').count()).toBe(0);
    // The inline styles apply: the page background comes from the stylesheet's colour variables.
    const styled = await page.evaluate(() => ({
      variable: getComputedStyle(document.documentElement).getPropertyValue('--bg').trim(),
      background: getComputedStyle(document.body).backgroundColor,
    }));
    expect(styled.variable).toMatch(/^#[0-9a-f]{6}$/i);
    expect(styled.background).not.toBe('rgba(0, 0, 0, 0)');
    await page.close();
  });
});

type FetchOutcome = { ok: true; status: number; body: string } | { ok: false; name: string; message: string };

// The product's e2e tests serve policies from local HTTPS servers under real-looking names.
// This proves the two Chromium switches they rely on: --host-resolver-rules routes the name to 127.0.0.1,
// and --ignore-certificate-errors-spki-list trusts exactly the listed keys, no others.
describe('host-resolver-rules and SPKI trust from the service worker', () => {
  const trustedHost = 'mta-sts.example.test';
  const untrustedHost = 'mta-sts.untrusted.test';
  const token = `version: STSv1\nid: ${randomUUID()}\n`;
  let trusted: TlsTestServer;
  let untrusted: TlsTestServer;
  let ext: LaunchedExtension;

  beforeAll(async () => {
    trusted = await startTlsServer(trustedHost, token);
    untrusted = await startTlsServer(untrustedHost, token);
    ext = await launchExtension({
      hostResolverRules: [
        `MAP ${trustedHost} 127.0.0.1:${trusted.port}`,
        `MAP ${untrustedHost} 127.0.0.1:${untrusted.port}`,
      ],
      spkiList: [trusted.spki],
    });
  });

  afterAll(async () => {
    await ext?.close();
    await trusted?.close();
    await untrusted?.close();
  });

  function fetchFromWorker(url: string): Promise<FetchOutcome> {
    return ext.serviceWorker.evaluate(async (target: string): Promise<FetchOutcome> => {
      try {
        const response = await fetch(target, { cache: 'no-store' });
        return { ok: true, status: response.status, body: await response.text() };
      } catch (error) {
        const e = error as Error;
        return { ok: false, name: e.name, message: e.message };
      }
    }, url);
  }

  it('fetches from a mapped host whose key is in the SPKI list', async () => {
    const outcome = await fetchFromWorker(`https://${trustedHost}/.well-known/mta-sts.txt`);
    expect(outcome).toEqual({ ok: true, status: 200, body: token });
    expect(trusted.requests).toContainEqual({
      host: trustedHost,
      servername: trustedHost,
      path: '/.well-known/mta-sts.txt',
    });
  });

  it('refuses a mapped host whose key is not in the SPKI list', async () => {
    const outcome = await fetchFromWorker(`https://${untrustedHost}/.well-known/mta-sts.txt`);
    expect(outcome).toMatchObject({ ok: false, name: 'TypeError' });
    // The TCP connection reached our server, so the failure is the certificate check, not name resolution.
    expect(untrusted.connections()).toBeGreaterThan(0);
    expect(untrusted.requests).toEqual([]);
  });
});
