import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCodeInfo } from '../../lib/catalog/index';
import { MAX_AGE_MAX } from '../../lib/mta-sts/grammar';
import { type PolicyParseResult, parseMxPattern, parsePolicy } from '../../lib/mta-sts/policy';
import type { PolicyMode, StsPolicy } from '../../lib/mta-sts/types';

/** Checks the result is exactly one of the two documented shapes, with catalogued findings. */
function expectWellFormed(result: PolicyParseResult): void {
  expect(typeof result.ok).toBe('boolean');
  expect(Array.isArray(result.findings)).toBe(true);
  for (const f of result.findings) {
    expect(typeof f.code).toBe('string');
    expect(['info', 'warning', 'error']).toContain(f.severity);
    expect(typeof f.message).toBe('string');
    expect(getCodeInfo(f.code), f.code).toBeDefined();
  }
  if (result.ok) {
    expect(Object.keys(result).sort()).toEqual(['findings', 'ok', 'policy']);
    const { policy } = result;
    expect(Object.keys(policy).sort()).toEqual(['maxAge', 'mode', 'mx', 'version']);
    expect(policy.version).toBe('STSv1');
    expect(['enforce', 'testing', 'none']).toContain(policy.mode);
    expect(Number.isInteger(policy.maxAge) && policy.maxAge >= 0 && policy.maxAge <= MAX_AGE_MAX).toBe(true);
    expect(policy.mx.every((m) => typeof m === 'string' && m === m.toLowerCase())).toBe(true);
    if (policy.mode !== 'none') expect(policy.mx.length).toBeGreaterThan(0);
    // A usable policy never carries an error, and an unusable one always says why.
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
  } else {
    expect(Object.keys(result).sort()).toEqual(['findings', 'ok']);
    expect(result.findings.filter((f) => f.code === 'policy.invalid')).toHaveLength(1);
  }
}

/** Fragments that steer random input into the parser's deeper branches. */
const policyish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'version',
        'mode',
        'mx',
        'max_age',
        ':',
        ': ',
        ' ',
        '\t',
        '\r',
        '\n',
        '\r\n',
        'STSv1',
        'enforce',
        'testing',
        'none',
        '*.',
        '.',
        'example',
        '-',
        '0',
        '31557600',
        '9999999999',
        '<html>',
        '\uFEFF',
        '\u0000',
        '\uFFFD',
        'é',
        '\uD800',
      ),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('parsePolicy: robustness', () => {
  it('never throws and returns a well-formed result for arbitrary full-Unicode strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (s) => {
        expectWellFormed(parsePolicy(s));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on grapheme strings and on policy-like fragments', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), policyish), (s) => {
        expectWellFormed(parsePolicy(s));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on binary-looking strings of about 1 MB', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 64 }),
        policyish,
        (chunk, tail) => {
          const big = chunk.repeat(Math.ceil(1_000_000 / chunk.length)) + tail;
          expectWellFormed(parsePolicy(big));
        },
      ),
      { numRuns: 5 },
    );
  });

  it('never throws on a 1 MB policy-looking body', () => {
    const lines = ['version: STSv1', 'mode: enforce', 'max_age: 86400'];
    while (lines.length * 20 < 1_000_000) lines.push(`mx: host-${lines.length}.example.com`);
    const result = parsePolicy(lines.join('\r\n'));
    expectWellFormed(result);
    expect(result.ok).toBe(true);
  });
});

// Host name labels per RFC 5321 §4.1.2 (letters, digits, inner hyphens), in mixed case; the last label of a
// name starts with a letter, as real top-level domains do.
const label = fc.stringMatching(/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,20}[a-zA-Z0-9])?$/);
const topLabel = fc.stringMatching(/^[a-zA-Z](?:[a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?$/);
const hostname = fc
  .tuple(fc.array(label, { maxLength: 4 }), topLabel)
  .map(([labels, top]) => [...labels, top].join('.'));
const mxPattern = fc.tuple(fc.boolean(), hostname).map(([wild, host]) => (wild ? `*.${host}` : host));
const wsp = fc.constantFrom('', ' ', '\t', '  ', ' \t');

const policyArb = fc
  .record({
    mode: fc.constantFrom<PolicyMode>('enforce', 'testing', 'none'),
    maxAge: fc.integer({ min: 0, max: MAX_AGE_MAX }),
    mx: fc.array(mxPattern, { maxLength: 6 }),
  })
  .filter((p) => p.mode === 'none' || p.mx.length > 0);

interface Layout {
  eol: string;
  trailing: boolean;
  afterColon: string;
  afterValue: string;
}

/** Writes a policy the way an administrator might: any field order (mx lines keep their order), any valid spacing. */
function serialize(p: Omit<StsPolicy, 'version'>, layout: Layout, order: number[]): string {
  const field = (key: string, value: string | number): string =>
    `${key}:${layout.afterColon}${value}${layout.afterValue}`;
  const singles = [field('version', 'STSv1'), field('mode', p.mode), field('max_age', p.maxAge)];
  const mxLines = p.mx.map((m) => field('mx', m));
  // `order` places the three single fields among the mx lines.
  const lines = [...mxLines];
  for (const [i, line] of singles.entries()) lines.splice(Math.min(order[i] ?? 0, lines.length), 0, line);
  return lines.join(layout.eol) + (layout.trailing ? layout.eol : '');
}

function normalise(mx: string[]): string[] {
  return [...new Set(mx.map((m) => m.toLowerCase()))];
}

describe('parsePolicy: round trip', () => {
  it('parses a serialised valid policy back to the same policy, with LF or CRLF', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.record({
          eol: fc.constantFrom('\n', '\r\n'),
          trailing: fc.boolean(),
          afterColon: wsp,
          afterValue: wsp,
        }),
        fc.array(fc.nat({ max: 8 }), { minLength: 3, maxLength: 3 }),
        (p, layout, order) => {
          const result = parsePolicy(serialize(p, layout, order));
          expect(result).toEqual({
            ok: true,
            policy: { version: 'STSv1', mode: p.mode, mx: normalise(p.mx), maxAge: p.maxAge },
            findings: expect.any(Array),
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('rejects the same policy once an extra blank line is appended', () => {
    fc.assert(
      fc.property(policyArb, fc.constantFrom('\n', '\r\n'), (p, eol) => {
        const text = serialize(p, { eol, trailing: true, afterColon: ' ', afterValue: '' }, [0, 1, 2]);
        expect(parsePolicy(text + eol).ok).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});

/** A deliberately plain restatement of `["*."] Domain` (RFC 5321 §4.1.2) to check the parser's regex against. */
function referenceIsMxPattern(value: string): boolean {
  const domain = value.startsWith('*.') ? value.slice(2) : value;
  if (domain.length === 0 || domain.length > 253) return false;
  const labels = domain.split('.');
  const ldh = labels.every((l) => l.length <= 63 && /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(l));
  return ldh && !/^[0-9]+$/.test(labels[labels.length - 1] ?? '');
}

describe('parseMxPattern: agrees with a plain reading of the grammar', () => {
  const piece = fc.constantFrom(
    'a',
    'Z',
    'x',
    '0',
    '9',
    '-',
    '.',
    '*',
    '*.',
    '_',
    'é',
    '\u212A',
    ' ',
    'a'.repeat(62),
  );
  it('accepts exactly the values the reference accepts, lower-cased, and explains every rejection', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const value = parts.join('');
        const result = parseMxPattern(value);
        expect(result.ok).toBe(referenceIsMxPattern(value));
        if (result.ok) expect(result.pattern).toBe(value.toLowerCase());
        else expect(result.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});
