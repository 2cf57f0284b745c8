// DoH scheduling: a per-resolver queue keeps requests here (not in the browser's 6-per-host HTTP/1.1 queue), so
// a timeout measures only the resolver; identical questions in flight share one request; two checks of one
// domain share one run; the audit slows down when lookups time out.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAuditRun, hasDnsTimeout } from '../../lib/audit/run-audit';
import { checkDomain } from '../../lib/check/check-domain';
import { CheckCancelledError, createCheckService } from '../../lib/check/service';
import {
  createDnsCache,
  type DnsCache,
  dohInFlightForProtocol,
  MAX_DOH_IN_FLIGHT,
  MAX_DOH_IN_FLIGHT_UNQUEUED,
} from '../../lib/dns/cache';
import { createResolver } from '../../lib/dns/doh-client';
import { createLimiter, createPriority, type Priority } from '../../lib/dns/limiter';
import { createEmptyEvidence } from '../../lib/report/empty';
import { finishReport } from '../../lib/report/finish';
import type { Report } from '../../lib/report/types';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import { type DohServer, getRefusingUrl, startDohServer } from '../support/doh-server';
import type { Zone } from '../support/zone';

const NAMES = Array.from({ length: 12 }, (_, i) => `n${i}.test`);
const ZONE: Zone = Object.fromEntries(NAMES.map((n) => [n, { A: ['192.0.2.1'] }]));
let server: DohServer;
let refusing: string;

beforeAll(async () => {
  refusing = await getRefusingUrl();
  server = await startDohServer({ zone: ZONE });
  server.setBehaviour({ latencyMs: 100 });
});
afterAll(async () => {
  await server?.close();
});

/** A fetch that, like a browser talking HTTP/1.1, sends at most 2 requests to the host and queues the rest. */
function browserLikeFetch(perHost: number): typeof fetch {
  const connections = createLimiter(perHost);
  return ((input: RequestInfo | URL, init?: RequestInit) =>
    connections.run(() => globalThis.fetch(input, init))) as typeof fetch;
}

const resolverWith = (maxInFlight: number) =>
  createResolver(
    { kind: 'preset', preset: 'cloudflare' },
    {
      // No working fallback: a timeout at the first resolver shows in the result.
      presetUrls: { cloudflare: server.url, google: refusing, quad9: refusing },
      fetch: browserLikeFetch(2),
      timeoutMs: 250,
      cache: createDnsCache({ maxInFlight }),
    },
  );

/** The test server as the only resolver, with the given queue and cache (a fresh one otherwise). */
const serverResolver = (cache?: DnsCache, timeoutMs = 2000) =>
  createResolver(
    { kind: 'preset', preset: 'cloudflare' },
    { presetUrls: { cloudflare: server.url }, cache, timeoutMs },
  );

describe('the per-resolver queue', () => {
  it.each([
    ['a queue as small as the connection limit: none time out', 2, false],
    ['no real queue (the browser queues instead): some time out', 64, true],
  ])('12 questions to a 100 ms resolver (timeout 250 ms) with %s', async (_name, max, anyFail) => {
    const resolver = resolverWith(max);
    const results = await Promise.all(NAMES.map((n) => resolver.query(n, 'A')));
    const failed = results.filter((r) => !r.ok);
    if (anyFail) expect(failed.length).toBeGreaterThan(0);
    else expect(failed).toEqual([]);
  });

  it('never has more requests at the resolver than its slots', async () => {
    const cache = createDnsCache({ maxInFlight: 3 });
    const resolver = serverResolver(cache);
    // Requests an earlier test gave up on may still be at the server: count from a quiet server.
    await vi.waitFor(() => expect(server.inFlight).toBe(0), { timeout: 5000 });
    server.resetMaxInFlight();
    await Promise.all(NAMES.map((n) => resolver.query(`x.${n}`, 'TXT')));
    expect(cache.requests.active).toBe(0);
    expect(server.maxInFlight).toBeLessThanOrEqual(3);
  });

  it('drops a question cancelled while it waits, without taking a slot', async () => {
    const cache = createDnsCache({ maxInFlight: 1 });
    const resolver = serverResolver(cache);
    const controller = new AbortController();
    const first = resolver.query('n0.test', 'AAAA');
    const second = resolver.query('n1.test', 'AAAA', { signal: controller.signal });
    controller.abort();
    expect((await second).ok).toBe(false);
    expect((await first).ok).toBe(true);
    expect(cache.requests.waiting).toBe(0);
  });
});

