// The background's host-access answer: asked once, asked again only after a permission changed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { watchHostAccess } from '../../utils/host-access';

afterEach(() => {
  vi.restoreAllMocks();
});

function fakePermissions(granted: () => boolean) {
  const listeners: Array<() => void> = [];
  const contains = vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async () => granted());
  for (const event of [fakeBrowser.permissions.onAdded, fakeBrowser.permissions.onRemoved]) {
    vi.spyOn(event, 'addListener').mockImplementation((l) => void listeners.push(l as () => void));
    vi.spyOn(event, 'removeListener').mockImplementation(() => {});
  }
  return {
    contains,
    changed: () => {
      for (const l of listeners) l();
    },
  };
}

describe('watchHostAccess', () => {
  it('asks the browser once for many checks, and again after a permission was removed or granted', async () => {
    let granted = true;
    const { contains, changed } = fakePermissions(() => granted);
    const access = watchHostAccess();
    expect(await access.has()).toBe(true);
    expect(await access.has()).toBe(true);
    expect(contains).toHaveBeenCalledTimes(1);
    granted = false;
    changed();
    expect(await access.has()).toBe(false);
    expect(contains).toHaveBeenCalledTimes(2);
    access.stop();
  });

  it('counts a browser without the permissions API as granted (host access is given at install there)', async () => {
    // The fake browser implements no permissions API: every call throws.
    const access = watchHostAccess();
    expect(await access.has()).toBe(true);
    access.stop();
  });
});
