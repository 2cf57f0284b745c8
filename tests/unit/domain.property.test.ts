import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeDomain } from '../../lib/input/domain';

// "xn--" labels are left out: random ones are not valid Punycode and are rightly rejected.
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/).filter((l) => !l.startsWith('xn--'));
const domainLike = fc
  .tuple(
    fc.array(label, { minLength: 1, maxLength: 4 }),
    fc.constantFrom('com', 'co.uk', 'test', 'example', 'de'),
  )
  .map(([labels, tld]) => `${labels.join('.')}.${tld}`);
// Inputs built like pasted text: URLs, e-mail addresses, odd case and whitespace around real names.
const pasted = fc
  .tuple(
    domainLike,
    fc.constantFrom('', 'https://', 'http://user@', 'mailto:me@', 'me@', ' '),
    fc.constantFrom('', '/', ':8443', '/path?q=1#f', '.', ' '),
    fc.boolean(),
  )
  .map(([d, prefix, suffix, upper]) => {
    const s = prefix.startsWith('mailto') || prefix.endsWith('@') ? prefix + d : `${prefix}${d}${suffix}`;
    return upper ? s.toUpperCase() : s;
  });

describe('normalizeDomain properties', () => {
  it('is idempotent on its own output', () => {
    fc.assert(
      fc.property(fc.oneof(pasted, domainLike, fc.string(), fc.string({ unit: 'grapheme' })), (input) => {
        const first = normalizeDomain(input);
        if (!first.ok) return;
        const second = normalizeDomain(first.domain);
        expect(second).toEqual(first);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts every generated domain-like input and returns a lower-case A-label without a trailing dot', () => {
    fc.assert(
      fc.property(pasted, (input) => {
        const result = normalizeDomain(input);
        expect(result.ok).toBe(true);
        if (result.ok) {
          expect(result.domain).toMatch(/^[a-z0-9.-]+$/);
          expect(result.domain.endsWith('.')).toBe(false);
          expect(result.domain.endsWith(result.registrable)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws and always returns one of the two shapes on arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 })),
        (input) => {
          const result = normalizeDomain(input);
          if (result.ok) {
            expect(typeof result.domain).toBe('string');
            expect(typeof result.registrable).toBe('string');
          } else {
            expect(result.error.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('rejects a 1 MB input with a sentence instead of throwing', () => {
    for (const huge of [
      'a'.repeat(1_000_000),
      `https://${'a.'.repeat(500_000)}com/`,
      ' '.repeat(1_000_000),
    ]) {
      const result = normalizeDomain(huge);
      expect(result.ok).toBe(false);
    }
  });
});
