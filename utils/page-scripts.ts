// Chrome: the service worker hands the extension's pages their scripts from memory once it has read them.
//
// In Chrome an extension page's script is read by the browser process, which is busy opening the popup's
// window at that moment: the popup's script ran about 15 ms after its page was parsed, as late as the first
// paint of a page with no script. A running worker answers the same request from memory in about a
// millisecond, so the popup paints "Checking…" and sends its check sooner. Measured side by side (60 popups
// each, 0 ms injected, worker running): "Checking…" painted 44.9 → 33.8 ms after the popup opened, the verdict
// 76.4 → 71.8 ms. The price: Chrome starts a stopped worker as soon as an extension page opens (it has a fetch
// handler now), and that start competes with the page; with the worker stopped, "Checking…" is painted about
// 24 ms later (71 → 95 ms), the verdict at the same time as before.
//
// Service Worker static routing (Chrome 123+) keeps everything else off the worker: every other request, and
// every script while the worker is stopped (a page then never waits for the worker to start), goes to the
// network as before. Firefox's background page has no fetch events: nothing of this runs there.

/** A script bigger than this is not kept (the popup's is about 63 KB, the biggest page's about 215 KB). */
export const MAX_SCRIPT_BYTES = 1024 * 1024;
/** All the scripts kept together stay under this (the extension's pages have about 0.5 MB of scripts). */
export const MAX_KEPT_BYTES = 4 * 1024 * 1024;

/**
 * The static routes: the extension's own scripts go to the fetch handler only while the worker runs; everything
 * else, always to the network. Rules are tried in order, and the first that matches decides.
 */
export function createScriptRoutes(origin: string, Pattern: typeof URLPattern): unknown[] {
  return [
    {
      condition: {
        urlPattern: new Pattern({ pathname: '/*', baseURL: origin }),
        requestDestination: 'script',
        runningStatus: 'running',
      },
      source: 'fetch-event',
    },
    { condition: { urlPattern: new Pattern({}) }, source: 'network' },
  ];
}

interface KeptScript {
  body: ArrayBuffer;
  type: string;
}

export interface ScriptMemory {
  /** The script at `url`: from memory when kept, else from the extension's file (then kept). */
  answer(url: string): Promise<Response>;
  /**
   * Loads the scripts of the page at `pageUrl` into memory, so that its next opening finds them there (a worker
   * that has just started knows none). Never throws: a page it cannot read is loaded from its files as before.
   */
  prefill(pageUrl: string): Promise<void>;
}

/**
 * The extension's scripts, kept in the worker's memory once read. Memory lives as long as the worker; an update
 * of the extension starts a new worker, so a kept script is never an old build's.
 */
export function createScriptMemory(fetchFile: typeof fetch): ScriptMemory {
  const kept = new Map<string, KeptScript>();
  let keptBytes = 0;
  const read = (url: string) => fetchFile(url, { credentials: 'omit', cache: 'no-store', redirect: 'error' });
  // The file's response when it is not a script that can be kept and served (an error, another type).
  const load = async (url: string): Promise<KeptScript | Response> => {
    const hit = kept.get(url);
    if (hit) return hit;
    const response = await read(url);
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok || !/javascript/i.test(type)) return response;
    const script = { body: await response.arrayBuffer(), type };
    const size = script.body.byteLength;
    if (size <= MAX_SCRIPT_BYTES && keptBytes + size <= MAX_KEPT_BYTES && !kept.has(url)) {
      kept.set(url, script);
      keptBytes += size;
    }
    return script;
  };
  return {
    async answer(url) {
      const script = await load(url);
      if (script instanceof Response) return script;
      // The body is copied into the response: what is kept stays whole.
      return new Response(script.body, { status: 200, headers: { 'content-type': script.type } });
    },
    async prefill(pageUrl) {
      try {
        const page = await read(pageUrl);
        if (!page.ok) return;
        // The extension's own built page: its scripts are the src of its <script> elements.
        const html = await page.text();
        const sources = [...html.matchAll(/<script\b[^>]*?\ssrc="([^"]+)"/gi)].map((m) => m[1] as string);
        const root = new URL('/', pageUrl).href;
        for (const source of sources) {
          const url = new URL(source, pageUrl).href;
          if (url.startsWith(root)) await load(url);
        }
      } catch {
        // Not kept: the page loads its scripts from the extension's files, as without this.
      }
    },
  };
}

/** The parts of a service worker's global scope used here (the project has no WebWorker lib). */
export interface WorkerScope {
  location: { origin: string };
  addEventListener(type: string, listener: (event: Event) => void): void;
  fetch: typeof fetch;
  setTimeout(handler: () => void, ms: number): unknown;
  URLPattern?: typeof URLPattern;
  InstallEvent?: { prototype: object };
}

interface RoutingInstallEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
  addRoutes(rules: unknown[]): Promise<void>;
}

interface ScriptFetchEvent extends Event {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}

/**
 * Serves the extension's scripts from the worker's memory. Must run while the worker script is first evaluated
 * (browsers only take fetch and install listeners added then). Returns whether it did anything: nothing without
 * static routing, since a fetch handler without routes would put every page load of the extension behind the
 * worker.
 */
export function serveScriptsFromMemory(
  scope: WorkerScope,
  options: { prefill?: { pages: string[]; afterMs: number } } = {},
): boolean {
  const Pattern = scope.URLPattern;
  if (!Pattern || !scope.InstallEvent || !('addRoutes' in scope.InstallEvent.prototype)) return false;
  const origin = scope.location.origin;
  const memory = createScriptMemory((input, init) => scope.fetch(input, init));
  scope.addEventListener('install', (event) => {
    const install = event as RoutingInstallEvent;
    // Refused routes (a browser without one of these conditions): the handler below then sees every request,
    // answers the scripts and lets everything else go to the network.
    try {
      install.waitUntil(install.addRoutes(createScriptRoutes(origin, Pattern)).catch(() => {}));
    } catch {
      // Refused at once: the same.
    }
  });
  scope.addEventListener('fetch', (event) => {
    const { request } = event as ScriptFetchEvent;
    if (request.method !== 'GET' || request.destination !== 'script') return;
    // By prefix: not every URL parser gives an extension's URLs an origin.
    if (!request.url.startsWith(`${origin}/`)) return;
    (event as ScriptFetchEvent).respondWith(memory.answer(request.url));
  });
  const prefill = options.prefill;
  if (prefill) {
    // Later than the start of the check a page that started the worker is waiting for, so as not to compete
    // with it for the browser process.
    scope.setTimeout(() => {
      for (const page of prefill.pages) void memory.prefill(new URL(page, origin).href);
    }, prefill.afterMs);
  }
  return true;
}
