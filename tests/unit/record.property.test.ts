import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findMatchingPattern, mxMatches } from '../../lib/mta-sts/mx-match';
import { createStsRecordFindings, parseStsRecord } from '../../lib/mta-sts/record';

const MB = 1_000_000;

/** The result is exactly one of the two documented shapes. */
function expectWellFormed(result: ReturnType<typeof parseStsRecord>): void {
  expect(typeof result.ok).toBe('boolean');
  expect(Array.isArray(result.findings)).toBe(true);
  if (result.ok) {
    expect(Object.keys(result).sort()).toEqual(['findings', 'ok', 'record']);
    expect(result.record.version).toBe('STSv1');
    expect(result.record.id).toMatch(/^[A-Za-z0-9]{1,32}$/);
    expect(result.findings[0]?.code).toBe('record.valid');
    expect(result.findings.every((f) => f.severity !== 'error')).toBe(true);
  } else {
    expect(Object.keys(result).sort()).toEqual(['findings', 'ok']);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ code: 'record.invalid', severity: 'error' });
  }
}

/** Strings that look a little like records, so the parser gets past its first checks. */
const recordish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'v=STSv1',
        'id=',
        'v=',
        '=',
        ';',
        ' ',
        '\t',
        'STSv1',
        'abc',
        'x-y',
        '_',
        '.',
        'ü',
        '\u0000',
      ),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

describe('parseStsRecord never throws and always returns one of the two shapes', () => {
  it.each([
    ['ASCII strings', fc.string()],
    ['full Unicode strings', fc.string({ unit: 'grapheme' })],
    ['binary-looking strings (any code unit, lone surrogates included)', fc.string({ unit: 'binary' })],
    ['record-like strings', recordish],
    ['record-like strings after "v=STSv1;"', recordish.map((s) => `v=STSv1;${s}`)],
  ])('for %s', (_name, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, (txt) => {
        expectWellFormed(parseStsRecord(txt));
      }),
      { numRuns: 500 },
    );
  });

  it('for 1 MB strings built from any repeated chunk', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }), (chunk) => {
        const txt = chunk.repeat(Math.ceil(MB / chunk.length));
        expectWellFormed(parseStsRecord(txt));
        expectWellFormed(parseStsRecord(`v=STSv1; id=a;${txt}`));
      }),
      { numRuns: 10 },
    );
  });

  // Inputs that would take quadratic time with a backtracking split such as /\s*;\s*/ or a trailing /\s+$/.
  it.each([
    ['spaces without ";"', `v=STSv1;${' '.repeat(MB)}x`],
    ['spaces then ";"', `v=STSv1${' '.repeat(MB)};id=a`],
    ['tabs at the end', `v=STSv1; id=a${'\t'.repeat(MB)}`],
    ['only ";"', ';'.repeat(MB)],
    ['many fields', `v=STSv1; id=a${'; a=b'.repeat(MB / 5)}`],
    ['many duplicates', `v=STSv1; id=a${'; id=b'.repeat(MB / 6)}`],
    ['a huge id', `v=STSv1; id=${'a'.repeat(MB)}`],
    ['a huge extension value', `v=STSv1; id=a; x=${'!'.repeat(MB)}`],
    ['a huge name without "="', `v=STSv1; id=a; ${'n'.repeat(MB)}`],
  ])('for a 1 MB record of %s', (_name, txt) => {
    expectWellFormed(parseStsRecord(txt));
  });

  it('keeps messages short for 1 MB records', () => {
    const results = [
      parseStsRecord(`v=STSv1; id=a${'; a=b'.repeat(MB / 5)}`),
      parseStsRecord(`v=STSv1; id=a${'; id=b; k=v'.repeat(MB / 11)}`),
      parseStsRecord(`v=STSv1; id=${'a'.repeat(MB)}`),
    ];
    for (const result of results) {
      for (const finding of result.findings) expect(finding.message.length).toBeLessThan(500);
    }
  });
});

