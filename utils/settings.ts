// Where the user's settings live: WXT's typed storage. The model itself (defaults, validation) is lib/settings.ts.
// Read once per check, so a change applies at once.
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
