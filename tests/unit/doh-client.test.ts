// The DoH client against real local DoH servers (no fetch mocks): decoding, fallback, validation, cache.
import * as dnsPacket from '@leichtgewicht/dns-packet';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../../lib/dns/base64url';
import { createDnsCache } from '../../lib/dns/cache';
import { parseQueryName } from '../../lib/dns/dns-name';
import { createResolver, type ResolverDeps } from '../../lib/dns/doh-client';
import type { DnsResult, ResolverSetting } from '../../lib/dns/types';
import { createQueryMessage, MAX_CNAME_CHAIN, parseDnsResponse } from '../../lib/dns/wire';
import { getTestCa, issueLeafCert } from '../support/certs';
import {
  type DohFault,
  type DohServer,
  type DohServerGroup,
  getRefusingUrl,
  startDohServer,
  startDohServers,
} from '../support/doh-server';
import { createTestFetchWithAgent, type TestFetch } from '../support/node-fetch';
import { splitTxt, type Zone } from '../support/zone';

const LONG_TXT = `v=STSv1; id=${'a'.repeat(20)}; ${'x'.repeat(600)}`;

const ZONE: Zone = {
  'example.test': {
    ad: true,
    SOA: { minimum: 120, ttl: 3600 },
    MX: [
      [20, 'MX2.Example.Test.'],
      [10, 'mx1.example.test'],
    ],
    A: ['192.0.2.10'],
    AAAA: ['2001:db8::10'],
  },
  '_mta-sts.example.test': { ad: true, TXT: [['v=STSv1; ', 'id=20240101']] },
  'multi.example.test': { TXT: [['v=STSv1; id=1'], ['google-site-verification=abc']] },
  'long.example.test': { TXT: [LONG_TXT] },
  'bytes.example.test': { TXT: [[new Uint8Array([0x76, 0x3d, 0xff, 0xfe])]] },
  'nullmx.example.test': { MX: [[0, '.']] },
  '_25._tcp.mx1.example.test': { TLSA: [[3, 1, 1, '0123456789ABCDEF']] },
  'alias.example.test': { ad: true, CNAME: 'hop.example.test' },
  'hop.example.test': { ad: true, CNAME: '_mta-sts.example.test' },
  'unsigned-alias.example.test': { CNAME: '_mta-sts.example.test' },
  'dangling.example.test': { CNAME: 'nowhere.example.test' },
  'loop-a.example.test': { CNAME: 'loop-b.example.test' },
  'loop-b.example.test': { CNAME: 'loop-a.example.test' },
  'short-ttl.example.test': { ttl: 30, TXT: ['v=STSv1; id=short'] },
  'big.example.test': { TXT: Array.from({ length: 6 }, (_, i) => `${i}${'b'.repeat(250)}`) },
  'unrooted.invalid': { TXT: ['no SOA above me'] },
};

let presets: DohServerGroup;
let custom: DohServer;
let customUrl: string;
let testFetch: TestFetch;

beforeAll(async () => {
  presets = await startDohServers(3, { zone: ZONE });
  const [ca, leaf] = await Promise.all([getTestCa(), issueLeafCert(['doh.test'])]);
  custom = await startDohServer({ zone: ZONE, tls: { key: leaf.key, cert: leaf.cert } });
  customUrl = 'https://doh.test/dns-query';
  testFetch = createTestFetchWithAgent({ ca: [ca.cert], hostMap: { 'doh.test': custom.port } });
});

afterAll(async () => {
  await testFetch?.close();
  await presets?.close();
  await custom?.close();
});

beforeEach(() => {
  for (const server of [...presets.servers, custom]) {
    server.resetBehaviours();
    server.requests.length = 0;
  }
});

const requestCounts = (): number[] => presets.servers.map((server) => server.requests.length);

function presetUrls(urls: readonly string[] = presets.urls): ResolverDeps['presetUrls'] {
  return { cloudflare: urls[0], google: urls[1], quad9: urls[2] };
}

function presetResolver(
  deps: ResolverDeps = {},
  preset: 'cloudflare' | 'google' | 'quad9' = 'cloudflare',
  fallback = true,
) {
  return createResolver(
    { kind: 'preset', preset, fallback },
    { presetUrls: presetUrls(), timeoutMs: 2000, ...deps },
  );
}