describe('how many requests go at once: the client decides', () => {
  it.each([
    ['HTTP/2', 'h2', MAX_DOH_IN_FLIGHT_UNQUEUED],
    ['HTTP/3', 'h3', MAX_DOH_IN_FLIGHT_UNQUEUED],
    ['HTTP/1.1 (the browser queues beyond 6 per host)', 'http/1.1', MAX_DOH_IN_FLIGHT],
    ['not known yet', undefined, MAX_DOH_IN_FLIGHT],
    ['an empty protocol (Resource Timing withheld it)', '', MAX_DOH_IN_FLIGHT],
    ['something else', 'spdy/3', MAX_DOH_IN_FLIGHT],
  ])('a resolver reached over %s takes %s', (_name, protocol, expected) => {
    expect(dohInFlightForProtocol(protocol)).toBe(expected);
  });

  it('gives new slots to the waiters at once, and after a cut waits until fewer than the new number are held', async () => {
    const limiter = createLimiter(1);
    const holders = [await limiter.acquire()];
    const granted: number[] = [];
    const waiters = [1, 2, 3, 4].map((n) =>
      limiter.acquire().then((release) => {
        granted.push(n);
        return release;
      }),
    );
    limiter.setMax(3);
    await Promise.resolve();
    expect(granted).toEqual([1, 2]);
    expect(limiter.active).toBe(3);
    expect(limiter.max).toBe(3);
    limiter.setMax(1);
    // Three held, one slot: two must be given back before the next waiter gets one.
    holders[0]?.();
    (await waiters[0])?.();
    await Promise.resolve();
    expect(granted).toEqual([1, 2]);
    (await waiters[1])?.();
    await Promise.resolve();
    expect(granted).toEqual([1, 2, 3]);
    expect(limiter.active).toBe(1);
    (await waiters[2])?.();
    (await waiters[3])?.();
    expect(limiter.active).toBe(0);
  });

  it.each([
    ['zero', 0, 1],
    ['a fraction', 2.7, 2],
    ['NaN', Number.NaN, 1],
    ['Infinity', Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
  ])('keeps %s slots sane', (_name, max, expected) => {
    const limiter = createLimiter(3);
    limiter.setMax(max);
    expect(limiter.max).toBe(expected);
  });

  it.each([
    [
      'HTTP/1.1 (or unknown)',
      MAX_DOH_IN_FLIGHT,
      (n: number) => expect(n).toBeLessThanOrEqual(MAX_DOH_IN_FLIGHT),
    ],
    ['HTTP/2', MAX_DOH_IN_FLIGHT_UNQUEUED, (n: number) => expect(n).toBeGreaterThan(MAX_DOH_IN_FLIGHT)],
  ])('sends as many questions at once as a client on %s takes', async (_name, slots, expectAtOnce) => {
    const cache = createDnsCache();
    const asked: string[] = [];
    const resolver = createResolver(
      { kind: 'preset', preset: 'cloudflare' },
      {
        presetUrls: { cloudflare: server.url },
        cache,
        timeoutMs: 5000,
        dohInFlight: (url) => {
          asked.push(url);
          return slots;
        },
      },
    );
    await vi.waitFor(() => expect(server.inFlight).toBe(0), { timeout: 5000 });
    server.resetMaxInFlight();
    const results = await Promise.all(NAMES.map((n) => resolver.query(`at-once.${n}`, 'TXT')));
    expect(results.every((r) => r.ok)).toBe(true);
    expectAtOnce(server.maxInFlight);
    // Asked when the resolver is made and after each exchange, always about the server it uses.
    expect(asked.length).toBe(NAMES.length + 1);
    expect(new Set(asked)).toEqual(new Set([server.url]));
  });

  it('lets more questions go as soon as the client learns the resolver speaks HTTP/2', async () => {
    const cache = createDnsCache();
    let protocol: string | undefined;
    const resolver = createResolver(
      { kind: 'preset', preset: 'cloudflare' },
      {
        presetUrls: { cloudflare: server.url },
        cache,
        timeoutMs: 5000,
        dohInFlight: () => dohInFlightForProtocol(protocol),
      },
    );
    await vi.waitFor(() => expect(server.inFlight).toBe(0), { timeout: 5000 });
    server.resetMaxInFlight();
    // Twice the questions: those still waiting once the limit rises are more than 6.
    const queries = [...NAMES, ...NAMES].map((n, i) => resolver.query(`learned${i}.${n}`, 'TXT'));
    expect(cache.requests.max).toBe(MAX_DOH_IN_FLIGHT);
    await vi.waitFor(() => expect(server.inFlight).toBeGreaterThan(0));
    // What Resource Timing would report after the first exchange.
    protocol = 'h2';
    await Promise.all(queries);
    expect(cache.requests.max).toBe(MAX_DOH_IN_FLIGHT_UNQUEUED);
    expect(server.maxInFlight).toBeGreaterThan(MAX_DOH_IN_FLIGHT);
  });
});

describe('a resolver whose client queues what we send at once', () => {
  /** 64 at once, as for HTTP/2, through a client that sends `perHost` and queues the rest (timeout 250 ms). */
  const crowdedResolver = (cache: DnsCache, perHost: number) =>
    createResolver(
      { kind: 'preset', preset: 'cloudflare' },
      {
        presetUrls: { cloudflare: server.url, google: refusing, quad9: refusing },
        fetch: browserLikeFetch(perHost),
        timeoutMs: 250,
        cache,
        dohInFlight: () => MAX_DOH_IN_FLIGHT_UNQUEUED,
      },
    );
  const ask = (resolver: ReturnType<typeof crowdedResolver>, prefix: string) =>
    Promise.all([...NAMES, ...NAMES].map((n, i) => resolver.query(`${prefix}${i}.${n}`, 'TXT')));

  it('gets at most 6 at once after a timeout with more than 6 in flight, and then none time out', async () => {
    const cache = createDnsCache();
    // An HTTP/2 resolver that takes 6 requests at once: 24 questions of 100 ms wait up to 400 ms in the client.
    const resolver = crowdedResolver(cache, MAX_DOH_IN_FLIGHT);
    const first = await ask(resolver, 'crowded-a');
    expect(first.filter((r) => !r.ok).length).toBeGreaterThan(0);
    expect(cache.timedOutUnderLoad).toBe(true);
    expect(cache.requests.max).toBe(MAX_DOH_IN_FLIGHT);
    const second = await ask(resolver, 'crowded-b');
    expect(second.filter((r) => !r.ok)).toEqual([]);
    // Kept for the resolver: a new check's resolver on the same cache starts at 6, whatever the client says.
    crowdedResolver(cache, MAX_DOH_IN_FLIGHT);
    expect(cache.requests.max).toBe(MAX_DOH_IN_FLIGHT);
  });

  it('keeps 64 at once after a timeout of a question sent alone: the resolver was slow, not the client', async () => {
    const cache = createDnsCache();
    const resolver = crowdedResolver(cache, MAX_DOH_IN_FLIGHT_UNQUEUED);
    server.setBehaviour({ latencyMs: 400 });
    try {
      expect((await resolver.query('alone.n0.test', 'TXT')).ok).toBe(false);
    } finally {
      server.setBehaviour({ latencyMs: 100 });
    }
    expect(cache.timedOutUnderLoad).toBe(false);
    expect(cache.requests.max).toBe(MAX_DOH_IN_FLIGHT_UNQUEUED);
  });
});

describe('priority: a bulk audit waits behind the popup', () => {
  it('gives a freed slot to any waiting question before a background one, each kind in arrival order', async () => {
    const limiter = createLimiter(1);
    const holder = await limiter.acquire();
    const order: string[] = [];
    const wait = (name: string, background: boolean) =>
      limiter.acquire(undefined, background ? { priority: createPriority(true) } : {}).then((release) => {
        order.push(name);
        release?.();
      });
    const all = Promise.all([
      wait('audit 1', true),
      wait('audit 2', true),
      wait('popup 1', false),
      wait('popup 2', false),
    ]);
    expect(limiter.waiting).toBe(4);
    holder?.();
    await all;
    expect(order).toEqual(['popup 1', 'popup 2', 'audit 1', 'audit 2']);
    expect(limiter.active).toBe(0);
  });

  it('drops a background question cancelled while it waits', async () => {
    const limiter = createLimiter(1);
    const holder = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal, { priority: createPriority(true) });
    controller.abort();
    expect(await waiting).toBeNull();
    expect(limiter.waiting).toBe(0);
    holder?.();
    expect(limiter.active).toBe(0);
  });

  it("sends a popup's questions to the resolver before those an audit queued earlier", async () => {
    const cache = createDnsCache({ maxInFlight: 2 });
    const resolver = serverResolver(cache, 5000);
    await vi.waitFor(() => expect(server.inFlight).toBe(0), { timeout: 5000 });
    const audit = Array.from({ length: 8 }, (_, i) => `audit${i}.priority.test`);
    const popup = ['_mta-sts.popup.priority.test', 'popup.priority.test'];
    const asked = [
      ...audit.map((name) => resolver.query(name, 'TXT', { priority: createPriority(true) })),
      ...popup.map((name) => resolver.query(name, 'TXT')),
    ];
    await Promise.all(asked);
    const sent = server.requests.map((r) => r.name).filter((name) => name.endsWith('priority.test'));
    // Two audit questions were already at the resolver; the popup's go next, before the six still queued.
    expect(sent.slice(0, 2)).toEqual(audit.slice(0, 2));
    expect(new Set(sent.slice(2, 4))).toEqual(new Set(popup));
    expect(sent.slice(4)).toEqual(audit.slice(2));
  });

  it('moves a raised background waiter behind the front waiters already there and ahead of the other background ones', async () => {
    const limiter = createLimiter(1);
    const holder = await limiter.acquire();
    const order: string[] = [];
    const watched = createPriority(true);
    const wait = (name: string, options: Parameters<typeof limiter.acquire>[1]) =>
      limiter.acquire(undefined, options).then((release) => {
        order.push(name);
        release?.();
      });
    const all = Promise.all([
      wait('audit 1', { priority: createPriority(true) }),
      wait('audit 2', { priority: watched }),
      wait('popup 1', {}),
    ]);
    watched.raise();
    const later = wait('popup 2', {});
    holder?.();
    await Promise.all([all, later]);
    expect(order).toEqual(['popup 1', 'audit 2', 'popup 2', 'audit 1']);
    expect(limiter.active).toBe(0);
  });

  /**
   * The questions the test server received for names ending in `suffix`, two by two as the two slots send them
   * (the two of a pair leave together, so they may arrive in either order).
   */
  const sentTo = (suffix: string) => {
    const names = server.requests.map((r) => r.name).filter((name) => name.endsWith(suffix));
    return pairs(names);
  };
  const pairs = (names: string[]) =>
    Array.from({ length: Math.ceil(names.length / 2) }, (_, i) => names.slice(2 * i, 2 * i + 2).sort());

  it("sends an audit's queued question at once when the popup asks the same question", async () => {
    const cache = createDnsCache({ maxInFlight: 2 });
    const resolver = serverResolver(cache, 5000);
    await vi.waitFor(() => expect(server.inFlight).toBe(0), { timeout: 5000 });
    const audit = Array.from({ length: 8 }, (_, i) => `audit${i}.joined.test`);
    const asked = audit.map((name) => resolver.query(name, 'TXT', { priority: createPriority(true) }));
    // The popup checks a domain the audit is checking right now: its question is the seventh one queued.
    const popup = resolver.query('audit6.joined.test', 'TXT');
    await Promise.all([...asked, popup]);
    // It goes right after the two already at the resolver, and is sent once.
    expect(sentTo('joined.test')).toEqual(
      pairs([...audit.slice(0, 2), 'audit6.joined.test', ...audit.slice(2, 6), 'audit7.joined.test']),
    );
  });

  it('sends the queued questions of a background check first once it is raised', async () => {
    const cache = createDnsCache({ maxInFlight: 2 });
    const resolver = serverResolver(cache, 5000);
    await vi.waitFor(() => expect(server.inFlight).toBe(0), { timeout: 5000 });
    const others = Array.from({ length: 6 }, (_, i) => `other${i}.raised.test`);
    const joined = Array.from({ length: 3 }, (_, i) => `joined${i}.raised.test`);
    const priority = createPriority(true);
    const asked = [
      ...others.map((name) => resolver.query(name, 'TXT', { priority: createPriority(true) })),
      ...joined.map((name) => resolver.query(name, 'TXT', { priority })),
    ];
    priority.raise();
    await Promise.all(asked);
    expect(sentTo('raised.test')).toEqual(pairs([...others.slice(0, 2), ...joined, ...others.slice(2)]));
  });

  it("sends the popup's questions first when it checks a domain the audit is checking right now", async () => {
    const cache = createDnsCache({ maxInFlight: 2 });
    const resolver = serverResolver(cache, 5000);
    await vi.waitFor(() => expect(server.inFlight).toBe(0), { timeout: 5000 });
    const service = createCheckService({
      // No policy host here: the fetch fails at once, the DNS questions are what this is about.
      fetch: (() => Promise.reject(new TypeError('offline'))) as typeof fetch,
      getSettings: () => DEFAULT_SETTINGS,
      check: (domain, deps) => checkDomain(domain, { ...deps, resolver }),
    });
    const audit = ['one.joinrun.test', 'two.joinrun.test'].map((d) => service.check(d, { background: true }));
    // Five questions each: two are at the resolver, eight wait.
    await vi.waitFor(() => expect(cache.requests.waiting).toBe(8));
    const popup = service.check('two.joinrun.test');
    await Promise.all([...audit, popup]);
    const sent = sentTo('joinrun.test').map((pair) =>
      pair.map((name) => (name.endsWith('two.joinrun.test') ? 'two' : 'one')).sort(),
    );
    expect(sent).toEqual(pairs(['one', 'one', 'two', 'two', 'two', 'two', 'two', 'one', 'one', 'one']));
  });
});

