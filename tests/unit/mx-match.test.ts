import { describe, expect, it } from 'vitest';
import { CATALOG, type FindingCode, getCodeInfo } from '../../lib/catalog/index';
import { findMatchingPattern, mxMatches } from '../../lib/mta-sts/mx-match';

describe('mxMatches (RFC 8461 §4.1)', () => {
  it.each([
    ['an identical name', 'mail.example.com', 'mail.example.com'],
    ['a single-label name', 'mx1', 'mx1'],
    ['a host in upper case', 'mail.example.com', 'MAIL.EXAMPLE.COM'],
    ['a pattern in mixed case', 'Mail.Example.COM', 'mail.example.com'],
    ['a host with a trailing dot', 'mail.example.com', 'mail.example.com.'],
    ['a pattern with a trailing dot', 'mail.example.com.', 'mail.example.com'],
    ['trailing dots on both', 'a.b.', 'a.b.'],
    ['a host with surrounding spaces', 'mail.example.net', ' mail.example.net '],
    ['one label under a wildcard', '*.example.com', 'mail.example.com'],
    ['a wildcard host in upper case with a trailing dot', '*.example.com', 'MAIL.Example.COM.'],
    ['a wildcard directly under a TLD', '*.com', 'abc.com'],
    ['a deeper wildcard', '*.aa.b.cc.com', 'zz.aa.b.cc.com'],
    ['a Unicode host against an A-label pattern', 'x.xn--aca-6ma.com', 'x.ñaca.com'],
    ['a Unicode host against an A-label pattern (Cyrillic)', 'mx.xn--e1afmkfd.example', 'mx.пример.example'],
    ['an A-label host against a Unicode pattern', 'münchen.example', 'xn--mnchen-3ya.example'],
    ['Unicode names that differ only in case', 'Ñaca.com', 'ñaca.com'],
    ['a Unicode wildcard pattern', '*.münchen.example', 'mx.xn--mnchen-3ya.example'],
  ])('matches %s', (_name, pattern, host) => {
    expect(mxMatches(pattern, host)).toBe(true);
  });

  it.each([
    ['a different name', 'mail.example.com', 'mail.example.org'],
    ['a longer host with the pattern as suffix', 'mail.example.com', 'x.mail.example.com'],
    ['a host that merely contains the pattern', 'mail.example.com', 'evil-mail.example.com'],
    ['a host with an extra label at the end', 'mail.example.com', 'mail.example.com.evil'],
    ['the bare parent of a wildcard', '*.example.com', 'example.com'],
    ['two labels under a wildcard', '*.example.com', 'foo.bar.example.com'],
    ['three labels under a wildcard', '*.example.com', 'a.b.c.example.com'],
    ['a host glued to the wildcard parent', '*.example.com', 'xexample.com'],
    ['a host with an empty first label', '*.example.com', '.example.com'],
    ['a host that is itself a wildcard', '*.example.com', '*.example.com'],
    ['a single-label host under a wildcard', '*.example.org', 'without-dots'],
    ['a partial-label wildcard', 'foo*.example.com', 'foo1.example.com'],
    ['a wildcard glued to a label', '*mail.example.com', 'xmail.example.com'],
    ['a wildcard in a middle label', 'abc.*.com', 'abc.def.com'],
    ['a wildcard in a middle label (bare)', 'abc.*.com', 'abc.com'],
    ['two wildcards', '*.*.com', 'x.abc.com'],
    ['a lone "*"', '*', 'foo'],
    ['a lone "*" against a dotted host', '*', 'a.b'],
    ['a pattern with a leading dot', '.aa.b.cc.com', 'aa.b.cc.com'],
    ['a pattern with a leading dot (deeper host)', '.aa.b.cc.com', 'zz.aa.b.cc.com'],
    ['an empty pattern', '', 'a.example'],
    ['an empty host', 'a.example', ''],
    ['a host that is only a dot', '.', '.'],
    ['a host with an empty middle label', 'a..b', 'a..b'],
    ['an ASCII look-alike of an IDN', 'x.xn--aca-6ma.com', 'x.naca.com'],
    ['a different IDN', 'münchen.example', 'xn--brln-loa.example'],
    ['a host with a replacement character', 'mx.example.com', 'm\uFFFDx.example.com'],
    ['a host with a code point IDNA rejects', 'x.com', 'x\uFF00.com'],
    ['a host with URL syntax in it', 'mx.example.com', 'ü@mx.example.com'],
    ['a label longer than 63 characters', `${'a'.repeat(64)}.com`, `${'a'.repeat(64)}.com`],
    ['a name longer than 253 characters', `${'abcdefghi.'.repeat(26)}com`, `${'abcdefghi.'.repeat(26)}com`],
  ])('does not match %s', (_name, pattern, host) => {
    expect(mxMatches(pattern, host)).toBe(false);
  });

  it.each([
    ['a null pattern', null, 'a.example'],
    ['a null host', 'a.example', null],
    ['a number', 42, '42'],
    ['an object', { toString: () => 'a.example' }, 'a.example'],
  ])('returns false instead of throwing for %s', (_name, pattern, host) => {
    expect(mxMatches(pattern as unknown as string, host as unknown as string)).toBe(false);
  });

  it('does not choke on a 64 KiB host name', () => {
    expect(mxMatches('x.com', `${'x'.repeat(65536)}\uff00`)).toBe(false);
  });
});

describe('findMatchingPattern', () => {
  const patterns = ['*.example.com', 'mail.example.net', 'xn--mnchen-3ya.example', 'mx.xn--e1afmkfd.example'];

  it.each([
    ['mail.example.com', '*.example.com'],
    ['MAIL.EXAMPLE.COM', '*.example.com'],
    ['mail.example.net.', 'mail.example.net'],
    ['münchen.example', 'xn--mnchen-3ya.example'],
    ['mx.пример.example', 'mx.xn--e1afmkfd.example'],
  ])('returns the pattern, as written, that %s matches', (host, expected) => {
    expect(findMatchingPattern(patterns, host)).toBe(expected);
  });

  it.each([['example.com'], ['foo.bar.example.com'], ['x.mail.example.net'], ['']])(
    'returns null when %j matches nothing',
    (host) => {
      expect(findMatchingPattern(patterns, host)).toBeNull();
    },
  );

  it('returns the first matching pattern when several match', () => {
    expect(findMatchingPattern(['special.example.org', '*.example.org'], 'special.example.org')).toBe(
      'special.example.org',
    );
    expect(findMatchingPattern(['*.example.org', 'special.example.org'], 'special.example.org')).toBe(
      '*.example.org',
    );
  });

  it.each([
    ['an empty list', [], 'a.example'],
    ['a list with null and invalid entries only', [null, '', '*', 'foo*.example.com'], 'foo1.example.com'],
    ['something that is not a list', 'a.example', 'a.example'],
  ])('returns null for %s', (_name, list, host) => {
    expect(findMatchingPattern(list as unknown as string[], host)).toBeNull();
  });

  it('skips null entries and still finds a later match', () => {
    expect(findMatchingPattern([null, 'x.example'] as unknown as string[], 'X.example.')).toBe('x.example');
  });
});

describe('mx catalogue', () => {
  it.each<[FindingCode]>([['mx.uncovered'], ['mx.none'], ['mx.null']])('has a title for %s', (code) => {
    expect(CATALOG[code]?.title).toBeTruthy();
  });

  it.each<[FindingCode]>([['mx.uncovered'], ['mx.none']])('tells the domain owner how to fix %s', (code) => {
    expect(getCodeInfo(code)?.fix).toBeTruthy();
  });
});
