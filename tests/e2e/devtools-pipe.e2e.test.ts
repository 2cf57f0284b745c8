// The latency bench's harness (npm run bench -- latency): Chromium driven over a bare DevTools pipe. These
// tests keep it working, since the bench itself runs outside CI and asserts nothing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BLANK_PAGE,
  createMessageReader,
  type PipeExtensionWorld,
  startPipeExtensionWorld,
  statusAtFirstPaint,
  unpackedExtensionId,
  waitInTab,
} from './support/devtools-pipe';

describe('the status of the first frame', () => {
  it.each<{ name: string; shown: Record<string, number>; firstPaint: number; status?: string }>([
    {
      name: 'RUNNING, the verdict came later',
      shown: { RUNNING: 40, SUCCESS: 90 },
      firstPaint: 68,
      status: 'RUNNING',
    },
    { name: 'already the verdict', shown: { RUNNING: 40, SUCCESS: 60 }, firstPaint: 68, status: 'SUCCESS' },
    {
      name: 'the status painted in the frame it entered',
      shown: { RUNNING: 68, WARNING: 90 },
      firstPaint: 68,
      status: 'RUNNING',
    },
    {
      name: 'nothing yet: the frame came first',
      shown: { RUNNING: 70, SUCCESS: 90 },
      firstPaint: 68,
      status: undefined,
    },
  ])('$name', ({ shown, firstPaint, status }) => {
    expect(statusAtFirstPaint({ shown, firstPaint })).toBe(status);
  });
});

