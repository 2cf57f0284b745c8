// lib/settings.ts: the one settings model; stored values of any shape read back safely.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, readSettings, resolverKey, toResolverSetting } from '../../lib/settings';

describe('settings', () => {
  it.each([
    ['nothing stored', undefined, DEFAULT_SETTINGS],
    ['null', null, DEFAULT_SETTINGS],
    ['a number', 42, DEFAULT_SETTINGS],
    [
      'an old value without allowFallback',
      { resolver: 'quad9', customUrl: '', dnsTimeoutMs: 3000, policyTimeoutMs: 9000 },
      { ...DEFAULT_SETTINGS, resolver: 'quad9', dnsTimeoutMs: 3000, policyTimeoutMs: 9000 },
    ],
    [
      'a foreign resolver and absurd timeouts',
      { resolver: 'evil', dnsTimeoutMs: -1, policyTimeoutMs: 1e12 },
      DEFAULT_SETTINGS,
    ],
    ['allowFallback as a string', { allowFallback: 'yes' }, DEFAULT_SETTINGS],
  ])('reads %s', (_, stored, expected) => {
    expect(readSettings(stored)).toEqual(expected);
  });

  it.each([
    [false, { kind: 'preset', preset: 'cloudflare', fallback: false }, 'cloudflare'],
    [true, { kind: 'preset', preset: 'cloudflare', fallback: true }, 'cloudflare+fallback'],
  ])('fallback %s gives the resolver setting and cache key', (allowFallback, setting, key) => {
    const settings = { ...DEFAULT_SETTINGS, allowFallback };
    expect(toResolverSetting(settings)).toEqual(setting);
    expect(resolverKey(settings)).toBe(key);
  });
});
