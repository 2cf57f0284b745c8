// The check's step readers, fed plain in-memory DNS results: each rule in milliseconds, no servers.
import { describe, expect, it } from 'vitest';
import { readDane, readDnssec } from '../../lib/check/read-dnssec';
import { readMx } from '../../lib/check/read-mx';
import { type PolicyInputs, readPolicy } from '../../lib/check/read-policy';
import { readRecord } from '../../lib/check/read-record';
import { readTlsRpt } from '../../lib/check/read-tlsrpt';
import type { FetchPolicyResult } from '../../lib/mta-sts/fetch-policy';
import type { StsPolicy } from '../../lib/mta-sts/types';
import type { Finding, PolicyFetchEvidence } from '../../lib/report/types';
import { answer, failed, mx, rcode, txt } from '../support/lookups';

const codes = (findings: readonly Finding[]) => findings.map((f) => `${f.code}:${f.severity}`);
const D = 'example.com';

describe('readRecord', () => {
  it.each([
    ['a valid record', txt(`_mta-sts.${D}`, 'v=STSv1; id=20240101'), ['record.valid:info'], 'id', false],
    ['no TXT at all', txt(`_mta-sts.${D}`), ['record.missing:warning'], null, true],
    ['NXDOMAIN', rcode(`_mta-sts.${D}`, 'TXT', 'NXDOMAIN'), ['record.missing:warning'], null, true],
    ['only unrelated TXT', txt(`_mta-sts.${D}`, 'hello'), ['record.missing:warning'], null, true],
    [
      'two records',
      txt(`_mta-sts.${D}`, 'v=STSv1; id=1', 'v=STSv1; id=2'),
      ['record.multiple:error'],
      null,
      false,
    ],
    ['SERVFAIL', rcode(`_mta-sts.${D}`, 'TXT', 'SERVFAIL'), ['dns.failed:error'], null, false],
    ['a failed lookup', failed(`_mta-sts.${D}`, 'TXT'), ['dns.failed:error'], null, false],
  ])('%s', (_, lookup, expected, record, missing) => {
    const reading = readRecord(D, lookup);
    expect(codes(reading.findings)).toEqual(expected);
    expect(reading.record ? 'id' : null).toBe(record);
    expect(reading.missing).toBe(missing);
  });
});

function fetched(
  outcome: PolicyFetchEvidence['outcome'],
  body: string | null,
  findings: Finding[] = [],
): FetchPolicyResult {
  return {
    body,
    findings,
    evidence: {
      url: `https://mta-sts.${D}/.well-known/mta-sts.txt`,
      outcome,
      status: outcome === 'ok' ? 200 : null,
      contentType: 'text/plain',
      bytes: body?.length ?? 0,
      elapsedMs: 10,
      location: null,
      body,
      error: outcome === 'network' ? 'TypeError: fetch failed' : null,
    } as PolicyFetchEvidence,
  };
}

const GOOD = 'version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 1209600\n';
const hostResolves = {
  hostA: answer(`mta-sts.${D}`, 'A', [{ type: 'A', address: '192.0.2.1' }]),
  hostAAAA: txt('x'),
};
const hostMissing = {
  hostA: rcode(`mta-sts.${D}`, 'A', 'NXDOMAIN'),
  hostAAAA: rcode(`mta-sts.${D}`, 'AAAA', 'NXDOMAIN'),
};
const hostUnknown = { hostA: failed(`mta-sts.${D}`, 'A'), hostAAAA: failed(`mta-sts.${D}`, 'AAAA') };
const withRecord = { present: true, missing: false };
const noRecord = { present: false, missing: true };

describe('readPolicy', () => {
  it.each<[string, PolicyInputs, typeof withRecord, string[], boolean]>([
    [
      'a good policy',
      { fetched: fetched('ok', GOOD), ...hostResolves },
      withRecord,
      ['policy.mode.enforce:info'],
      true,
    ],
    [
      'TLS fails on a host that resolves',
      { fetched: fetched('network', null), ...hostResolves },
      withRecord,
      ['policy.fetch.failed:error'],
      false,
    ],
    [
      'no policy host',
      { fetched: fetched('network', null), ...hostMissing },
      withRecord,
      ['policy.host.nxdomain:error'],
      false,
    ],
    [
      'fetch and our own host lookup both failed',
      { fetched: fetched('network', null), ...hostUnknown },
      withRecord,
      ['dns.failed:error', 'policy.fetch.failed:error'],
      false,
    ],
    [
      'no record and no policy host: information only',
      { fetched: fetched('network', null), ...hostMissing },
      noRecord,
      ['policy.host.nxdomain:info'],
      false,
    ],
    [
      'a policy without a record is an orphan',
      { fetched: fetched('ok', GOOD), ...hostResolves },
      noRecord,
      ['policy.orphan:warning', 'policy.mode.enforce:info'],
      true,
    ],
    [
      'an invalid policy',
      { fetched: fetched('ok', 'hello'), ...hostResolves },
      withRecord,
      ['policy.invalid:error'],
      false,
    ],
  ])('%s', (_, inputs, record, expected, hasPolicy) => {
    const reading = readPolicy(D, inputs, record);
    expect(codes(reading.findings).filter((c) => !c.startsWith('policy.fetched'))).toEqual(
      expect.arrayContaining(expected),
    );
    expect(codes(reading.findings).filter((c) => expected.includes(c))).toEqual(expected);
    expect(reading.policy !== null).toBe(hasPolicy);
  });
});

