// The answer cache's bounds: TTLs are respected and capped, and a full cache makes room by dropping expired
// answers first, then the oldest, in batches.
import { describe, expect, it } from 'vitest';
import { createDnsCache, MAX_CACHE_ENTRIES, MAX_CACHE_TTL_SECONDS } from '../../lib/dns/cache';
import type { DnsAnswer } from '../../lib/dns/types';

const answer = (name: string, ttl = 300): DnsAnswer => ({
  name,
  type: 'A',
  rcode: 'NOERROR',
  ad: false,
  records: [{ name, type: 'A', ttl, address: '192.0.2.1' }],
  cnames: [],
  resolver: 'test',
  elapsedMs: 1,
});

/** A cache holding `count` answers named n0, n1, … stored in that order at `at` ms with `ttl` seconds. */
function filled(count: number, ttl = 300, at = 0) {
  const cache = createDnsCache();
  for (let i = 0; i < count; i++) cache.set(`n${i}`, answer(`n${i}`), ttl, at);
  return cache;
}

describe('DNS answer cache', () => {
  it.each([
    { ttl: 300, afterMs: 299_999, kept: true },
    { ttl: 300, afterMs: 300_000, kept: false },
    { ttl: 0, afterMs: 0, kept: false },
    { ttl: Number.NaN, afterMs: 0, kept: false },
    { ttl: 86_400, afterMs: MAX_CACHE_TTL_SECONDS * 1000 - 1, kept: true },
    { ttl: 86_400, afterMs: MAX_CACHE_TTL_SECONDS * 1000, kept: false },
  ])('keeps an answer of TTL $ttl s for $afterMs ms: $kept', ({ ttl, afterMs, kept }) => {
    const cache = createDnsCache();
    cache.set('a.test', answer('a.test'), ttl, 0);
    expect(cache.get('a.test', afterMs) !== undefined).toBe(kept);
  });

  it('gives the records their TTL less the time spent in the cache', () => {
    const cache = filled(1, 300, 1_000);
    expect(cache.get('n0', 61_000)?.records[0]?.ttl).toBe(240);
  });

  it('holds every answer until it is full', () => {
    const cache = filled(MAX_CACHE_ENTRIES);
    expect(cache.size).toBe(MAX_CACHE_ENTRIES);
    expect(cache.get('n0', 1)).toBeDefined();
  });

  it('never holds more than its cap, however many answers arrive', () => {
    const cache = filled(MAX_CACHE_ENTRIES * 5);
    expect(cache.size).toBeLessThanOrEqual(MAX_CACHE_ENTRIES);
    expect(cache.get(`n${MAX_CACHE_ENTRIES * 5 - 1}`, 1)).toBeDefined();
  });

  it('makes room in a full cache by dropping the oldest answers, in a batch', () => {
    const cache = filled(MAX_CACHE_ENTRIES);
    cache.set('new', answer('new'), 300, 0);
    expect(cache.get('new', 1)).toBeDefined();
    expect(cache.get('n0', 1)).toBeUndefined();
    expect(cache.get(`n${MAX_CACHE_ENTRIES - 1}`, 1)).toBeDefined();
    // Room for many more before the next eviction.
    expect(cache.size).toBeLessThan(MAX_CACHE_ENTRIES - 50);
  });

  it('drops expired answers before any that are still valid', () => {
    const cache = createDnsCache();
    for (let i = 0; i < MAX_CACHE_ENTRIES; i++) {
      // Every other answer is short-lived; the first one stored is long-lived.
      cache.set(`n${i}`, answer(`n${i}`), i % 2 === 0 ? 3600 : 10, 0);
    }
    cache.set('new', answer('new'), 300, 20_000);
    expect(cache.get('n0', 20_001)).toBeDefined();
    expect(cache.get('new', 20_001)).toBeDefined();
    expect(cache.size).toBe(MAX_CACHE_ENTRIES / 2 + 1);
  });

  it('counts an answer stored again as new: it is not the oldest any more', () => {
    const cache = filled(MAX_CACHE_ENTRIES);
    cache.set('n0', answer('n0'), 300, 0);
    cache.set('new', answer('new'), 300, 0);
    expect(cache.get('n0', 1)).toBeDefined();
    expect(cache.get('n1', 1)).toBeUndefined();
  });
});