describe('sharing', () => {
  it('sends one request for identical questions in flight at once', async () => {
    const resolver = serverResolver();
    const before = server.requests.filter((r) => r.name === 'n5.test' && r.type === 'MX').length;
    const results = await Promise.all(Array.from({ length: 5 }, () => resolver.query('n5.test', 'MX')));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(server.requests.filter((r) => r.name === 'n5.test' && r.type === 'MX').length - before).toBe(1);
  });

  it('runs two simultaneous checks of the same domain once', async () => {
    let release: (() => void) | undefined;
    const check = vi.fn(
      (domain: string) =>
        new Promise<Report>((resolve) => {
          release = () => resolve(reportFor(domain));
        }),
    );
    const service = createCheckService({ fetch, getSettings: () => DEFAULT_SETTINGS, check });
    const first = service.check('a.example');
    const second = service.check('a.example');
    await vi.waitFor(() => expect(release).toBeDefined());
    release?.();
    const [a, b] = await Promise.all([first, second]);
    expect(check).toHaveBeenCalledTimes(1);
    expect(a.report).toBe(b.report);
  });

  it.each([
    ['a check someone watches raises it', false, false],
    ['another background check leaves it in the background', true, true],
  ])('a background run of a domain that is asked again: %s', async (_name, background, stays) => {
    const held = heldCheck();
    const service = createCheckService({ fetch, getSettings: () => DEFAULT_SETTINGS, check: held.check });
    const audit = service.check('a.example', { background: true });
    await vi.waitFor(() => expect(held.runs).toHaveLength(1));
    const priority = held.check.mock.calls[0]?.[1].priority;
    expect(priority?.background).toBe(true);
    const second = service.check('a.example', { background });
    // It joins once the settings are read.
    await new Promise((r) => setTimeout(r, 10));
    expect(priority?.background).toBe(stays);
    held.runs[0]?.release();
    await Promise.all([audit, second]);
    expect(held.check).toHaveBeenCalledTimes(1);
  });

  /** A check that waits to be released, and ends soon after its signal aborts (its lookups cancelled). */
  function heldCheck() {
    const runs: Array<{ signal: AbortSignal; release: () => void }> = [];
    const check = vi.fn(
      (domain: string, deps: { signal?: AbortSignal; priority?: Priority }) =>
        new Promise<Report>((resolve) => {
          const signal = deps.signal as AbortSignal;
          runs.push({ signal, release: () => resolve(reportFor(domain)) });
          signal.addEventListener('abort', () =>
            setTimeout(() => resolve(reportFor(domain, 'cancelled')), 20),
          );
        }),
    );
    return { check, runs };
  }

  it('keeps a shared check going for the other caller when the first one cancels', async () => {
    const { check, runs } = heldCheck();
    const service = createCheckService({ fetch, getSettings: () => DEFAULT_SETTINGS, check });
    const audit = new AbortController();
    const first = service.check('a.example', { signal: audit.signal });
    const popup = service.check('a.example');
    await vi.waitFor(() => expect(runs).toHaveLength(1));
    audit.abort();
    await expect(first).rejects.toBeInstanceOf(CheckCancelledError);
    expect(runs[0]?.signal.aborted).toBe(false);
    runs[0]?.release();
    expect((await popup).report.status).toBe('SUCCESS');
    expect(check).toHaveBeenCalledTimes(1);
  });

  it('stops the check when every caller has cancelled, and does not hand the stopped run to a new caller', async () => {
    const { check, runs } = heldCheck();
    const service = createCheckService({ fetch, getSettings: () => DEFAULT_SETTINGS, check });
    const one = new AbortController();
    const two = new AbortController();
    const first = service.check('a.example', { signal: one.signal });
    const second = service.check('a.example', { signal: two.signal });
    await vi.waitFor(() => expect(runs).toHaveLength(1));
    one.abort();
    await expect(first).rejects.toBeInstanceOf(CheckCancelledError);
    expect(runs[0]?.signal.aborted).toBe(false);
    two.abort();
    expect(runs[0]?.signal.aborted).toBe(true);
    // Asked while the stopped run is still winding down: a run of its own.
    const later = service.check('a.example');
    expect((await second).report.status).toBe('ERROR');
    await vi.waitFor(() => expect(runs).toHaveLength(2));
    runs[1]?.release();
    expect((await later).report.status).toBe('SUCCESS');
  });
});