const policy = (mode: StsPolicy['mode'], ...patterns: string[]): StsPolicy => ({
  version: 'STSv1',
  mode,
  mx: patterns,
  maxAge: 1209600,
});

describe('readMx', () => {
  it.each<[string, ReturnType<typeof mx>, StsPolicy | null, boolean, string[], Array<boolean | null>]>([
    [
      'all covered',
      mx(D, [10, 'mx1.example.com'], [20, 'mx2.example.com']),
      policy('enforce', '*.example.com'),
      true,
      ['mx.covered:info'],
      [true, true],
    ],
    [
      'one uncovered in enforce',
      mx(D, [10, 'mx1.example.com'], [20, 'backup.other.net']),
      policy('enforce', '*.example.com'),
      true,
      ['mx.uncovered:error'],
      [true, false],
    ],
    [
      'one uncovered in testing',
      mx(D, [10, 'backup.other.net']),
      policy('testing', '*.example.com'),
      true,
      ['mx.uncovered:warning'],
      [false],
    ],
    [
      'mode none says nothing about coverage',
      mx(D, [10, 'backup.other.net']),
      policy('none', '*.example.com'),
      true,
      [],
      [null],
    ],
    ['no policy', mx(D, [10, 'mx1.example.com']), null, false, [], [null]],
    ['no MX', mx(D), null, false, ['mx.none:warning'], []],
    ['null MX', mx(D, [0, '.']), null, false, ['mx.null:info'], []],
    ['NXDOMAIN', rcode(D, 'MX', 'NXDOMAIN'), null, false, ['domain.nxdomain:warning'], []],
    [
      'failed lookup with a record',
      failed(D, 'MX'),
      policy('enforce', '*.example.com'),
      true,
      ['dns.failed:error'],
      [],
    ],
    ['failed lookup without a record', failed(D, 'MX'), null, false, ['dns.incomplete:info'], []],
  ])('%s', (_, lookup, p, recordPresent, expected, covered) => {
    const reading = readMx(D, lookup, p, recordPresent);
    expect(codes(reading.findings)).toEqual(expected);
    expect(reading.hosts.map((h) => h.covered)).toEqual(covered);
  });

  it('orders hosts by preference, then name', () => {
    const reading = readMx(
      D,
      mx(D, [20, 'b.example.com'], [10, 'z.example.com'], [20, 'a.example.com']),
      null,
      false,
    );
    expect(reading.hosts.map((h) => h.host)).toEqual(['z.example.com', 'a.example.com', 'b.example.com']);
  });
});

describe('readTlsRpt', () => {
  it.each([
    [
      'a valid record',
      txt(`_smtp._tls.${D}`, 'v=TLSRPTv1; rua=mailto:tlsrpt@example.com'),
      ['tlsrpt.valid:info'],
    ],
    ['none', txt(`_smtp._tls.${D}`), ['tlsrpt.missing:info']],
    ['a failed lookup never downgrades', failed(`_smtp._tls.${D}`, 'TXT'), ['dns.incomplete:info']],
  ])('%s', (_, lookup, expected) => {
    expect(codes(readTlsRpt(D, lookup).findings)).toEqual(expected);
  });
});

describe('readDnssec and readDane', () => {
  it.each([
    [
      'both signed',
      [answer('a', 'TXT', [], { ad: true }), answer('b', 'MX', [], { ad: true })],
      ['dnssec.signed:info'],
    ],
    ['one unsigned', [answer('a', 'TXT', [], { ad: true }), answer('b', 'MX', [])], ['dnssec.unsigned:info']],
    ['no conclusive lookup', [failed('a', 'TXT'), failed('b', 'MX')], []],
  ])('DNSSEC: %s', (_, lookups, expected) => {
    expect(codes(readDnssec(lookups))).toEqual(expected);
  });

  const host = (name: string) => ({
    host: name,
    preference: 10,
    covered: null,
    matchedBy: null,
    dane: null,
    daneAuthenticated: null,
  });
  const tlsa = (name: string, ad = true) =>
    answer(name, 'TLSA', [{ type: 'TLSA', usage: 3, selector: 1, matchingType: 1, data: 'ab' }], { ad });

  it.each([
    [
      'TLSA for one host',
      [host('mx1'), host('mx2')],
      [tlsa('_25._tcp.mx1'), txt('_25._tcp.mx2')],
      ['dane.present:info'],
      [true, false],
    ],
    ['no TLSA', [host('mx1')], [txt('_25._tcp.mx1')], ['dane.absent:info'], [false]],
    [
      'a failed TLSA lookup is unknown',
      [host('mx1')],
      [failed('_25._tcp.mx1', 'TLSA')],
      ['dane.absent:info'],
      [null],
    ],
    ['no hosts', [], [], [], []],
  ])('DANE: %s', (_, hosts, lookups, expected, dane) => {
    const reading = readDane(hosts, lookups, false);
    expect(codes(reading.findings)).toEqual(expected);
    expect(reading.hosts.map((h) => h.dane)).toEqual(dane);
  });
});
