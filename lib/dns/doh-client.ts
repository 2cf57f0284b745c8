// The DNS-over-HTTPS resolver (RFC 8484) used by every check: preset fallback, answer cache, shared lookups.
import {
  createDnsCache,
  DEFAULT_NEGATIVE_TTL_SECONDS,
  type DnsCache,
  type InFlightLookup,
  MAX_DOH_IN_FLIGHT,
} from './cache';
import { checkCustomResolverUrl } from './custom-url';
import { parseQueryName } from './dns-name';
import { createPriority, type Priority } from './limiter';
import { getPresetFallbackOrder, isResolverPreset, PRESET_URLS } from './presets';
import { fetchDnsMessage } from './transport';
import type { DnsAnswer, DnsResult, Resolver, ResolverPreset, ResolverSetting, RRType } from './types';
import { createQueryMessage, isRRType, parseDnsResponse } from './wire';

export const DEFAULT_TIMEOUT_MS = 5000;
/** RFC 8484 §6 / RFC 1035: a DNS message cannot be longer than 65535 bytes. */
export const DEFAULT_MAX_RESPONSE_BYTES = 65535;

export interface ResolverDeps {
  fetch?: typeof fetch;
  /** Per server tried, covering the whole HTTP exchange. */
  timeoutMs?: number;
  maxResponseBytes?: number;
  cache?: DnsCache;
  now?: () => number;
  /** Replaces the preset addresses, for tests against local servers. */
  presetUrls?: Partial<Record<ResolverPreset, string>>;
  /**
   * How many requests to the DoH server at `serverUrl` may be in flight at once: as many as the client sends
   * without queueing them itself (see MAX_DOH_IN_FLIGHT and dohInFlightForProtocol). Asked again after each
   * exchange, as the answer may change once the client knows the server's protocol; it sets the slots of the
   * cache's queue. Without it the queue keeps the slots it has (MAX_DOH_IN_FLIGHT unless set).
   */
  dohInFlight?: (serverUrl: string) => number;
}

interface Server {
  /** Preset name, or the custom URL. */
  label: string;
  url: string;
  /** How the server is named in messages: "cloudflare (https://…)" or just the URL. */
  display: string;
}

type ServerList =
  | { ok: true; label: string; servers: Server[] }
  | { ok: false; label: string; problem: string };

function describeSetting(setting: ResolverSetting, deps: ResolverDeps): ServerList {
  if (setting?.kind === 'preset' && isResolverPreset(setting.preset)) {
    // The user chose one provider: the others are asked only when the user allowed that (off by default).
    const order = setting.fallback === true ? getPresetFallbackOrder(setting.preset) : [setting.preset];
    const servers = order.map((preset) => {
      const url = deps.presetUrls?.[preset] ?? PRESET_URLS[preset];
      return { label: preset, url, display: `${preset} (${url})` };
    });
    return { ok: true, label: setting.preset, servers };
  }
  if (setting?.kind === 'custom' && typeof setting.url === 'string') {
    const label = setting.url.trim();
    const checked = checkCustomResolverUrl(label);
    if (!checked.ok) {
      const problem =
        checked.problem === 'invalid'
          ? `the custom DNS-over-HTTPS address "${label}" is not a valid URL`
          : checked.problem === 'not-https'
            ? `the custom DNS-over-HTTPS address "${label}" uses ${checked.protocol} but only https:// addresses are accepted`
            : `the custom DNS-over-HTTPS address "${label}" must not contain a user name or password`;
      return { ok: false, label, problem };
    }
    const { url } = checked;
    return { ok: true, label, servers: [{ label, url: url.toString(), display: label }] };
  }
  return {
    ok: false,
    label: 'invalid resolver setting',
    problem: 'the resolver setting is not a known preset or a custom URL',
  };
}

/** Each caller gets its own arrays: waiters of a shared lookup and the cache must not see each other's edits. */
function copyAnswer(answer: DnsAnswer, elapsedMs: number): DnsAnswer {
  return {
    ...answer,
    records: answer.records.map((record) => ({ ...record })),
    cnames: [...answer.cnames],
    elapsedMs,
  };
}

