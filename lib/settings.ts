// What a check needs from the user's settings: which DNS-over-HTTPS resolver and how long to wait.
// The one settings model for the extension (stored by utils/settings.ts), the options page and the CLI.
import { checkCustomResolverUrl } from './dns/custom-url';
import { isResolverPreset } from './dns/presets';
import type { ResolverPreset, ResolverSetting } from './dns/types';

export interface Settings {
  resolver: ResolverPreset | 'custom';
  customUrl: string;
  dnsTimeoutMs: number;
  policyTimeoutMs: number;
  /** When the chosen preset fails, may the query go to the other presets? Off by default. */
  allowFallback: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  resolver: 'cloudflare',
  customUrl: '',
  dnsTimeoutMs: 5000,
  policyTimeoutMs: 10000,
  allowFallback: false,
};

/** Timeouts outside this range are not kept: too short fails every lookup, too long looks like a hang. */
export const TIMEOUT_RANGE_MS = { min: 500, max: 60_000 } as const;

function readTimeout(value: unknown, fallback: number): number {
  return typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= TIMEOUT_RANGE_MS.min &&
    value <= TIMEOUT_RANGE_MS.max
    ? value
    : fallback;
}

/** Settings from storage or anywhere else untrusted: every field that is not usable falls back to its default. */
export function readSettings(value: unknown): Settings {
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Partial<
    Record<keyof Settings, unknown>
  >;
  const customUrl = typeof raw.customUrl === 'string' ? raw.customUrl : DEFAULT_SETTINGS.customUrl;
  const resolver =
    raw.resolver === 'custom' || isResolverPreset(raw.resolver) ? raw.resolver : DEFAULT_SETTINGS.resolver;
  return {
    resolver,
    customUrl,
    dnsTimeoutMs: readTimeout(raw.dnsTimeoutMs, DEFAULT_SETTINGS.dnsTimeoutMs),
    policyTimeoutMs: readTimeout(raw.policyTimeoutMs, DEFAULT_SETTINGS.policyTimeoutMs),
    allowFallback: raw.allowFallback === true,
  };
}

export function toResolverSetting(settings: Settings): ResolverSetting {
  return settings.resolver === 'custom'
    ? { kind: 'custom', url: settings.customUrl }
    : { kind: 'preset', preset: settings.resolver, fallback: settings.allowFallback };
}

/** A stable key for caches: the same domain checked through another resolver is another report. */
export function resolverKey(settings: Settings): string {
  if (settings.resolver === 'custom') return `custom:${settings.customUrl}`;
  return settings.allowFallback ? `${settings.resolver}+fallback` : settings.resolver;
}

/** Returns an error sentence, or null when the URL is usable as a DoH endpoint (https only, RFC 8484 §5). */
export function validateResolverUrl(url: string): string | null {
  const checked = checkCustomResolverUrl(url);
  if (checked.ok) return null;
  switch (checked.problem) {
    case 'invalid':
      return 'Enter a full URL, such as https://dns.example/dns-query.';
    case 'not-https':
      return 'DNS-over-HTTPS needs an https:// URL.';
    case 'credentials':
      return 'The URL must not contain a user name or password.';
  }
}

/**
 * A resolver named the way the options page and the CLI accept it: a preset name or an https URL.
 * Returns the settings fields to use, or an error sentence.
 */
export function parseResolverChoice(
  value: string,
): { ok: true; resolver: Settings['resolver']; customUrl: string } | { ok: false; error: string } {
  const name = value.trim().toLowerCase();
  if (isResolverPreset(name)) return { ok: true, resolver: name, customUrl: '' };
  const problem = validateResolverUrl(value.trim());
  if (problem === null) return { ok: true, resolver: 'custom', customUrl: value.trim() };
  return {
    ok: false,
    error: /^[a-z][a-z0-9+.-]*:/i.test(value.trim())
      ? problem
      : `The resolver must be cloudflare, google, quad9 or an https:// URL, not "${value}".`,
  };
}
