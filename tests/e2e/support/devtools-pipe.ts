// Chromium with the extension loaded, driven over a bare DevTools pipe (--remote-debugging-pipe) instead of
// Playwright: for the latency bench, where the harness's own per-page work would be counted as the popup's.
// Playwright attaches to every new page and, inside the measured interval, creates its utility world, follows
// lifecycle and network events and polls the page for the awaited selector. Here a tab gets only what the
// measurement needs: one script that records when the status changes, and one evaluation at the end.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
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
  /** The first (or only) build's id. */
  extensionId: string;
  /** One id per loaded build, in the order of `extensionDirs`. */
  extensionIds: string[];
  /** Where each build was loaded from: a copy with BLANK_PAGE added. */
  loadedDirs: string[];
  /** One DevTools command; `sessionId` addresses an attached tab. */
  send(method: string, params?: object, sessionId?: string): Promise<Record<string, unknown>>;
  /** A new tab on about:blank, attached, with the Page domain enabled. */
  openTab(): Promise<DevtoolsTab>;
  closeTab(tab: DevtoolsTab): Promise<void>;
  /** Evaluates `expression` in the tab's page (awaiting a promise) and returns its JSON value. */
  evaluate(tab: DevtoolsTab, expression: string): Promise<unknown>;
  /** Calls `listener` with each DevTools event until the returned function is called. */
  onEvent(listener: (event: DevtoolsEvent) => void): () => void;
  close(): Promise<void>;
}

