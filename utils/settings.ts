// Where the user's settings live: WXT's typed storage. The model itself (defaults, validation) is lib/settings.ts.
import { storage } from 'wxt/utils/storage';
import { DEFAULT_SETTINGS, readSettings, type Settings } from '../lib/settings';

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

export async function loadSettings(): Promise<Settings> {
  return readSettings(await settingsItem.getValue());
}

export function saveSettings(settings: Settings): Promise<void> {
  return settingsItem.setValue(settings);
}

/**
 * loadSettings for the background, which asks before every check: read once, then read again only after the
 * stored value changed (a storage change event), so a change still applies to the very next check and a check
 * does not wait for a storage read.
 */
export function createSettingsReader(): { read: () => Promise<Settings>; stop: () => void } {
  let cached: Promise<Settings> | null = null;
  const stop = settingsItem.watch(() => {
    cached = null;
  });
  return {
    read() {
      if (cached !== null) return cached;
      const reading = loadSettings();
      cached = reading;
      // A failed read is not kept.
      reading.catch(() => {
        if (cached === reading) cached = null;
      });
      return reading;
    },
    stop,
  };
}