describe('parseStsRecord accepts every record the RFC 8461 §3.1 grammar generates', () => {
  const alnum = fc.constantFrom(...'abcxyzABCXYZ0189');
  const wsp = fc.array(fc.constantFrom(' ', '\t'), { maxLength: 3 }).map((w) => w.join(''));
  const delim = fc.tuple(wsp, wsp).map(([a, b]) => `${a};${b}`);
  const id = fc.array(alnum, { minLength: 1, maxLength: 32 }).map((c) => c.join(''));
  const extName = fc
    .tuple(alnum, fc.array(fc.constantFrom(...'ab09_-.'), { maxLength: 31 }))
    .map(([first, rest]) => first + rest.join(''))
    .filter((name) => name !== 'id' && name !== 'v');
  const extValue = fc
    .array(
      fc.integer({ min: 0x21, max: 0x7e }).filter((c) => c !== 0x3b && c !== 0x3d),
      { minLength: 1, maxLength: 20 },
    )
    .map((codes) => String.fromCharCode(...codes));
  const extensions = fc.uniqueArray(fc.tuple(extName, extValue), {
    selector: ([name]) => name,
    maxLength: 5,
  });

  it('with the same id and extensions', () => {
    fc.assert(
      fc.property(
        id,
        extensions,
        fc.nat(),
        fc.array(delim, { minLength: 7, maxLength: 7 }),
        fc.option(delim),
        (theId, exts, idAt, delims, trailing) => {
          const fields = exts.map(([n, v]) => `${n}=${v}`);
          fields.splice(idAt % (fields.length + 1), 0, `id=${theId}`);
          const txt = `v=STSv1${fields.map((f, i) => `${delims[i] ?? ';'}${f}`).join('')}${trailing ?? ''}`;
          const result = parseStsRecord(txt);
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          expect(result.record.id).toBe(theId);
          expect(result.record.extensions).toEqual(Object.fromEntries(exts));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('createStsRecordFindings never throws', () => {
  it('for any list of TXT strings', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(recordish, fc.string({ unit: 'binary' }))), (txts) => {
        const result = createStsRecordFindings(txts);
        expect(result.record === null || typeof result.record.id === 'string').toBe(true);
        expect(result.findings.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('mxMatches never throws', () => {
  const anything = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.anything());

  it('for arbitrary values', () => {
    fc.assert(
      fc.property(anything, anything, (pattern, host) => {
        expect(typeof mxMatches(pattern as string, host as string)).toBe('boolean');
        expect(findMatchingPattern([pattern as string], host as string)).toSatisfy(
          (r: unknown) => r === null || r === pattern,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('for name-like strings with wildcards, dots and Unicode', () => {
    const part = fc.constantFrom('*', '.', 'a', 'xn--', 'ü', 'Ñ', '-', '_', ' ', '@', '\uFF00', '\uFFFD');
    const name = fc.array(part, { maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      fc.property(name, name, (pattern, host) => {
        expect(typeof mxMatches(pattern, host)).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});

describe('mxMatches properties (RFC 8461 §4.1)', () => {
  // Short enough that one more label keeps the name within 253 characters.
  const domain = fc.domain().filter((d) => d.length < 200);

  it('matches a name against itself, in any case, with or without a trailing dot', () => {
    fc.assert(
      fc.property(domain, (d) => {
        expect(mxMatches(d, d)).toBe(true);
        expect(mxMatches(d.toUpperCase(), `${d}.`)).toBe(true);
      }),
    );
  });

  it('matches exactly one extra label under a wildcard', () => {
    const label = fc.stringMatching(/^[a-z0-9]{1,10}$/);
    fc.assert(
      fc.property(domain, label, label, (d, a, b) => {
        expect(mxMatches(`*.${d}`, `${a}.${d}`)).toBe(true);
        expect(mxMatches(`*.${d}`, d)).toBe(false);
        expect(mxMatches(`*.${d}`, `${a}.${b}.${d}`)).toBe(false);
      }),
    );
  });
});
