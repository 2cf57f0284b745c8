// Chromium with the extension loaded, driven over a bare DevTools pipe (--remote-debugging-pipe) instead of
// Playwright: for the latency bench, where the harness's own per-page work would be counted as the popup's.
// Playwright attaches to every new page and, inside the measured interval, creates its utility world, follows
// lifecycle and network events and polls the page for the awaited selector. Here a tab gets only what the
// measurement needs: one script that records when the status changes, and one evaluation at the end.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { DEFAULT_SETTINGS, type Settings } from '../../../lib/settings';
import type { World, WorldOptions } from '../../support/world';
import { createChromiumArgs, findChromium } from './browser';
import { startWorldWithBrowser } from './extension-world';

export interface DevtoolsTab {
  targetId: string;
  sessionId: string;
}

export interface PipeChromium {
  extensionId: string;
  /** One DevTools command; `sessionId` addresses an attached tab. */
  send(method: string, params?: object, sessionId?: string): Promise<Record<string, unknown>>;
  /** A new tab on about:blank, attached, with the Page domain enabled. */
  openTab(): Promise<DevtoolsTab>;
  closeTab(tab: DevtoolsTab): Promise<void>;
  /** Evaluates `expression` in the tab's page (awaiting a promise) and returns its JSON value. */
  evaluate(tab: DevtoolsTab, expression: string): Promise<unknown>;
  close(): Promise<void>;
}