/** A DevTools event: `sessionId` names the attached target it came from (none: the browser). */
export interface DevtoolsEvent {
  method: string;
  params: Record<string, unknown>;
  sessionId?: string;
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

/**
 * The id Chromium gives an unpacked extension without a `key`: the first 128 bits of the SHA-256 of its
 * directory's real path, written with the letters a–p for the hex digits 0–f.
 */
export function unpackedExtensionId(directory: string): string {
  const hex = createHash('sha256').update(realpathSync(directory)).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join('');
}

/**
 * A page with one line of text and no script, added to each loaded copy of a build: the floor that the popup's
 * first paint is compared with (an extension page, loaded like the popup, in the extension's own process).
 */
export const BLANK_PAGE = 'bench-blank.html';

export async function launchPipeChromium(options: {
  /** Built extensions to load side by side (the bench's `compare`); default: `.output/chrome-mv3`. */
  extensionDirs?: string[];
  hostResolverRules?: string[];
  spkiList?: string[];
}): Promise<PipeChromium> {
  const builds = (options.extensionDirs ?? ['.output/chrome-mv3']).map((dir) => resolve(dir));
  for (const dir of builds) {
    if (!existsSync(join(dir, 'manifest.json'))) {
      throw new Error(`No built extension at ${dir}. Run \`npx wxt build\` first.`);
    }
  }
  const profileDir = await mkdtemp(join(tmpdir(), 'mta-sts-pipe-'));
  // Each build is loaded from a copy next to the profile, with the blank page added (the build stays untouched).
  const extensionDirs = builds.map((_, index) => join(`${profileDir}-builds`, String(index)));
  try {
    await Promise.all(
      builds.map(async (build, index) => {
        const copy = extensionDirs[index] as string;
        await cp(build, copy, { recursive: true });
        await writeFile(join(copy, BLANK_PAGE), '<!doctype html><p>Checking</p>');
      }),
    );
  } catch (error) {
    await rm(profileDir, { recursive: true, force: true });
    await rm(`${profileDir}-builds`, { recursive: true, force: true });
    throw error;
  }
  const expectedIds = extensionDirs.map(unpackedExtensionId);
  const child: ChildProcess = spawn(
    findChromium(),
    [
      ...createChromiumArgs(extensionDirs.join(','), options.hostResolverRules, options.spkiList),
      '--headless',
      '--remote-debugging-pipe',
      `--user-data-dir=${profileDir}`,
      'about:blank',
    ],
    // fd 3: commands to the browser; fd 4: its answers and events.
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const waiting = new Map<number, (reply: Reply) => void>();
  const listeners = new Set<(event: DevtoolsEvent) => void>();
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
      if (reply.id === undefined) {
        for (const listener of listeners) listener(message as DevtoolsEvent);
        return;
      }
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
    await rm(`${profileDir}-builds`, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  };

  try {
    // Each build is ready once its service worker runs.
    let missing = expectedIds;
    for (let tries = 0; missing.length > 0 && tries < 300; tries++) {
      const { targetInfos } = (await send('Target.getTargets')) as {
        targetInfos: { type: string; url: string }[];
      };
      const running = new Set(
        targetInfos.filter((t) => t.type === 'service_worker').map((t) => new URL(t.url).host),
      );
      missing = missing.filter((id) => !running.has(id));
      if (missing.length > 0) await new Promise((r) => setTimeout(r, 100));
    }
    if (missing.length > 0) {
      throw new Error(`The service worker of extension ${missing.join(', ')} did not start within 30 s.`);
    }
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
      extensionId: expectedIds[0] as string,
      extensionIds: expectedIds,
      loadedDirs: extensionDirs,
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
      onEvent(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
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
 * status (performance.now(), i.e. milliseconds after the navigation started), resolves `__final` on the first
 * status that is not RUNNING, and `__firstPaint` with the page's first contentful paint. A status is in the DOM
 * some time before the frame that shows it is painted: what a person sees is the paint.
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
  window.__firstPaint = new Promise((resolve) => {
    new PerformanceObserver((list) => {
      const paint = list.getEntriesByName('first-contentful-paint')[0];
      if (paint) resolve(paint.startTime);
    }).observe({ type: 'paint', buffered: true });
  });
})()`;

/** One popup opening, in milliseconds after its navigation started. */
export interface PopupTimes {
  /** When each status was first in the page (the DOM). */
  shown: Record<string, number>;
  /** The page's first contentful paint: the first frame a person sees, whichever status it shows. */
  firstPaint: number;
}

/**
 * The status the popup's first frame showed: the last one in the page when it was painted (none: the frame
 * came before any status).
 */
export function statusAtFirstPaint({ shown, firstPaint }: PopupTimes): string | undefined {
  let latest: string | undefined;
  for (const [status, at] of Object.entries(shown)) {
    if (at <= firstPaint && (latest === undefined || at >= (shown[latest] as number))) latest = status;
  }
  return latest;
}

export interface PipeExtensionWorld {
  world: World;
  browser: PipeChromium;
  /**
   * Opens popup.html?domain=… of the build `extensionId` (by default the first) in a new tab, waits for the
   * final status and the first paint, and closes the tab.
   */
  timePopup(domain: string, extensionId?: string): Promise<PopupTimes>;
  /**
   * First contentful paint of the extension's page with one line of text and no script (BLANK_PAGE), opened
   * the same way: the floor the popup's first paint is compared with.
   */
  timeBlankPaint(): Promise<number>;
  /**
   * Opens the real toolbar popup of the build `extensionId` (by default the first) over a web tab at
   * https://www.<domain>/, as a click on the toolbar button does (chrome.action.openPopup, from its service
   * worker, which must be running): the popup reads the tab and checks its registrable domain. Waits for the
   * final status and closes the popup. Headless popups report no paint entries, so only when each status was in
   * the page, and the domain checked.
   */
  timeToolbarPopup(
    domain: string,
    extensionId?: string,
  ): Promise<{ shown: Record<string, number>; domain: string }>;
  /** Stops the service worker of every loaded build (what Chrome does after 30 s idle). */
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Evaluates `expression` in the tab until it gives a value (not null or undefined) and returns it. Until a
 * navigation commits the tab still evaluates in about:blank, where the expression fails or gives nothing.
 */
export async function waitInTab(
  browser: PipeChromium,
  tab: DevtoolsTab,
  expression: string,
): Promise<unknown> {
  for (let tries = 0; tries < 500; tries++) {
    const value = await browser.evaluate(tab, expression).catch(() => null);
    if (value !== null && value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`Timed out waiting for: ${expression}`);
}

/**
 * Opens the toolbar popup of the build `extensionId` from its running service worker and returns it attached,
 * with STATUS_RECORDER added before its page runs (which takes the Page domain enabled), and `close` to call
 * when done with it. A popup is created as a target of type "other": auto-attach to that type alone pauses it
 * until the recorder is in (a millisecond or two inside the timed interval). Auto-attach stays on until `close`
 * (turning it off detaches the popup), and never holds a page or a restarting worker.
 */
async function openToolbarPopup(
  browser: PipeChromium,
  extensionId: string,
): Promise<{ popup: DevtoolsTab; close(): Promise<void> }> {
  const { targetInfos } = (await browser.send('Target.getTargets')) as {
    targetInfos: { targetId: string; type: string; url: string }[];
  };
  const worker = targetInfos.find(
    (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
  );
  if (!worker) throw new Error('The service worker is not running: the toolbar popup is opened from it.');
  const { sessionId: workerSession } = (await browser.send('Target.attachToTarget', {
    targetId: worker.targetId,
    flatten: true,
  })) as { sessionId: string };
  let stop = () => {};
  const attached = new Promise<DevtoolsTab>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The toolbar popup did not open within 10 s.')), 10_000);
    const unlisten = browser.onEvent((event) => {
      if (event.method !== 'Target.attachedToTarget') return;
      const { sessionId, targetInfo } = event.params as {
        sessionId: string;
        targetInfo: { targetId: string };
      };
      stop();
      const popup = { targetId: targetInfo.targetId, sessionId };
      browser
        .send('Page.enable', {}, sessionId)
        .then(() =>
          browser.send('Page.addScriptToEvaluateOnNewDocument', { source: STATUS_RECORDER }, sessionId),
        )
        .then(() => browser.send('Runtime.runIfWaitingForDebugger', {}, sessionId))
        .then(() => resolve(popup), reject);
    });
    stop = () => {
      unlisten();
      clearTimeout(timer);
    };
  });
  const close = async (popup?: DevtoolsTab) => {
    stop();
    if (popup) await browser.closeTab(popup).catch(() => {});
    await browser.send('Target.setAutoAttach', {
      autoAttach: false,
      waitForDebuggerOnStart: false,
      flatten: true,
    });
    await browser.send('Target.detachFromTarget', { sessionId: workerSession }).catch(() => {});
  };
  try {
    await browser.send('Target.setAutoAttach', {
      autoAttach: true,
      waitForDebuggerOnStart: true,
      flatten: true,
      filter: [{ type: 'other' }, { exclude: true }],
    });
    await browser.send(
      'Runtime.evaluate',
      { expression: 'chrome.action.openPopup()', awaitPromise: true },
      workerSession,
    );
    const popup = await attached;
    return { popup, close: () => close(popup) };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Sets the world's DoH server as the resolver of each loaded build, from a tab that is closed afterwards, and
 * returns a tab that never showed an extension page, for DevTools commands that need one (stopping the worker).
 * A tab that had shown one would keep it in its back/forward cache, and with it the extension's process: a
 * stopped worker would then restart in a running process, which is not what users get after a pause.
 */
async function useWorldResolver(browser: PipeChromium, world: World): Promise<DevtoolsTab> {
  // The options page's storage item (utils/settings.ts: `local:settings`, version 1), written from an extension
  // page: the bench's checks then fail loudly (not SUCCESS) if this ever stops being read.
  const settings: Settings = { ...DEFAULT_SETTINGS, resolver: 'custom', customUrl: world.dohUrl };
  const setup = await browser.openTab();
  for (const extensionId of browser.extensionIds) {
    await browser.send(
      'Page.navigate',
      { url: `chrome-extension://${extensionId}/options.html` },
      setup.sessionId,
    );
    await waitInTab(
      browser,
      setup,
      `location.host === ${JSON.stringify(extensionId)} && chrome.storage.local.set(${JSON.stringify({ settings, settings$: { v: 1 } })}).then(() => true)`,
    );
  }
  // Closed: an open extension page would also receive (and decode) every message the background broadcasts to
  // the popup, in the popup's own process.
  await browser.closeTab(setup);
  const control = await browser.openTab();
  await browser.send('ServiceWorker.enable', {}, control.sessionId);
  return control;
}