function customResolver(deps: ResolverDeps = {}, url = customUrl) {
  return createResolver({ kind: 'custom', url }, { fetch: testFetch.fetch, timeoutMs: 2000, ...deps });
}

function expectAnswer(result: DnsResult) {
  if (!result.ok) throw new Error(`expected an answer, got: ${result.error}`);
  return result.answer;
}

function expectFailure(result: DnsResult): string {
  if (result.ok) throw new Error(`expected a failure, got rcode ${result.answer.rcode}`);
  return result.error;
}

/** Record data without owner name and TTL, for compact expectations. */
function dataOf(result: DnsResult): unknown[] {
  return expectAnswer(result).records.map(({ name: _name, ttl: _ttl, ...data }) => data);
}

describe('decoding answers', () => {
  it.each([
    [
      'joins the character-strings of one TXT record without spaces',
      '_mta-sts.example.test',
      'TXT',
      [{ type: 'TXT', text: 'v=STSv1; id=20240101' }],
    ],
    [
      'keeps several TXT records separate',
      'multi.example.test',
      'TXT',
      [
        { type: 'TXT', text: 'v=STSv1; id=1' },
        { type: 'TXT', text: 'google-site-verification=abc' },
      ],
    ],
    [
      'reassembles a TXT value published as several 255-byte strings',
      'long.example.test',
      'TXT',
      [{ type: 'TXT', text: LONG_TXT }],
    ],
    [
      'shows bytes that are not UTF-8 as U+FFFD instead of failing',
      'bytes.example.test',
      'TXT',
      [{ type: 'TXT', text: 'v=\uFFFD\uFFFD' }],
    ],
    [
      'returns MX preference and exchange in lower case without the trailing dot',
      'example.test',
      'MX',
      [
        { type: 'MX', preference: 20, exchange: 'mx2.example.test' },
        { type: 'MX', preference: 10, exchange: 'mx1.example.test' },
      ],
    ],
    [
      'keeps the null MX exchange as "."',
      'nullmx.example.test',
      'MX',
      [{ type: 'MX', preference: 0, exchange: '.' }],
    ],
    ['returns A addresses', 'example.test', 'A', [{ type: 'A', address: '192.0.2.10' }]],
    ['returns AAAA addresses', 'example.test', 'AAAA', [{ type: 'AAAA', address: '2001:db8::10' }]],
    [
      'returns TLSA usage, selector, matching type and hex data',
      '_25._tcp.mx1.example.test',
      'TLSA',
      [{ type: 'TLSA', usage: 3, selector: 1, matchingType: 1, data: '0123456789abcdef' }],
    ],
    [
      'returns the CNAME itself when CNAME is asked for',
      'alias.example.test',
      'CNAME',
      [{ type: 'CNAME', target: 'hop.example.test' }],
    ],
  ] as const)('%s', async (_title, name, type, expected) => {
    const result = await presetResolver().query(name, type);
    expect(dataOf(result)).toEqual(expected);
    expect(expectAnswer(result)).toMatchObject({ name, type, rcode: 'NOERROR', resolver: 'cloudflare' });
  });

  it('reports record TTLs and owner names', async () => {
    const answer = expectAnswer(await presetResolver().query('short-ttl.example.test', 'TXT'));
    expect(answer.records).toEqual([
      { type: 'TXT', name: 'short-ttl.example.test', ttl: 30, text: 'v=STSv1; id=short' },
    ]);
  });

  it('normalises the asked name (case, trailing dot) before asking', async () => {
    const answer = expectAnswer(await presetResolver().query('_MTA-STS.Example.Test.', 'TXT'));
    expect(answer.name).toBe('_mta-sts.example.test');
    expect(answer.records).toHaveLength(1);
    expect(presets.servers[0]?.requests[0]?.name).toBe('_mta-sts.example.test');
  });

  it.each([
    ['NXDOMAIN for a name that does not exist', 'missing.example.test', 'TXT', 'NXDOMAIN'],
    ['NOERROR with no records for a name without that type', 'example.test', 'TXT', 'NOERROR'],
  ] as const)('returns %s as a valid answer', async (_title, name, type, rcode) => {
    const answer = expectAnswer(await presetResolver().query(name, type));
    expect(answer.rcode).toBe(rcode);
    expect(answer.records).toEqual([]);
  });
});

