// The DNS-over-HTTPS client's public surface.
export { createDnsCache, type DnsCache } from './cache';
export {
  createResolver,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  type ResolverDeps,
} from './doh-client';
export { getPresetFallbackOrder, isResolverPreset, PRESET_ORDER, PRESET_URLS } from './presets';
export type * from './types';