function reportFor(domain: string, error: string | null = null): Report {
  const evidence = createEmptyEvidence();
  if (error)
    evidence.mx = {
      name: domain,
      type: 'MX',
      rcode: null,
      authenticated: null,
      cnames: [],
      data: [],
      error,
      resolver: 'test',
      elapsedMs: 5000,
    };
  return finishReport({
    domain,
    checkedAt: '2026-03-14T09:30:05.000Z',
    findings: error ? [{ code: 'dns.failed', severity: 'error', message: error }] : [],
    evidence,
    timings: {},
    resolver: 'test',
  });
}

describe('the audit under timeouts', () => {
  it('recognises a DNS timeout in a report', () => {
    expect(hasDnsTimeout(reportFor('a.example', 'the resolver did not answer within 5 s'))).toBe(true);
    expect(hasDnsTimeout(reportFor('a.example', 'connection refused'))).toBe(false);
    expect(hasDnsTimeout(reportFor('a.example'))).toBe(false);
  });

  it('halves its concurrency when lookups time out, and raises it again once they answer', async () => {
    let running = 0;
    const seen: number[] = [];
    let calls = 0;
    const run = createAuditRun(
      Array.from({ length: 40 }, (_, i) => `d${i}.example`),
      {
        concurrency: 8,
        async check(domain) {
          running += 1;
          seen.push(running);
          calls += 1;
          const timedOut = calls <= 8;
          await new Promise((r) => setTimeout(r, 5));
          running -= 1;
          return reportFor(domain, timedOut ? 'did not answer within 5 s' : null);
        },
      },
    );
    const progress = await run.start();
    expect(progress.done).toBe(40);
    expect(Math.max(...seen.slice(0, 8))).toBe(8);
    // After the timeouts, checks ran one at a time…
    expect(seen.slice(8, 10)).toEqual([1, 1]);
    // …then more at once as lookups kept answering, never above the number chosen.
    expect(Math.max(...seen.slice(-8))).toBeGreaterThanOrEqual(3);
    expect(Math.max(...seen)).toBeLessThanOrEqual(8);
  });
});