describe('following CNAMEs inside the answer', () => {
  it('follows a chain of CNAMEs to the records of the asked type', async () => {
    const answer = expectAnswer(await presetResolver().query('alias.example.test', 'TXT'));
    expect(answer.cnames).toEqual(['hop.example.test', '_mta-sts.example.test']);
    expect(answer.records).toEqual([
      { type: 'TXT', name: '_mta-sts.example.test', ttl: 300, text: 'v=STSv1; id=20240101' },
    ]);
  });

  it('reports NXDOMAIN with the CNAME followed when the target does not exist', async () => {
    const answer = expectAnswer(await presetResolver().query('dangling.example.test', 'TXT'));
    expect(answer).toMatchObject({ rcode: 'NXDOMAIN', cnames: ['nowhere.example.test'], records: [] });
  });

  it('stops at a CNAME loop without records', async () => {
    const answer = expectAnswer(await presetResolver().query('loop-a.example.test', 'TXT'));
    expect(answer.records).toEqual([]);
    expect(answer.cnames).toEqual(['loop-b.example.test', 'loop-a.example.test']);
  });
});

describe('the query on the wire (RFC 8484 §4.1, RFC 6840 §5.7)', () => {
  it('sends a GET with id 0, RD and AD set, EDNS0 with a 4096 buffer and DO unset, accepting dns-message', async () => {
    await presetResolver().query('example.test', 'MX');
    expect(presets.servers[0]?.requests).toEqual([
      {
        name: 'example.test',
        type: 'MX',
        at: expect.any(Number),
        method: 'GET',
        id: 0,
        rd: true,
        ad: true,
        cd: false,
        edns: { udpPayloadSize: 4096, do: false },
        accept: 'application/dns-message',
      },
    ]);
  });

  it.each([
    [new Uint8Array([]), ''],
    [new Uint8Array([0xfb]), '-w'],
    [new Uint8Array([0xff, 0xef]), '_-8'],
    [new Uint8Array([1, 2, 3]), 'AQID'],
    [new Uint8Array([0, 0, 1, 0, 0]), 'AAABAAA'],
  ])('encodes %j as base64url without padding (%s)', (bytes, text) => {
    expect(encodeBase64Url(bytes)).toBe(text);
    expect(encodeBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    expect(decodeBase64Url(text)).toEqual(bytes);
  });
});

describe('DNSSEC (AD flag)', () => {
  it.each([
    ['reports AD for a name the resolver validated', '_mta-sts.example.test', true],
    ['reports no AD for an unsigned name', 'multi.example.test', false],
    ['reports AD when every name in the CNAME chain is validated', 'alias.example.test', true],
    [
      'reports no AD when the CNAME chain passes through an unsigned name',
      'unsigned-alias.example.test',
      false,
    ],
  ])('%s', async (_title, name, ad) => {
    expect(expectAnswer(await presetResolver().query(name, 'TXT')).ad).toBe(ad);
  });
});

describe('preset fallback', () => {
  it('asks no other provider when the user did not allow the fallback', async () => {
    presets.servers[0]?.setBehaviour({ fault: 'http-500' });
    const result = await presetResolver({}, 'cloudflare', false).query('_mta-sts.example.test', 'TXT');
    expect(expectFailure(result)).toMatch(
      /^Our DNS lookup of TXT _mta-sts\.example\.test failed: the DNS-over-HTTPS resolver cloudflare/,
    );
    expect(requestCounts()).toEqual([1, 0, 0]);
  });

  it.each(['servfail', 'refused', 'nxdomain'] as const)(
    'treats a %s answer as final and does not ask the next preset',
    async (fault) => {
      presets.servers[0]?.setBehaviour({ fault });
      const answer = expectAnswer(await presetResolver().query('_mta-sts.example.test', 'TXT'));
      expect(answer.rcode).toBe(fault.toUpperCase());
      expect(answer.resolver).toBe('cloudflare');
      expect(requestCounts()).toEqual([1, 0, 0]);
    },
  );

  it.each<[DohFault, RegExp]>([
    ['http-500', /HTTP status 500/],
    ['garbage', /not a valid DNS message/],
    ['truncated', /not a valid DNS message/],
    ['wrong-question', /did not match the question/],
    ['wrong-id', /did not match the question/],
    ['tc', /truncated answer \(TC flag set\)/],
    ['wrong-content-type', /content type "text\/html"/],
    ['redirect', /redirect/],
    ['reset', /could not be reached/],
    ['timeout', /did not answer within 200 ms/],
  ])('moves on to the next preset when the first one fails with %s', async (fault, reason) => {
    presets.servers[0]?.setBehaviour({ fault });
    const result = await presetResolver({ timeoutMs: 200 }).query('_mta-sts.example.test', 'TXT');
    expect(expectAnswer(result)).toMatchObject({ resolver: 'google', rcode: 'NOERROR' });
    expect(requestCounts()).toEqual([1, 1, 0]);

    // The same fault on every preset shows why each one failed.
    for (const server of presets.servers) server.setBehaviour({ fault });
    const error = expectFailure(await presetResolver({ timeoutMs: 200 }).query('example.test', 'A'));
    expect(error).toMatch(reason);
    expect(error).toMatch(
      /^Our DNS lookup of A example\.test failed on all 3 DNS-over-HTTPS resolvers: cloudflare/,
    );
  });

  it('moves on when the first preset refuses connections', async () => {
    const refusing = await getRefusingUrl();
    const resolver = presetResolver({ presetUrls: presetUrls([refusing, ...presets.urls.slice(1)]) });
    const answer = expectAnswer(await resolver.query('_mta-sts.example.test', 'TXT'));
    expect(answer.resolver).toBe('google');
    expect(requestCounts()).toEqual([0, 1, 0]);
  });

  it('starts with the chosen preset and wraps around in the usual order', async () => {
    presets.servers[2]?.setBehaviour({ fault: 'http-500' });
    const resolver = presetResolver({}, 'quad9');
    expect(resolver.label).toBe('quad9');
    const answer = expectAnswer(await resolver.query('_mta-sts.example.test', 'TXT'));
    expect(answer.resolver).toBe('cloudflare');
    expect(requestCounts()).toEqual([1, 0, 1]);
  });

  it('reports a failure naming the configured preset when every preset fails', async () => {
    for (const server of presets.servers) server.setBehaviour({ fault: 'http-500' });
    const result = await presetResolver({}, 'google').query('example.test', 'MX');
    expect(result).toMatchObject({ ok: false, resolver: 'google' });
    const error = expectFailure(result);
    expect(error).toContain(`google (${presets.urls[1]}) answered with HTTP status 500`);
    expect(error).toContain(`quad9 (${presets.urls[2]}) answered with HTTP status 500`);
    expect(error).toContain(`cloudflare (${presets.urls[0]}) answered with HTTP status 500`);
  });
});

describe('custom resolver URL', () => {
  it('answers over https from the given server, labelled with its URL', async () => {
    const resolver = customResolver();
    expect(resolver.label).toBe(customUrl);
    const answer = expectAnswer(await resolver.query('_mta-sts.example.test', 'TXT'));
    expect(answer.resolver).toBe(customUrl);
    expect(answer.records.map((r) => (r.type === 'TXT' ? r.text : ''))).toEqual(['v=STSv1; id=20240101']);
    expect(custom.requests).toHaveLength(1);
  });

  it('uses only that server: a failure does not fall back to the presets', async () => {
    custom.setBehaviour({ fault: 'http-500' });
    const result = await customResolver({ presetUrls: presetUrls() }).query('_mta-sts.example.test', 'TXT');
    expect(expectFailure(result)).toBe(
      `Our DNS lookup of TXT _mta-sts.example.test failed: the DNS-over-HTTPS resolver ${customUrl} answered with HTTP status 500 instead of 200.`,
    );
    expect(result).toMatchObject({ resolver: customUrl });
    expect(requestCounts()).toEqual([0, 0, 0]);
  });

  it.each([
    ['an http: URL', () => presets.urls[0] ?? '', /uses http: but only https:\/\/ addresses are accepted/],
    ['a non-HTTP URL', () => 'ftp://127.0.0.1/dns-query', /uses ftp: but only https:\/\//],
    ['text that is not a URL', () => 'dns.example', /is not a valid URL/],
    ['a URL with credentials', () => 'https://user:pw@doh.test/dns-query', /user name or password/],
  ])('rejects %s without sending anything', async (_title, url, reason) => {
    const result = await customResolver({}, url()).query('_mta-sts.example.test', 'TXT');
    expect(expectFailure(result)).toMatch(/^Our DNS lookup of TXT _mta-sts\.example\.test was not sent: /);
    expect(expectFailure(result)).toMatch(reason);
    expect(requestCounts()).toEqual([0, 0, 0]);
    expect(custom.requests).toHaveLength(0);
  });

  it('fails when the server certificate is not trusted', async () => {
    const result = await createResolver({ kind: 'custom', url: customUrl }, { timeoutMs: 2000 }).query(
      'example.test',
      'A',
    );
    expect(expectFailure(result)).toMatch(/could not be reached/);
  });
});

describe('limits', () => {
  it('gives up after the timeout and says so', async () => {
    custom.setBehaviour({ fault: 'timeout' });
    const error = expectFailure(await customResolver({ timeoutMs: 200 }).query('example.test', 'MX'));
    expect(error).toBe(
      `Our DNS lookup of MX example.test failed: the DNS-over-HTTPS resolver ${customUrl} did not answer within 200 ms.`,
    );
  });

  it('gives up on a server that answers after the timeout', async () => {
    custom.setBehaviour({ latencyMs: 1000 });
    const error = expectFailure(await customResolver({ timeoutMs: 200 }).query('example.test', 'MX'));
    expect(error).toMatch(/did not answer within 200 ms/);
  });

  it.each([
    ['with a content-length', false],
    ['streamed without a content-length', true],
  ])('rejects an answer larger than maxResponseBytes (%s)', async (_title, chunked) => {
    custom.setBehaviour({ chunked });
    const resolver = customResolver({ maxResponseBytes: 1000 });
    expect(expectFailure(await resolver.query('big.example.test', 'TXT'))).toMatch(
      /sent an answer larger than 1000 bytes/,
    );
    // The same answer fits under the default cap.
    expect(expectAnswer(await customResolver().query('big.example.test', 'TXT')).records).toHaveLength(6);
  });

  it('returns "cancelled" when the caller aborts', async () => {
    custom.setBehaviour({ latencyMs: 1000 });
    const controller = new AbortController();
    const pending = customResolver().query('example.test', 'A', { signal: controller.signal });
    controller.abort();
    expect(expectFailure(await pending)).toBe(
      'Our DNS lookup of A example.test was cancelled before it finished.',
    );
  });

  it.each([
    ['an empty name', ''],
    ['a label longer than 63 characters', `${'a'.repeat(64)}.example.test`],
    ['a name longer than 253 characters', `${'abcdefghi.'.repeat(26)}test`],
    ['a non-ASCII name', 'bücher.example'],
    ['a name with a space', 'exa mple.test'],
    ['an empty label', 'example..test'],
  ])('refuses to send %s', async (_title, name) => {
    const error = expectFailure(await presetResolver().query(name, 'TXT'));
    expect(error).toMatch(/^Our DNS lookup was not sent: /);
    expect(requestCounts()).toEqual([0, 0, 0]);
  });

  it.each([
    ['accepts', 61, true],
    ['rejects', 62, false],
  ])('%s a name whose last label makes it %i + 192 characters long', (_verb, lastLabel, ok) => {
    const name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(lastLabel)}`;
    expect(name).toHaveLength(192 + lastLabel);
    expect(parseQueryName(name).ok).toBe(ok);
  });
});

describe('cache', () => {
  function clock(start = 1_000_000) {
    let time = start;
    return { now: () => time, advance: (seconds: number) => (time += seconds * 1000) };
  }

  it('answers a repeated query from the cache and asks again once the TTL has passed', async () => {
    const time = clock();
    const resolver = presetResolver({ now: time.now });
    await resolver.query('short-ttl.example.test', 'TXT');
    time.advance(29);
    const cached = expectAnswer(await resolver.query('short-ttl.example.test', 'TXT'));
    expect(requestCounts()).toEqual([1, 0, 0]);
    expect(cached.records[0]?.ttl).toBe(1);
    time.advance(1);
    await resolver.query('short-ttl.example.test', 'TXT');
    expect(requestCounts()).toEqual([2, 0, 0]);
  });

  it('uses the smallest TTL along a CNAME chain', async () => {
    const zone: Zone = { 'a.test': { ttl: 10, CNAME: 'b.test' }, 'b.test': { ttl: 500, A: ['192.0.2.1'] } };
    const server = await startDohServer({ zone });
    try {
      const time = clock();
      const viaPreset = createResolver(
        { kind: 'preset', preset: 'google' },
        { now: time.now, presetUrls: { google: server.url } },
      );
      await viaPreset.query('a.test', 'A');
      time.advance(11);
      await viaPreset.query('a.test', 'A');
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['NXDOMAIN for the SOA minimum', 'missing.example.test', 120],
    ['an empty NOERROR for the SOA minimum', 'example.test', 120],
    ['a negative answer without SOA for 60 s', 'nothing.invalid', 60],
  ])('caches %s', async (_title, name, seconds) => {
    const time = clock();
    const resolver = presetResolver({ now: time.now });
    await resolver.query(name, 'TXT');
    time.advance(seconds - 1);
    await resolver.query(name, 'TXT');
    expect(requestCounts()).toEqual([1, 0, 0]);
    time.advance(1);
    await resolver.query(name, 'TXT');
    expect(requestCounts()).toEqual([2, 0, 0]);
  });

  it.each(['servfail', 'refused'] as const)('does not cache a %s answer', async (fault) => {
    presets.servers[0]?.setBehaviour({ fault });
    const resolver = presetResolver();
    await resolver.query('example.test', 'A');
    await resolver.query('example.test', 'A');
    expect(requestCounts()).toEqual([2, 0, 0]);
  });

  it('does not cache transport failures', async () => {
    for (const server of presets.servers) server.setBehaviour({ fault: 'http-500' });
    const resolver = presetResolver();
    await resolver.query('example.test', 'A');
    await resolver.query('example.test', 'A');
    expect(requestCounts()).toEqual([2, 2, 2]);
  });

  it('is shared by resolvers given the same cache, and keyed by resolver, name and type', async () => {
    const cache = createDnsCache();
    await presetResolver({ cache }).query('example.test', 'A');
    await presetResolver({ cache }).query('example.test', 'A');
    expect(requestCounts()).toEqual([1, 0, 0]);
    await presetResolver({ cache }).query('example.test', 'AAAA');
    await presetResolver({ cache }).query('www.example.test', 'A');
    expect(requestCounts()).toEqual([3, 0, 0]);
    await presetResolver({ cache }, 'google').query('example.test', 'A');
    expect(requestCounts()).toEqual([3, 1, 0]);
    expect(cache.size).toBe(4);
  });

  it('returns a copy: changing an answer does not change the cached one', async () => {
    const resolver = presetResolver();
    expectAnswer(await resolver.query('multi.example.test', 'TXT')).records.length = 0;
    expect(expectAnswer(await resolver.query('multi.example.test', 'TXT')).records).toHaveLength(2);
  });
});

describe('in-flight deduplication', () => {
  it('sends one request for concurrent identical queries', async () => {
    presets.servers[0]?.setBehaviour({ latencyMs: 100 });
    const resolver = presetResolver();
    const results = await Promise.all([
      resolver.query('example.test', 'MX'),
      resolver.query('example.test', 'MX'),
      resolver.query('EXAMPLE.test.', 'MX'),
      resolver.query('example.test', 'A'),
    ]);
    expect(results.map((result) => result.ok)).toEqual([true, true, true, true]);
    expect(dataOf(results[0] as DnsResult)).toEqual(dataOf(results[2] as DnsResult));
    expect(presets.servers[0]?.requests.map((request) => request.type)).toEqual(['MX', 'A']);
  });

  it('keeps the shared request going for the others when one caller aborts', async () => {
    presets.servers[0]?.setBehaviour({ latencyMs: 100 });
    const resolver = presetResolver();
    const controller = new AbortController();
    const first = resolver.query('example.test', 'MX', { signal: controller.signal });
    const second = resolver.query('example.test', 'MX');
    controller.abort();
    expect(expectFailure(await first)).toMatch(/cancelled/);
    expect(expectAnswer(await second).records).toHaveLength(2);
    expect(requestCounts()).toEqual([1, 0, 0]);
  });
});

describe('parseDnsResponse on crafted messages', () => {
  const question = { type: 'TXT' as const, name: 'example.test', class: 'IN' as const };
  const encode = (packet: dnsPacket.Packet) => dnsPacket.encode({ questions: [question], ...packet });

  it.each<[string, Uint8Array, RegExp]>([
    ['an empty body', new Uint8Array(0), /the body was empty/],
    ['a header alone, cut short', new Uint8Array(8), /ends in the middle/],
    ['our own query echoed back', createQueryMessage('example.test', 'TXT'), /it is a query, not a response/],
    [
      'a response to two questions',
      dnsPacket.encode({ type: 'response', questions: [question, question] }),
      /2 questions/,
    ],
    ['a response without question', dnsPacket.encode({ type: 'response', questions: [] }), /no question/],
    [
      'a response about another class',
      dnsPacket.encode({ type: 'response', questions: [{ ...question, class: 'CH' }] }),
      /class 3, not IN/,
    ],
    [
      'a response about another type',
      dnsPacket.encode({ type: 'response', questions: [{ ...question, type: 'A' }] }),
      /record type 1/,
    ],
    [
      'an A record whose data is not 4 bytes',
      (() => {
        const bytes = dnsPacket.encode({
          type: 'response',
          questions: [{ ...question, type: 'A' }],
          answers: [{ type: 'A', name: 'example.test', data: '192.0.2.1' }],
        });
        bytes[bytes.length - 5] = 3; // RDLENGTH 4 → 3, and drop the last address byte to match
        return bytes.subarray(0, bytes.length - 1);
      })(),
      /contains a malformed A record/,
    ],
  ])('rejects %s', (_title, bytes, reason) => {
    const asked = _title.includes('A record') ? 'A' : 'TXT';
    const parsed = parseDnsResponse(bytes, 'example.test', asked);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(reason);
  });

  it('combines the OPT record extended rcode with the header rcode (RFC 6891 §6.1.3)', () => {
    const opt = { type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 1, flags: 0, options: [] };
    const bytes = encode({ type: 'response', additionals: [opt as unknown as dnsPacket.Answer] });
    expect(parseDnsResponse(bytes, 'example.test', 'TXT')).toMatchObject({ ok: true, rcode: 'BADVERS' });
  });

  it(`follows at most ${MAX_CNAME_CHAIN} CNAMEs`, () => {
    const chain = (length: number) =>
      Array.from({ length }, (_, i) => ({
        type: 'CNAME' as const,
        name: i === 0 ? 'example.test' : `c${i}.test`,
        data: `c${i + 1}.test`,
      }));
    const withTarget = (length: number) =>
      encode({
        type: 'response',
        answers: [...chain(length), { type: 'TXT', name: `c${length}.test`, data: 'end' }],
      });
    const within = parseDnsResponse(withTarget(MAX_CNAME_CHAIN), 'example.test', 'TXT');
    expect(within).toMatchObject({ ok: true, records: [{ text: 'end' }] });
    const beyond = parseDnsResponse(withTarget(MAX_CNAME_CHAIN + 1), 'example.test', 'TXT');
    expect(beyond).toMatchObject({ ok: true, records: [] });
  });

  it('ignores records of the asked type owned by a name outside the CNAME chain', () => {
    const bytes = encode({
      type: 'response',
      answers: [{ type: 'TXT', name: 'attacker.test', data: 'v=STSv1; id=evil' }],
    });
    expect(parseDnsResponse(bytes, 'example.test', 'TXT')).toMatchObject({ ok: true, records: [] });
  });

  it('takes the negative TTL as the smaller of the SOA TTL and its minimum (RFC 2308 §5)', () => {
    const soa = (ttl: number, minimum: number) =>
      encode({
        type: 'response',
        authorities: [
          { type: 'SOA', name: 'test', ttl, data: { mname: 'ns.test', rname: 'h.test', minimum } },
        ],
      });
    expect(parseDnsResponse(soa(30, 900), 'example.test', 'TXT')).toMatchObject({ negativeTtl: 30 });
    expect(parseDnsResponse(soa(900, 45), 'example.test', 'TXT')).toMatchObject({ negativeTtl: 45 });
  });
});

describe('settings', () => {
  it.each<[string, ResolverSetting]>([
    ['an unknown preset', { kind: 'preset', preset: 'opendns' as 'google' }],
    ['an unknown kind', { kind: 'other' } as unknown as ResolverSetting],
  ])('fails every query, without throwing, for %s', async (_title, setting) => {
    const resolver = createResolver(setting, { presetUrls: presetUrls() });
    expect(expectFailure(await resolver.query('example.test', 'A'))).toMatch(
      /not a known preset or a custom URL/,
    );
    expect(requestCounts()).toEqual([0, 0, 0]);
  });
});

describe('zone helpers', () => {
  it('splits a long TXT value into 255-byte strings', () => {
    const parts = splitTxt('x'.repeat(600));
    expect(parts.map((part) => part.length)).toEqual([255, 255, 90]);
  });
});
