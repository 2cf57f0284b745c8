// The background reads the settings before every check: from memory, read again only after they changed.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import { createSettingsReader, saveSettings } from '../../utils/settings';

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
});

describe('createSettingsReader', () => {
  it('reads storage once for many checks', async () => {
    await saveSettings({ ...DEFAULT_SETTINGS, dnsTimeoutMs: 1234 });
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    const reader = createSettingsReader();
    const reads = await Promise.all([reader.read(), reader.read(), reader.read()]);
    expect(reads.map((s) => s.dnsTimeoutMs)).toEqual([1234, 1234, 1234]);
    expect(await reader.read()).toBe(reads[0]);
    expect(get.mock.calls.length).toBeLessThanOrEqual(1);
    reader.stop();
  });

  it('gives the new settings to the very next check after a change', async () => {
    const reader = createSettingsReader();
    expect((await reader.read()).dnsTimeoutMs).toBe(DEFAULT_SETTINGS.dnsTimeoutMs);
    await saveSettings({ ...DEFAULT_SETTINGS, dnsTimeoutMs: 4321 });
    expect((await reader.read()).dnsTimeoutMs).toBe(4321);
    reader.stop();
  });

  it('does not keep a failed read', async () => {
    const reader = createSettingsReader();
    vi.spyOn(fakeBrowser.storage.local, 'get').mockRejectedValueOnce(new Error('storage broke'));
    await expect(reader.read()).rejects.toThrow('storage broke');
    expect((await reader.read()).resolver).toBe(DEFAULT_SETTINGS.resolver);
    reader.stop();
  });
});
