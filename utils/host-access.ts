// Host access: the extension may contact websites (the policy host). Firefox lets users withhold it; without it
// the policy fetch would fail and misreport the domain, so no check runs and the pages ask for it instead.
import { browser } from 'wxt/browser';

export const HOST_ACCESS = { origins: ['https://*/*'] };

export function hasHostAccess(): Promise<boolean> {
  return browser.permissions.contains(HOST_ACCESS);
}

export function requestHostAccess(): Promise<boolean> {
  return browser.permissions.request(HOST_ACCESS);
}

/**
 * For the background, which asks before every check: the answer is kept and asked again only after a permission
 * was granted or removed, so a check does not wait for the question. A browser without the permissions API
 * granted host access at install.
 */
export function watchHostAccess(): { has: () => Promise<boolean>; stop: () => void } {
  let known: Promise<boolean> | null = null;
  const forget = () => {
    known = null;
  };
  let watching = false;
  try {
    browser.permissions.onAdded.addListener(forget);
    browser.permissions.onRemoved.addListener(forget);
    watching = true;
  } catch {
    // No permission events: ask every time.
  }
  return {
    has() {
      const asked = known ?? new Promise<boolean>((resolve) => resolve(hasHostAccess())).catch(() => true);
      if (watching) known = asked;
      return asked;
    },
    stop() {
      if (!watching) return;
      browser.permissions.onAdded.removeListener(forget);
      browser.permissions.onRemoved.removeListener(forget);
    },
  };
}
