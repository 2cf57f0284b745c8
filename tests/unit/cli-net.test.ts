// The command line's name lookups: once per host for the whole run, never Node's uncancellable getaddrinfo.
import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { createNameResolver, createSharedLookup, parseConnectTo } from '../../cli/net';

type Answer = { error: NodeJS.ErrnoException | null; address: unknown; family?: number };

function lookupOnce(
  lookup: ReturnType<typeof createSharedLookup>['lookup'],
  host: string,
  options: { all?: boolean; family?: number } = {},
): Promise<Answer> {
  return new Promise((resolve) => {
    lookup(host, options as never, (error, address, family) => resolve({ error, address, family }));
  });
}

const V4: LookupAddress = { address: '192.0.2.1', family: 4 };
const V6: LookupAddress = { address: '2001:db8::1', family: 6 };

describe('createSharedLookup', () => {
  it('asks once for any number of connections to one host, at once or later', async () => {
    const asked: string[] = [];
    const { lookup } = createSharedLookup(async (host) => {
      asked.push(host);
      return [V4];
    });
    const answers = await Promise.all(Array.from({ length: 50 }, () => lookupOnce(lookup, 'DoH.Example')));
    await lookupOnce(lookup, 'doh.example');
    expect(asked).toEqual(['doh.example']);
    expect(answers.every((a) => a.address === V4.address && a.family === 4)).toBe(true);
  });

  it.each([
    ['all addresses', { all: true }, [V4, V6]],
    ['the first address', {}, V4.address],
    ['IPv6 only', { family: 6 }, V6.address],
    ['IPv4 only, as a list', { family: 4, all: true }, [V4]],
  ])('answers with %s as net.connect asks', async (_case, options, expected) => {
    const { lookup } = createSharedLookup(async () => [V4, V6]);
    expect((await lookupOnce(lookup, 'a.example', options)).address).toEqual(expected);
  });

  it('fails with ENOTFOUND when the host has no address of the family asked for', async () => {
    const { lookup } = createSharedLookup(async () => [V4]);
    const answer = await lookupOnce(lookup, 'a.example', { family: 6 });
    expect(answer.error?.code).toBe('ENOTFOUND');
  });

  it('shares a failure for a while, then asks again', async () => {
    let now = 0;
    let calls = 0;
    const names = createSharedLookup(
      async () => {
        calls += 1;
        throw Object.assign(new Error('queryA ETIMEOUT a.example'), { code: 'ETIMEOUT' });
      },
      { now: () => now, failureTtlMs: 1000 },
    );
    expect((await lookupOnce(names.lookup, 'a.example')).error?.code).toBe('ETIMEOUT');
    now = 999;
    await expect(names.addresses('a.example')).rejects.toThrow('ETIMEOUT');
    expect(calls).toBe(1);
    now = 2001;
    await expect(names.addresses('a.example')).rejects.toThrow('ETIMEOUT');
    expect(calls).toBe(2);
  });
});

describe('createNameResolver', () => {
  it.each(['localhost', 'doh.localhost'])(
    'answers %s with the loopback addresses without asking DNS',
    async (host) => {
      const resolver = createNameResolver();
      expect(await resolver.resolveAll(host)).toEqual([
        { address: '127.0.0.1', family: 4 },
        { address: '::1', family: 6 },
      ]);
    },
  );
});

describe('parseConnectTo', () => {
  it.each([
    ['doh.test:443:127.0.0.1:8443', { host: 'doh.test', port: 443, address: '127.0.0.1', toPort: 8443 }],
    ['MTA-STS.A.Test:443:[::1]:9443', { host: 'mta-sts.a.test', port: 443, address: '::1', toPort: 9443 }],
    ['a.test:443', null],
    ['a.test:443:127.0.0.1', null],
    ['a.test:x:127.0.0.1:1', null],
  ])('reads %s', (text, rule) => {
    expect(parseConnectTo(text)).toEqual(rule);
  });
});
