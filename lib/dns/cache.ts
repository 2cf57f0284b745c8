// A small TTL-respecting answer cache plus the table of lookups in flight, shared by every query of a check
// (and reusable across checks). Time is passed in by the caller so tests can move the clock.
import { createLimiter, type Limiter, type RaisablePriority } from './limiter';
import type { DnsAnswer, DnsResult } from './types';

/** RFC 2308 §5 asks for the SOA's minimum; without an SOA we still avoid asking again for a minute. */
export const DEFAULT_NEGATIVE_TTL_SECONDS = 60;
/**
 * Upper bound on how long we keep an answer, whatever its TTL: an admin who fixes a record and checks again
 * should not be shown our own stale copy for a day on top of the public resolver's cache.
 */
export const MAX_CACHE_TTL_SECONDS = 3600;
/** Answers kept at most; beyond it the oldest go (a bulk audit asks about several thousand names). */
export const MAX_CACHE_ENTRIES = 1000;
/**
 * A full cache is cut to this many at once: the whole table is walked only once per this many new answers,
 * not on every one (every answer stored walked it, 3.5 million steps in a 500-domain audit).
 */
const ENTRIES_AFTER_EVICTION = 900;
/**
 * DoH requests in flight at once per resolver (per cache, which the check service keeps per resolver) while the
 * client may queue them itself. A browser queues HTTP/1.1 requests beyond 6 per host; our own queue keeps them
 * here instead, so a request's timeout starts when it is sent and measures only the resolver's time.
 */
export const MAX_DOH_IN_FLIGHT = 6;
/**
 * The same where nothing queues them on the client's side: HTTP/2 and HTTP/3 carry many requests at once on one
 * connection (up to the server's stream limit, usually 100 or more; a resolver that allows fewer is cut back to
 * MAX_DOH_IN_FLIGHT after its first timeout under load, see `timedOutUnderLoad`), and the command line opens a
 * connection per request when it needs one. It still bounds what one bulk audit asks of a resolver at once;
 * at 6, an audit at concurrency 8 (about 7 questions per domain at once) took four times as long as its checks
 * need.
 */
export const MAX_DOH_IN_FLIGHT_UNQUEUED = 64;

/**
 * The DoH requests in flight for a resolver the client reaches with `protocol`, an ALPN id as Resource Timing's
 * `nextHopProtocol` gives it ("h2", "h3", "http/1.1"); unknown or anything else counts as HTTP/1.1.
 */
export function dohInFlightForProtocol(protocol: string | undefined): number {
  return protocol !== undefined && /^h[23]\b/i.test(protocol)
    ? MAX_DOH_IN_FLIGHT_UNQUEUED
    : MAX_DOH_IN_FLIGHT;
}

/** One lookup being performed right now; later identical queries wait for it instead of asking again. */
export interface InFlightLookup {
  promise: Promise<DnsResult>;
  /** Aborts the shared request once every waiting caller has given up. */
  controller: AbortController;
  waiters: number;
  /** Where its request queues: raised when a question someone watches joins it. */
  priority: RaisablePriority;
}

export interface DnsCache {
  /** The answer stored under `key`, its record TTLs reduced by the time spent in the cache; undefined when absent or expired. */
  get(key: string, nowMs: number): DnsAnswer | undefined;
  set(key: string, answer: DnsAnswer, ttlSeconds: number, nowMs: number): void;
  clear(): void;
  readonly size: number;
  readonly inFlight: Map<string, InFlightLookup>;
  /** The per-resolver queue: a DoH request is sent only with a slot. */
  readonly requests: Limiter;
  /**
   * Set when a request timed out while more than MAX_DOH_IN_FLIGHT were in flight. The client may have queued
   * it (an HTTP/2 resolver that takes fewer requests at once than we send), and its timeout would then have
   * measured that wait: from then on this resolver gets at most MAX_DOH_IN_FLIGHT at once.
   */
  timedOutUnderLoad: boolean;
}

interface Entry {
  answer: DnsAnswer;
  storedAt: number;
  expiresAt: number;
}

export function createDnsCache(options: { maxInFlight?: number } = {}): DnsCache {
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, InFlightLookup>();
  const requests = createLimiter(options.maxInFlight ?? MAX_DOH_IN_FLIGHT);

  /** Makes room when the cache is full: expired answers go first, then the oldest. */
  function evict(nowMs: number): void {
    if (entries.size < MAX_CACHE_ENTRIES) return;
    for (const [key, entry] of entries) if (entry.expiresAt <= nowMs) entries.delete(key);
    // Map iteration follows insertion order, so the first keys are the oldest.
    for (const key of entries.keys()) {
      if (entries.size <= ENTRIES_AFTER_EVICTION) break;
      entries.delete(key);
    }
  }

  return {
    get(key, nowMs) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= nowMs) {
        entries.delete(key);
        return undefined;
      }
      const ageSeconds = Math.floor((nowMs - entry.storedAt) / 1000);
      return {
        ...entry.answer,
        records: entry.answer.records.map((record) => ({
          ...record,
          ttl: Math.max(0, record.ttl - ageSeconds),
        })),
        cnames: [...entry.answer.cnames],
      };
    },
    set(key, answer, ttlSeconds, nowMs) {
      const ttl = Math.min(ttlSeconds, MAX_CACHE_TTL_SECONDS);
      if (!(ttl > 0)) return;
      entries.delete(key);
      evict(nowMs);
      const copy = {
        ...answer,
        records: answer.records.map((record) => ({ ...record })),
        cnames: [...answer.cnames],
      };
      entries.set(key, { answer: copy, storedAt: nowMs, expiresAt: nowMs + ttl * 1000 });
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
    inFlight,
    requests,
    timedOutUnderLoad: false,
  };
}
