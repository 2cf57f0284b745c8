// A hostile domain stays bounded: at most MAX_MX_HOSTS MX hosts examined (and said so), TLSA lookups a few at
// a time, policy patterns compiled once, suggestions linear, quoted network text cut with "(N more bytes)".
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDomain, TLSA_CONCURRENCY } from '../../lib/check/check-domain';
import { MAX_MX_HOSTS } from '../../lib/check/lookup';
import { readMx } from '../../lib/check/read-mx';
import { suggestFix } from '../../lib/fixes';
import { createMxMatcher, mxMatches } from '../../lib/mta-sts/mx-match';
import type { StsPolicy } from '../../lib/mta-sts/types';
import { mx } from '../support/lookups';
import { createBigMxScenario, startWorld, type World } from '../support/world';

const D = 'big.test';
const hosts = (n: number) => Array.from({ length: n }, (_, i) => `mx${String(i).padStart(4, '0')}.${D}`);
const patterns = (n: number) => Array.from({ length: n }, (_, i) => `p${String(i).padStart(4, '0')}.${D}`);
const policy = (mx: string[], mode: StsPolicy['mode'] = 'enforce'): StsPolicy => ({
  version: 'STSv1',
  mode,
  mx,
  maxAge: 86400,
});

describe('createMxMatcher', () => {
  it.each([
    ['an exact name', ['mx.example.com'], 'mx.example.com', 'mx.example.com'],
    ['case and a root dot', ['MX.Example.com.'], 'mx.example.com', 'MX.Example.com.'],
    ['a one-label wildcard', ['*.example.com'], 'mail.example.com', '*.example.com'],
    ['never two labels under a wildcard', ['*.example.com'], 'a.b.example.com', null],
    ['never the wildcard parent itself', ['*.example.com'], 'example.com', null],
    [
      'the first pattern as written wins',
      ['*.example.com', 'mx.example.com'],
      'mx.example.com',
      '*.example.com',
    ],
    ['an IDN in U-label form', ['*.bücher.example'], 'mx.xn--bcher-kva.example', '*.bücher.example'],
    ['no patterns', [], 'mx.example.com', null],
  ])('%s', (_name, list, host, expected) => {
    expect(createMxMatcher(list).match(host)).toBe(expected);
  });

  it('agrees with matching each pattern in turn (RFC 8461 §4.1), for any patterns and host', () => {
    const label = fc.constantFrom('a', 'b', 'mx', 'MX', '*', 'xn--bcher-kva', 'bücher', '');
    const name = fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join('.'));
    fc.assert(
      fc.property(fc.array(name, { maxLength: 8 }), name, (list, host) => {
        const naive = list.find((p) => mxMatches(p, host)) ?? null;
        expect(createMxMatcher(list).match(host)).toBe(naive);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('readMx against a hostile MX answer', () => {
  const many = mx(D, ...hosts(1200).map((h, i): [number, string] => [10 + (i % 7), h]));

  it(`examines the first ${MAX_MX_HOSTS} hosts by preference and says what was cut`, () => {
    const reading = readMx(D, many, policy(patterns(2400)), true);
    expect(reading.hosts).toHaveLength(MAX_MX_HOSTS);
    expect(reading.hosts.every((h) => h.preference === 10)).toBe(true);
    const cut = reading.findings.find((f) => f.code === 'mx.truncated');
    expect(cut?.message).toContain('lists 1200 MX hosts');
    expect(cut?.message).toContain(`first ${MAX_MX_HOSTS}`);
  });

  it('quotes at most a few patterns and hosts in the uncovered message', () => {
    const reading = readMx(D, many, policy(patterns(2400)), true);
    const uncovered = reading.findings.find((f) => f.code === 'mx.uncovered');
    expect(uncovered?.message).toContain('and 2390 more');
    expect(uncovered?.message).toContain(`and ${MAX_MX_HOSTS - 10} more`);
    expect(uncovered?.message.length).toBeLessThan(2000);
  });

  it('cuts one very long quoted name with the number of bytes left out', () => {
    const long = `${'a'.repeat(300)}.${D}`;
    const reading = readMx(D, mx(D, [10, long]), policy(['mx.other.test']), true);
    expect(reading.findings.find((f) => f.code === 'mx.uncovered')?.message).toMatch(/… \(\d+ more bytes\)/);
  });

  it('says nothing is cut for a normal domain', () => {
    const reading = readMx(D, mx(D, [10, `mx1.${D}`], [20, `mx2.${D}`]), policy([`*.${D}`]), true);
    expect(reading.findings.map((f) => f.code)).toEqual(['mx.covered']);
  });
});

describe('suggestions for a hostile report', () => {
  it('keeps every valid pattern once and adds only the uncovered examined hosts', () => {
    const reading = readMx(D, mx(D, ...hosts(60).map((h): [number, string] => [10, h])), policy([]), true);
    const finding = { code: 'mx.uncovered' as const, severity: 'error' as const, message: '' };
    const report = {
      domain: D,
      checkedAt: '2026-03-14T09:30:05.000Z',
      status: 'ERROR' as const,
      summary: '',
      findings: [finding],
      risks: [],
      timings: {},
      resolver: 'test',
      evidence: {
        stsTxt: null,
        stsRecord: null,
        tlsRptTxt: null,
        tlsRptRecord: null,
        mx: null,
        mxHosts: reading.hosts,
        nullMx: false,
        policyHostA: null,
        policyHostAAAA: null,
        policyFetch: null,
        policy: policy([...patterns(2400), ...patterns(2400), `mx0001.${D}`]),
      },
    };
    const suggestion = suggestFix(finding, report);
    const lines = suggestion?.text.split('\n').filter((l) => l.startsWith('mx: ')) ?? [];
    expect(lines).toHaveLength(2400 + 1 + (MAX_MX_HOSTS - 1));
    expect(new Set(lines).size).toBe(lines.length);
  });
});

describe('checkDomain against a 1,200-MX / 2,400-pattern domain on local servers', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ httpsDoh: true, bulk: 0, extra: { [D]: createBigMxScenario(D, 1200, 2400) } });
  });
  afterAll(async () => {
    await world?.close();
  });

  it(`sends ${MAX_MX_HOSTS} TLSA queries, at most ${TLSA_CONCURRENCY} at a time, and reports the cut`, async () => {
    world.doh.setBehaviour({ latencyMs: 20 }, { type: 'TLSA' });
    const report = await checkDomain(D, {
      fetch: world.fetch,
      resolverSetting: { kind: 'custom', url: world.dohUrl },
    });
    const tlsa = world.doh.requests.filter((r) => r.type === 'TLSA');
    expect(tlsa).toHaveLength(MAX_MX_HOSTS);
    // Round 1 has five DNS questions; everything else in flight is TLSA.
    expect(world.doh.maxInFlight).toBeLessThanOrEqual(TLSA_CONCURRENCY + 5);
    expect(report.status).toBe('WARNING');
    expect(report.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['mx.truncated', 'mx.uncovered']),
    );
    expect(report.evidence.mxHosts).toHaveLength(MAX_MX_HOSTS);
    expect(report.evidence.policy?.mx).toHaveLength(2400);
  });
});
