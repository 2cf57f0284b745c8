// Public DNS-over-HTTPS resolvers offered in the options (RFC 8484 endpoints), in fallback order.
import type { ResolverPreset } from './types';

export const PRESET_ORDER: readonly ResolverPreset[] = ['cloudflare', 'google', 'quad9'];

export const PRESET_URLS: Readonly<Record<ResolverPreset, string>> = {
  cloudflare: 'https://cloudflare-dns.com/dns-query',
  google: 'https://dns.google/dns-query',
  quad9: 'https://dns.quad9.net/dns-query',
};

export function isResolverPreset(value: unknown): value is ResolverPreset {
  return typeof value === 'string' && (PRESET_ORDER as readonly string[]).includes(value);
}

/** The chosen preset first, then the others in their usual order: where to go when a resolver is down. */
export function getPresetFallbackOrder(first: ResolverPreset): ResolverPreset[] {
  return [first, ...PRESET_ORDER.filter((preset) => preset !== first)];
}
