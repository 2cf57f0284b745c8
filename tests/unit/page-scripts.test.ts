import { describe, expect, it, vi } from 'vitest';
import {
  createScriptMemory,
  createScriptRoutes,
  MAX_KEPT_BYTES,
  MAX_SCRIPT_BYTES,
  serveScriptsFromMemory,
  type WorkerScope,
} from '../../utils/page-scripts';

const ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const JS = 'text/javascript; charset=utf-8';

/** The extension's files as the worker's fetch sees them, with a log of what was read and how. */
function createFiles(
  files: Record<string, { body: string | Uint8Array<ArrayBuffer>; type: string; status?: number }>,
) {
  const reads: Array<{ url: string; init: RequestInit | undefined }> = [];
  const fetchFile = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    reads.push({ url, init });
    const file = files[url];
    if (!file) return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });
    return new Response(file.body, { status: file.status ?? 200, headers: { 'content-type': file.type } });
  }) as unknown as typeof fetch;
  return { fetchFile, reads };
}

describe('script memory', () => {
  it('reads a script from the extension once, then answers it from memory with the same bytes and type', async () => {
    const url = `${ORIGIN}/chunks/popup-abc.js`;
    const { fetchFile, reads } = createFiles({ [url]: { body: 'console.log("popup")', type: JS } });
    const memory = createScriptMemory(fetchFile);
    for (let i = 0; i < 3; i++) {
      const response = await memory.answer(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(JS);
      expect(await response.text()).toBe('console.log("popup")');
    }
    expect(reads).toEqual([{ url, init: { credentials: 'omit', cache: 'no-store', redirect: 'error' } }]);
  });

  it.each([
    ['a missing file', { body: 'gone', type: 'text/plain', status: 404 }],
    ['a server error', { body: 'broken', type: JS, status: 500 }],
    ['a file that is not a script', { body: '<p>html</p>', type: 'text/html' }],
  ] as Array<[string, { body: string; type: string; status?: number }]>)(
    'passes %s through as read and keeps nothing',
    async (_what, file) => {
      const url = `${ORIGIN}/chunks/x.js`;
      const { fetchFile, reads } = createFiles({ [url]: file });
      const memory = createScriptMemory(fetchFile);
      const first = await memory.answer(url);
      expect(first.status).toBe(file.status ?? 200);
      expect(await first.text()).toBe(file.body);
      await memory.answer(url);
      expect(reads).toHaveLength(2);
    },
  );

  it('serves a script over the size limit but does not keep it', async () => {
    const url = `${ORIGIN}/chunks/huge.js`;
    const { fetchFile, reads } = createFiles({
      [url]: { body: new Uint8Array(MAX_SCRIPT_BYTES + 1), type: JS },
    });
    const memory = createScriptMemory(fetchFile);
    expect((await (await memory.answer(url)).arrayBuffer()).byteLength).toBe(MAX_SCRIPT_BYTES + 1);
    await memory.answer(url);
    expect(reads).toHaveLength(2);
  });

  it('keeps scripts until their total reaches the limit, then serves the next ones from the extension', async () => {
    const count = Math.floor(MAX_KEPT_BYTES / MAX_SCRIPT_BYTES) + 1;
    const urls = Array.from({ length: count }, (_, i) => `${ORIGIN}/chunks/s${i}.js`);
    const { fetchFile, reads } = createFiles(
      Object.fromEntries(urls.map((u) => [u, { body: new Uint8Array(MAX_SCRIPT_BYTES), type: JS }])),
    );
    const memory = createScriptMemory(fetchFile);
    for (const url of urls) await memory.answer(url);
    reads.length = 0;
    for (const url of urls) await memory.answer(url);
    expect(reads.map((r) => r.url)).toEqual([urls[count - 1]]);
  });

  it('prefills the scripts a page loads (its own, not another origin’s), so their next request reads nothing', async () => {
    const page = `${ORIGIN}/popup.html`;
    const script = `${ORIGIN}/chunks/popup-abc.js`;
    const { fetchFile, reads } = createFiles({
      [page]: {
        body: '<!doctype html><head><script type="module" crossorigin src="/chunks/popup-abc.js"></script><script src="https://cdn.example/x.js"></script></head>',
        type: 'text/html',
      },
      [script]: { body: 'popup()', type: JS },
    });
    const memory = createScriptMemory(fetchFile);
    await memory.prefill(page);
    expect(reads.map((r) => r.url)).toEqual([page, script]);
    expect(await (await memory.answer(script)).text()).toBe('popup()');
    expect(reads).toHaveLength(2);
  });

  it.each([
    ['the page is missing', createFiles({}).fetchFile],
    [
      'reading fails',
      (async () => {
        throw new TypeError('Failed to fetch');
      }) as unknown as typeof fetch,
    ],
  ])('prefills nothing, and throws nothing, when %s', async (_what, fetchFile) => {
    await expect(createScriptMemory(fetchFile).prefill(`${ORIGIN}/popup.html`)).resolves.toBeUndefined();
  });
});

/** URLPattern as the worker has it, reduced to what the routes use: the pattern's parts, kept for inspection. */
class FakePattern {
  constructor(readonly init: Record<string, string>) {}
}

/** A service worker's scope, with the listeners it was given and timers that run when told to. */
function createScope(options: { routing?: boolean; pattern?: boolean } = {}) {
  const listeners = new Map<string, (event: Event) => void>();
  const timers: Array<{ handler: () => void; ms: number }> = [];
  const { fetchFile, reads } = createFiles({
    [`${ORIGIN}/popup.html`]: {
      body: '<script type="module" src="/chunks/p.js"></script>',
      type: 'text/html',
    },
    [`${ORIGIN}/chunks/p.js`]: { body: 'p()', type: JS },
  });
  class InstallEvent {}
  if (options.routing !== false) Object.assign(InstallEvent.prototype, { addRoutes() {} });
  const scope: WorkerScope = {
    location: { origin: ORIGIN },
    addEventListener: (type, listener) => listeners.set(type, listener),
    fetch: fetchFile,
    setTimeout: (handler, ms) => timers.push({ handler, ms }),
    ...(options.pattern === false ? {} : { URLPattern: FakePattern as unknown as typeof URLPattern }),
    InstallEvent,
  };
  return { scope, listeners, timers, reads };
}

/** Dispatches a fetch event for `url` and says what the handler answered, if anything. */
function dispatchFetch(
  listeners: Map<string, (event: Event) => void>,
  request: { url: string; method?: string; destination?: string },
): Promise<Response> | undefined {
  let answer: Promise<Response> | undefined;
  const event = Object.assign(new Event('fetch'), {
    request: { method: 'GET', destination: 'script', ...request },
    respondWith: (response: Promise<Response>) => {
      answer = response;
    },
  });
  listeners.get('fetch')?.(event);
  return answer;
}

describe('serving the scripts from the worker', () => {
  it.each([
    ['static routing', { routing: false }],
    ['URLPattern', { pattern: false }],
  ])(
    'does nothing in a browser without %s (a fetch handler would put every page load behind the worker)',
    (_what, options) => {
      const { scope, listeners, timers } = createScope(options);
      expect(serveScriptsFromMemory(scope, { prefill: { pages: ['/popup.html'], afterMs: 250 } })).toBe(
        false,
      );
      expect(listeners.size).toBe(0);
      expect(timers).toEqual([]);
    },
  );

  it('routes the extension’s scripts to the worker while it runs, and everything else to the network', async () => {
    const { scope, listeners } = createScope();
    expect(serveScriptsFromMemory(scope)).toBe(true);
    const routes: unknown[][] = [];
    let waited: Promise<unknown> | undefined;
    listeners.get('install')?.(
      Object.assign(new Event('install'), {
        addRoutes: async (rules: unknown[]) => {
          routes.push(rules);
        },
        waitUntil: (promise: Promise<unknown>) => {
          waited = promise;
        },
      }),
    );
    await waited;
    expect(routes).toEqual([
      [
        {
          condition: {
            urlPattern: new FakePattern({ pathname: '/*', baseURL: ORIGIN }),
            requestDestination: 'script',
            runningStatus: 'running',
          },
          source: 'fetch-event',
        },
        { condition: { urlPattern: new FakePattern({}) }, source: 'network' },
      ],
    ]);
    expect(createScriptRoutes(ORIGIN, FakePattern as unknown as typeof URLPattern)).toEqual(routes[0]);
  });

  it.each([
    ['rejected', async () => Promise.reject(new TypeError('unsupported condition'))],
    [
      'thrown',
      () => {
        throw new TypeError('unsupported condition');
      },
    ],
  ])('installs when the routes are refused (%s)', async (_how, addRoutes) => {
    const { scope, listeners } = createScope();
    serveScriptsFromMemory(scope);
    let waited: Promise<unknown> | undefined;
    const install = Object.assign(new Event('install'), {
      addRoutes,
      waitUntil: (promise: Promise<unknown>) => {
        waited = promise;
      },
    });
    expect(() => listeners.get('install')?.(install)).not.toThrow();
    await expect(waited ?? Promise.resolve()).resolves.toBeUndefined();
  });

  it('answers the extension’s own scripts and leaves every other request to the network', async () => {
    const { scope, listeners } = createScope();
    serveScriptsFromMemory(scope);
    const script = dispatchFetch(listeners, { url: `${ORIGIN}/chunks/p.js` });
    expect(await (await script)?.text()).toBe('p()');
    expect(
      dispatchFetch(listeners, { url: `${ORIGIN}/popup.html`, destination: 'document' }),
    ).toBeUndefined();
    expect(dispatchFetch(listeners, { url: `${ORIGIN}/assets/a.css`, destination: 'style' })).toBeUndefined();
    expect(dispatchFetch(listeners, { url: 'https://mta-sts.example.com/x.js' })).toBeUndefined();
    expect(dispatchFetch(listeners, { url: `${ORIGIN}/chunks/p.js`, method: 'POST' })).toBeUndefined();
  });

  it('reads the popup’s scripts once the worker has started, so the next opening reads no file', async () => {
    const { scope, listeners, timers, reads } = createScope();
    serveScriptsFromMemory(scope, { prefill: { pages: ['/popup.html'], afterMs: 250 } });
    expect(timers.map((t) => t.ms)).toEqual([250]);
    expect(reads).toEqual([]);
    timers[0]?.handler();
    await vi.waitFor(() => expect(reads.map((r) => r.url)).toContain(`${ORIGIN}/chunks/p.js`));
    reads.length = 0;
    expect(await (await dispatchFetch(listeners, { url: `${ORIGIN}/chunks/p.js` }))?.text()).toBe('p()');
    expect(reads).toEqual([]);
  });
});
