// User settings, stored with WXT's typed storage wrapper. Read once per check, so a change applies at once.
import { storage } from 'wxt/utils/storage';
import { checkCustomResolverUrl } from '../lib/dns/custom-url';
import type { ResolverPreset, ResolverSetting } from '../lib/dns/types';

export interface Settings {
  resolver: ResolverPreset | 'custom';
  customUrl: string;
  dnsTimeoutMs: number;
  policyTimeoutMs: number;
}

export const DEFAULT_SETTINGS: Settings = {
  resolver: 'cloudflare',
  customUrl: '',
  dnsTimeoutMs: 5000,
  policyTimeoutMs: 10000,
};

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

export async function loadSettings(): Promise<Settings> {
  return { ...DEFAULT_SETTINGS, ...(await settingsItem.getValue()) };
}

export function saveSettings(settings: Settings): Promise<void> {
  return settingsItem.setValue(settings);
}

export function toResolverSetting(settings: Settings): ResolverSetting {
  return settings.resolver === 'custom'
    ? { kind: 'custom', url: settings.customUrl }
    : { kind: 'preset', preset: settings.resolver };
}

/** A stable key for caches: the same domain checked through another resolver is another report. */
export function resolverKey(settings: Settings): string {
  return settings.resolver === 'custom' ? `custom:${settings.customUrl}` : settings.resolver;
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
