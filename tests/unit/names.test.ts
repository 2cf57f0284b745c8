// lib/names.ts is the one owner of host-name validity: this table drives it, and the input normaliser, the
// policy's mx patterns, the TLS-RPT mailbox check and the fixes all ask it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeDomain } from '../../lib/input/domain';
import { parseMxPattern } from '../../lib/mta-sts/policy';
import {
  canonicalHostName,
  findHostNameProblem,
  type HostNameProblem,
  isHostName,
  normalizeMxPattern,
} from '../../lib/names';

const long = (n: number) => 'a'.repeat(n);

describe('findHostNameProblem', () => {
  it.each<[string, string, HostNameProblem['kind'] | null]>([
    ['a plain name', 'mail.example.com', null],
    ['digits and hyphens inside labels', '1-2.x-y.example', null],
    ['a single label (allowed by default)', 'localhost', null],
    ['an A-label', 'xn--mnchen-3ya.example', null],
    ['63-character label', `${long(63)}.example`, null],
    ['nothing', '', 'empty'],
    ['254 characters', `${long(63)}.${long(63)}.${long(63)}.${long(62)}`, 'too-long'],
    ['two dots in a row', 'a..example', 'empty-label'],
    ['a leading dot', '.example.com', 'empty-label'],
    ['64-character label', `${long(64)}.example`, 'label-too-long'],
    ['an underscore', 'mx_1.example.com', 'bad-character'],
    ['a space', 'mx 1.example.com', 'bad-character'],
    ['upper case (callers lower-case first)', 'MX.example.com', 'bad-character'],
    ['non-ASCII', 'münchen.example', 'bad-character'],
    ['a wildcard', '*.example.com', 'bad-character'],
    ['a leading hyphen', '-mx.example.com', 'hyphen-at-edge'],
    ['a trailing hyphen', 'mx-.example.com', 'hyphen-at-edge'],
    ['an all-numeric top label', 'mx.example.123', 'numeric-top-label'],
    ['an IPv4 address', '192.0.2.1', 'numeric-top-label'],
  ])('%s: %s', (_, name, kind) => {
    expect(findHostNameProblem(name)?.kind ?? null).toBe(kind);
    expect(isHostName(name)).toBe(kind === null);
  });

  it('asks for two labels where a single name cannot be meant', () => {
    expect(findHostNameProblem('localhost', 2)?.kind).toBe('single-label');
    expect(isHostName('example.com', 2)).toBe(true);
  });

  it.each([
    ['MX.Example.COM.', 'mx.example.com'],
    ['  mail.example.com ', 'mail.example.com'],
    ['.', '.'],
  ])('canonical form of %j is %j', (input, canonical) => {
    expect(canonicalHostName(input)).toBe(canonical);
  });
});

describe('normalizeMxPattern agrees with findHostNameProblem', () => {
  const label = fc.stringMatching(/^[a-z0-9-]{0,70}$/);
  const name = fc.array(fc.oneof(label, fc.constantFrom('', 'A', '_', 'é', '123', 'xn--a')), {
    minLength: 1,
    maxLength: 6,
  });

  it('on generated names, with and without a wildcard', () => {
    fc.assert(
      fc.property(name, fc.boolean(), (labels, wildcard) => {
        const domain = labels.join('.');
        const value = wildcard ? `*.${domain}` : domain;
        const expected = findHostNameProblem(domain.toLowerCase()) === null && !/[^ -~]/.test(domain);
        expect(normalizeMxPattern(value) !== null).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['a trailing dot', 'mx.example.com.', false],
    ['a wildcard in the middle', 'mx.*.example.com', false],
    ['upper case', 'MX.Example.com', true],
    ['Kelvin sign that lower-cases to k', 'mx.\u212Aexample.com', false],
  ])('%s', (_, value, ok) => {
    expect(normalizeMxPattern(value) !== null).toBe(ok);
  });
});

describe('callers ask the one owner', () => {
  it.each([
    ['example.com', true],
    ['a..example', false],
    ['-mx.example.com', false],
    ['example.123', false],
    [`${long(64)}.example`, false],
  ])('normalizeDomain and mx patterns agree on %s', (name, ok) => {
    expect(normalizeDomain(name).ok).toBe(ok);
    expect(parseMxPattern(name).ok).toBe(ok);
  });
});