describe('reading the DevTools pipe', () => {
  it.each([
    { name: 'one message per chunk', chunks: ['{"id":1}\0', '{"id":2}\0'] },
    { name: 'a message split across chunks', chunks: ['{"i', 'd":1}\0{"id"', ':2}\0'] },
    { name: 'two messages in one chunk', chunks: ['{"id":1}\0{"id":2}\0'] },
  ])('splits NUL-terminated JSON: $name', ({ chunks }) => {
    const seen: unknown[] = [];
    const read = createMessageReader((message) => seen.push(message));
    for (const chunk of chunks) read(Buffer.from(chunk));
    expect(seen).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('joins a character split across chunks', () => {
    const seen: unknown[] = [];
    const read = createMessageReader((message) => seen.push(message));
    const bytes = Buffer.from('{"text":"é"}\0');
    const cut = bytes.indexOf(0xa9); // inside "é" (C3 A9)
    read(bytes.subarray(0, cut));
    read(bytes.subarray(cut));
    expect(seen).toEqual([{ text: 'é' }]);
  });

  it('keeps a message until its terminator arrives', () => {
    const seen: unknown[] = [];
    const read = createMessageReader((message) => seen.push(message));
    read(Buffer.from('{"id":1}'));
    expect(seen).toEqual([]);
    read(Buffer.from('\0'));
    expect(seen).toEqual([{ id: 1 }]);
  });
});

describe('popup timing over a bare DevTools pipe', () => {
  let env: PipeExtensionWorld;

  beforeAll(async () => {
    env = await startPipeExtensionWorld();
  });

  afterAll(async () => {
    await env?.close();
  });

  it('times a check from popup open: RUNNING first, then the final status', async () => {
    const { shown } = await env.timePopup('enforce.test');
    expect(Object.keys(shown).sort()).toEqual(['RUNNING', 'SUCCESS']);
    expect(shown.RUNNING).toBeGreaterThan(0);
    expect(shown.SUCCESS).toBeGreaterThan(shown.RUNNING as number);
  });

  it("opens the real toolbar popup over a web tab, which checks the tab's registrable domain", async () => {
    const { shown, domain } = await env.timeToolbarPopup('enforce.test');
    // The tab is at https://www.enforce.test/: the popup read it and reduced it, as after a toolbar click.
    expect(domain).toBe('enforce.test');
    expect(Object.keys(shown).sort()).toEqual(['RUNNING', 'SUCCESS']);
    expect(shown.SUCCESS).toBeGreaterThan(shown.RUNNING as number);
    // Nothing is left open: the next one opens and is timed the same way.
    expect((await env.timeToolbarPopup('norecord.test')).shown.WARNING).toBeGreaterThan(0);
  });

  it('records the status the check ends with, not only SUCCESS', async () => {
    const { shown } = await env.timePopup('norecord.test');
    expect(Object.keys(shown).sort()).toEqual(['RUNNING', 'WARNING']);
  });

  it('times the first paint, which comes after the first status is in the page', async () => {
    // Slow answers: the first frame can only show RUNNING.
    env.world.doh.setBehaviour({ latencyMs: 400 });
    try {
      const times = await env.timePopup('uncovered.test');
      expect(times.firstPaint).toBeGreaterThanOrEqual(times.shown.RUNNING as number);
      expect(times.firstPaint).toBeLessThan(times.shown.WARNING as number);
      expect(statusAtFirstPaint(times)).toBe('RUNNING');
    } finally {
      env.world.resetDoh();
    }
  });

  it('checks again after the service worker was stopped', async () => {
    await env.stopWorker();
    const { shown } = await env.timePopup('testing.test');
    expect(Object.keys(shown).sort()).toEqual(['RUNNING', 'WARNING']);
  });

  it("measures the first paint of the extension's page with no script, loaded in its copy of the build", async () => {
    expect(await env.timeBlankPaint()).toBeGreaterThan(0);
    expect(readFileSync(join(env.browser.loadedDirs[0] as string, BLANK_PAGE), 'utf8')).toContain('Checking');
    expect(existsSync(join('.output/chrome-mv3', BLANK_PAGE))).toBe(false);
  });
});

// npm run bench -- compare: two builds in one browser (here the same build twice: each is loaded from a copy of
// its own), each popup timed in the build it names.
describe('two builds side by side', () => {
  let env: PipeExtensionWorld;

  beforeAll(async () => {
    env = await startPipeExtensionWorld({ extensionDirs: ['.output/chrome-mv3', '.output/chrome-mv3'] });
  });

  afterAll(async () => {
    await env?.close();
  });

  it('loads both, under the ids Chromium derives from their paths', () => {
    expect(env.browser.extensionIds).toEqual(env.browser.loadedDirs.map(unpackedExtensionId));
    expect(new Set(env.browser.extensionIds).size).toBe(2);
  });

  /** Everything the build keeps in its storage, as JSON, read from one of its pages. */
  const storedBy = async (extensionId: string): Promise<string> => {
    const tab = await env.browser.openTab();
    try {
      await env.browser.send(
        'Page.navigate',
        { url: `chrome-extension://${extensionId}/options.html` },
        tab.sessionId,
      );
      return (await waitInTab(
        env.browser,
        tab,
        `location.host === ${JSON.stringify(extensionId)} ? chrome.storage.local.get(null).then(JSON.stringify) : null`,
      )) as string;
    } finally {
      await env.browser.closeTab(tab);
    }
  };

  it("times each popup in the build it names, with the world as that build's resolver", async () => {
    const [first, second] = env.browser.extensionIds as [string, string];
    expect(Object.keys((await env.timePopup('enforce.test', second)).shown).sort()).toEqual([
      'RUNNING',
      'SUCCESS',
    ]);
    expect(Object.keys((await env.timePopup('testing.test', first)).shown).sort()).toEqual([
      'RUNNING',
      'WARNING',
    ]);
    // Each build's history has its own check alone (written once the check's last round is in).
    await expect.poll(() => storedBy(second)).toContain('enforce.test');
    await expect.poll(() => storedBy(first)).toContain('testing.test');
    expect(await storedBy(second)).not.toContain('testing.test');
    expect(await storedBy(first)).not.toContain('enforce.test');
  });
});