interface Reply {
  id?: number;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/** Splits the pipe's NUL-terminated JSON messages. */
export function createMessageReader(onMessage: (message: unknown) => void): (chunk: Buffer) => void {
  let pending = '';
  // A chunk may end inside a multi-byte character: the decoder keeps its first bytes for the next chunk.
  const decoder = new StringDecoder('utf8');
  return (chunk) => {
    pending += decoder.write(chunk);
    for (let end = pending.indexOf('\0'); end >= 0; end = pending.indexOf('\0')) {
      onMessage(JSON.parse(pending.slice(0, end)));
      pending = pending.slice(end + 1);
    }
  };
}

export async function launchPipeChromium(options: {
  extensionDir?: string;
  hostResolverRules?: string[];
  spkiList?: string[];
}): Promise<PipeChromium> {
  const extensionDir = resolve(options.extensionDir ?? '.output/chrome-mv3');
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}. Run \`npx wxt build\` first.`);
  }
  const profileDir = await mkdtemp(join(tmpdir(), 'mta-sts-pipe-'));
  const child: ChildProcess = spawn(
    findChromium(),
    [
      ...createChromiumArgs(extensionDir, options.hostResolverRules, options.spkiList),
      '--headless',
      '--remote-debugging-pipe',
      `--user-data-dir=${profileDir}`,
      'about:blank',
    ],
    // fd 3: commands to the browser; fd 4: its answers and events.
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const waiting = new Map<number, (reply: Reply) => void>();
  const exited = new Promise<void>((done) =>
    child.once('exit', () => {
      // A browser that went away answers nothing more: fail what is still waiting instead of hanging.
      for (const answer of waiting.values()) answer({ error: { message: 'Chromium exited' } });
      waiting.clear();
      done();
    }),
  );
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  let nextId = 0;
  fromBrowser.on(
    'data',
    createMessageReader((message) => {
      const reply = message as Reply;
      if (reply.id === undefined) return; // an event: nothing here listens to events
      waiting.get(reply.id)?.(reply);
      waiting.delete(reply.id);
    }),
  );
  const send = (method: string, params: object = {}, sessionId?: string) =>
    new Promise<Record<string, unknown>>((ok, fail) => {
      const id = ++nextId;
      waiting.set(id, (reply) =>
        reply.error ? fail(new Error(`${method}: ${reply.error.message}`)) : ok(reply.result ?? {}),
      );
      toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  const close = async () => {
    child.kill();
    await exited;
    // Chromium's helper processes can still write to the profile for a moment after the browser process has
    // exited (seen once as ENOTEMPTY): Node retries the removal then.
    await rm(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  };

  try {
    let extensionId = '';
    for (let tries = 0; extensionId === '' && tries < 300; tries++) {
      const { targetInfos } = (await send('Target.getTargets')) as {
        targetInfos: { type: string; url: string }[];
      };
      const worker = targetInfos.find(
        (t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'),
      );
      if (worker) extensionId = new URL(worker.url).host;
      else await new Promise((r) => setTimeout(r, 100));
    }
    if (extensionId === '') throw new Error('The extension service worker did not start within 30 s.');
    const openTab = async (): Promise<DevtoolsTab> => {
      const { targetId } = (await send('Target.createTarget', { url: 'about:blank' })) as {
        targetId: string;
      };
      const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as {
        sessionId: string;
      };
      await send('Page.enable', {}, sessionId);
      return { targetId, sessionId };
    };
    return {
      extensionId,
      send,
      openTab,
      async closeTab(tab) {
        await send('Target.closeTarget', { targetId: tab.targetId });
      },
      async evaluate(tab, expression) {
        const { result, exceptionDetails } = (await send(
          'Runtime.evaluate',
          { expression, awaitPromise: true, returnByValue: true },
          tab.sessionId,
        )) as { result: { value?: unknown }; exceptionDetails?: { text: string } };
        if (exceptionDetails) throw new Error(`evaluate: ${exceptionDetails.text}`);
        return result.value;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Runs in each measured page before its own scripts: records when `[data-testid="status"]` first shows each
 * status (performance.now(), i.e. milliseconds after the navigation started) and resolves `__final` on the
 * first status that is not RUNNING.
 */
const STATUS_RECORDER = `(() => {
  const seen = {};
  let done;
  window.__statusTimes = seen;
  window.__final = new Promise((resolve) => { done = resolve; });
  new MutationObserver(() => {
    const status = document.querySelector('[data-testid="status"]')?.getAttribute('data-status');
    if (status && seen[status] === undefined) {
      seen[status] = performance.now();
      if (status !== 'RUNNING') done(seen);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
})()`;

export interface PipeExtensionWorld {
  world: World;
  browser: PipeChromium;
  /**
   * Opens popup.html?domain=… in a new tab, waits for the final status and closes the tab: when each status
   * was first shown, in milliseconds after the navigation started.
   */
  timePopup(domain: string): Promise<Record<string, number>>;
  /** First contentful paint of a one-line page with no script, opened the same way: the machine's floor. */
  timeBlankPaint(): Promise<number>;
  /** Stops the extension's service worker (what Chrome does after 30 s idle). */
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Evaluates `expression` in the tab until it gives a value (not null or undefined) and returns it. Until a
 * navigation commits the tab still evaluates in about:blank, where the expression fails or gives nothing.
 */
async function waitInTab(browser: PipeChromium, tab: DevtoolsTab, expression: string): Promise<unknown> {
  for (let tries = 0; tries < 500; tries++) {
    const value = await browser.evaluate(tab, expression).catch(() => null);
    if (value !== null && value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`Timed out waiting for: ${expression}`);
}

/**
 * Sets the world's DoH server as the extension's resolver and returns the tab it used, left on about:blank for
 * DevTools commands that need a page (stopping the worker).
 */
async function useWorldResolver(browser: PipeChromium, world: World): Promise<DevtoolsTab> {
  const control = await browser.openTab();
  // The options page's storage item (utils/settings.ts: `local:settings`, version 1), written from an
  // extension page: the bench's checks then fail loudly (not SUCCESS) if this ever stops being read.
  await browser.send(
    'Page.navigate',
    { url: `chrome-extension://${browser.extensionId}/options.html` },
    control.sessionId,
  );
  const settings: Settings = { ...DEFAULT_SETTINGS, resolver: 'custom', customUrl: world.dohUrl };
  await waitInTab(
    browser,
    control,
    `chrome.storage.local.set(${JSON.stringify({ settings, settings$: { v: 1 } })}).then(() => true)`,
  );
  // Leave the extension: an open extension page would receive (and decode) every message the background
  // broadcasts to the popup, in the popup's own process.
  await browser.send('Page.navigate', { url: 'about:blank' }, control.sessionId);
  await browser.send('ServiceWorker.enable', {}, control.sessionId);
  return control;
}

/** The fixture world with the extension in a pipe-driven Chromium, its resolver set to the world's DoH server. */
export async function startPipeExtensionWorld(options: WorldOptions = {}): Promise<PipeExtensionWorld> {
  const { world, browser } = await startWorldWithBrowser(options, launchPipeChromium);
  const base = `chrome-extension://${browser.extensionId}/`;
  let control: DevtoolsTab;
  try {
    control = await useWorldResolver(browser, world);
  } catch (error) {
    await browser.close();
    await world.close();
    throw error;
  }

  return {
    world,
    browser,
    async timePopup(domain) {
      const tab = await browser.openTab();
      try {
        await browser.send(
          'Page.addScriptToEvaluateOnNewDocument',
          { source: STATUS_RECORDER },
          tab.sessionId,
        );
        await browser.send(
          'Page.navigate',
          { url: `${base}popup.html?domain=${encodeURIComponent(domain)}` },
          tab.sessionId,
        );
        return (await waitInTab(
          browser,
          tab,
          `location.protocol === 'chrome-extension:' && window.__final ? window.__final : null`,
        )) as Record<string, number>;
      } finally {
        await browser.closeTab(tab);
      }
    },
    async timeBlankPaint() {
      const tab = await browser.openTab();
      try {
        await browser.send(
          'Page.navigate',
          { url: 'data:text/html,<!doctype html><p>Checking</p>' },
          tab.sessionId,
        );
        return (await waitInTab(
          browser,
          tab,
          `location.protocol === 'data:' && performance.getEntriesByName('first-contentful-paint')[0]?.startTime || null`,
        )) as number;
      } finally {
        await browser.closeTab(tab);
      }
    },
    async stopWorker() {
      await browser.send('ServiceWorker.stopAllWorkers', {}, control.sessionId);
    },
    async close() {
      await browser.close();
      await world.close();
    },
  };
}