export function createResolver(setting: ResolverSetting, deps: ResolverDeps = {}): Resolver {
  const doFetch: typeof fetch = deps.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxResponseBytes = deps.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const cache = deps.cache ?? createDnsCache();
  const now = deps.now ?? Date.now;
  const config = describeSetting(setting, deps);
  const label = config.label;
  /** The queue's slots: what the client takes (or what it has); at most 6 once timed out under load. */
  const fitQueue = (serverUrl: string | undefined) => {
    const fits =
      deps.dohInFlight && serverUrl !== undefined ? deps.dohInFlight(serverUrl) : cache.requests.max;
    cache.requests.setMax(cache.timedOutUnderLoad ? Math.min(fits, MAX_DOH_IN_FLIGHT) : fits);
  };
  fitQueue(config.ok ? config.servers[0]?.url : undefined);

  /** Asks each server in turn until one gives a valid DNS answer; any rcode, SERVFAIL included, is final. */
  async function lookup(
    name: string,
    type: RRType,
    signal: AbortSignal,
    priority: Priority,
  ): Promise<DnsResult> {
    const start = now();
    const subject = `Our DNS lookup of ${type} ${name}`;
    const fail = (error: string): DnsResult => ({
      ok: false,
      error,
      resolver: label,
      elapsedMs: now() - start,
    });
    if (!config.ok) return fail(`${subject} was not sent: ${config.problem}.`);

    const query = createQueryMessage(name, type);
    const problems: string[] = [];
    for (const server of config.servers) {
      // Wait for a slot in the resolver's queue first: the timeout below then runs only while the resolver
      // has the question, never while it waits behind our own (or the browser's) other requests.
      const release = await cache.requests.acquire(signal, { priority });
      if (release === null) return fail(`${subject} was cancelled before it finished.`);
      let exchange: Awaited<ReturnType<typeof fetchDnsMessage>>;
      // In flight at this resolver as this one is sent, itself included.
      const atOnce = cache.requests.active;
      try {
        exchange = await fetchDnsMessage(server.url, query, {
          fetch: doFetch,
          timeoutMs,
          maxResponseBytes,
          signal,
        });
      } finally {
        release();
      }
      if (!exchange.ok && exchange.kind === 'timeout' && atOnce > MAX_DOH_IN_FLIGHT)
        cache.timedOutUnderLoad = true;
      fitQueue(server.url);
      if (!exchange.ok && exchange.kind === 'cancelled')
        return fail(`${subject} was cancelled before it finished.`);
      const parsed = exchange.ok ? parseDnsResponse(exchange.body, name, type) : null;
      if (parsed?.ok) {
        const answer: DnsAnswer = {
          name,
          type,
          rcode: parsed.rcode,
          ad: parsed.ad,
          records: parsed.records,
          cnames: parsed.cnames,
          resolver: server.label,
          elapsedMs: now() - start,
        };
        storeInCache(answer, parsed.answerTtl, parsed.negativeTtl);
        return { ok: true, answer };
      }
      problems.push(
        `${server.display} ${exchange.ok ? (parsed?.ok === false ? parsed.error : '') : exchange.reason}`,
      );
    }
    if (problems.length === 1) return fail(`${subject} failed: the DNS-over-HTTPS resolver ${problems[0]}.`);
    return fail(
      `${subject} failed on all ${problems.length} DNS-over-HTTPS resolvers: ${problems.join('; ')}.`,
    );
  }

  function cacheKey(name: string, type: RRType): string {
    const primary = config.ok ? config.servers[0]?.url : '';
    return `${label} ${primary}|${name}|${type}`;
  }

  function storeInCache(answer: DnsAnswer, answerTtl: number | null, negativeTtl: number | null): void {
    const key = cacheKey(answer.name, answer.type);
    // SERVFAIL and other errors are not cached (RFC 2308 §7.1 allows it briefly; a re-check should retry).
    if (answer.rcode === 'NOERROR' && answer.records.length > 0 && answerTtl !== null) {
      cache.set(key, answer, answerTtl, now());
    } else if (answer.rcode === 'NXDOMAIN' || answer.rcode === 'NOERROR') {
      // RFC 2308 §5: negative answers are cached for the SOA's minimum.
      cache.set(key, answer, negativeTtl ?? DEFAULT_NEGATIVE_TTL_SECONDS, now());
    }
  }

  /** Waits for a shared lookup; a caller that aborts stops waiting, and the last one to leave cancels it. */
  async function waitFor(
    flight: InFlightLookup,
    subject: string,
    start: number,
    signal: AbortSignal | undefined,
  ): Promise<DnsResult> {
    flight.waiters += 1;
    let onAbort: (() => void) | undefined;
    const cancelled = new Promise<'cancelled'>((resolve) => {
      onAbort = () => resolve('cancelled');
      if (signal?.aborted) resolve('cancelled');
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const outcome = await Promise.race([flight.promise, cancelled]);
      if (outcome === 'cancelled') {
        flight.waiters -= 1;
        if (flight.waiters === 0) flight.controller.abort();
        return {
          ok: false,
          error: `${subject} was cancelled before it finished.`,
          resolver: label,
          elapsedMs: now() - start,
        };
      }
      flight.waiters -= 1;
      const elapsedMs = now() - start;
      return outcome.ok
        ? { ok: true, answer: copyAnswer(outcome.answer, elapsedMs) }
        : { ...outcome, elapsedMs };
    } finally {
      if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    label,
    async query(rawName, type, options) {
      const start = now();
      const checked = parseQueryName(typeof rawName === 'string' ? rawName : '');
      if (!checked.ok) {
        return {
          ok: false,
          error: `Our DNS lookup was not sent: ${checked.error}`,
          resolver: label,
          elapsedMs: 0,
        };
      }
      if (!isRRType(type)) {
        return {
          ok: false,
          error: `Our DNS lookup of ${checked.name} was not sent: record type "${String(type)}" is not supported.`,
          resolver: label,
          elapsedMs: 0,
        };
      }
      const name = checked.name;
      const key = cacheKey(name, type);
      const cached = cache.get(key, start);
      if (cached !== undefined) return { ok: true, answer: copyAnswer(cached, 0) };

      const asked = options?.priority;
      let flight = cache.inFlight.get(key);
      if (flight === undefined) {
        const controller = new AbortController();
        const priority = createPriority(asked?.background === true);
        const created: InFlightLookup = {
          controller,
          waiters: 0,
          priority,
          promise: lookup(name, type, controller.signal, priority).finally(() => {
            if (cache.inFlight.get(key) === created) cache.inFlight.delete(key);
          }),
        };
        cache.inFlight.set(key, created);
        flight = created;
      }
      // A question someone watches raises the shared one now; a background one raises it when it is raised.
      const shared = flight;
      if (asked?.background !== true) shared.priority.raise();
      else asked.onRaise(() => shared.priority.raise());
      return waitFor(flight, `Our DNS lookup of ${type} ${name}`, start, options?.signal);
    },
  };
}