/** The fixture world with the extension in a pipe-driven Chromium, its resolver set to the world's DoH server. */
export async function startPipeExtensionWorld(
  options: WorldOptions & { extensionDirs?: string[] } = {},
): Promise<PipeExtensionWorld> {
  const { extensionDirs, ...worldOptions } = options;
  const { world, browser } = await startWorldWithBrowser(worldOptions, (launch) =>
    launchPipeChromium({ ...launch, extensionDirs }),
  );
  let control: DevtoolsTab;
  try {
    control = await useWorldResolver(browser, world);
  } catch (error) {
    await browser.close();
    await world.close();
    throw error;
  }

  let webTab: DevtoolsTab | undefined;
  return {
    world,
    browser,
    async timeToolbarPopup(domain, extensionId = browser.extensionId) {
      webTab ??= await browser.openTab();
      await browser.send('Page.navigate', { url: `https://www.${domain}/` }, webTab.sessionId);
      await browser.send('Target.activateTarget', { targetId: webTab.targetId });
      const { popup, close } = await openToolbarPopup(browser, extensionId);
      try {
        return (await waitInTab(
          browser,
          popup,
          `location.protocol === 'chrome-extension:' && window.__final ? window.__final.then((shown) => ({ shown, domain: document.querySelector('.status-domain')?.textContent ?? '' })) : null`,
        )) as { shown: Record<string, number>; domain: string };
      } finally {
        await close();
      }
    },
    async timePopup(domain, extensionId = browser.extensionId) {
      const tab = await browser.openTab();
      try {
        await browser.send(
          'Page.addScriptToEvaluateOnNewDocument',
          { source: STATUS_RECORDER },
          tab.sessionId,
        );
        await browser.send(
          'Page.navigate',
          { url: `chrome-extension://${extensionId}/popup.html?domain=${encodeURIComponent(domain)}` },
          tab.sessionId,
        );
        return (await waitInTab(
          browser,
          tab,
          `location.protocol === 'chrome-extension:' && window.__final ? Promise.all([window.__final, window.__firstPaint]).then(([shown, firstPaint]) => ({ shown, firstPaint })) : null`,
        )) as PopupTimes;
      } finally {
        await browser.closeTab(tab);
      }
    },
    async timeBlankPaint() {
      const tab = await browser.openTab();
      try {
        const url = `chrome-extension://${browser.extensionId}/${BLANK_PAGE}`;
        await browser.send('Page.navigate', { url }, tab.sessionId);
        return (await waitInTab(
          browser,
          tab,
          `location.href === ${JSON.stringify(url)} && performance.getEntriesByName('first-contentful-paint')[0]?.startTime || null`,
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
