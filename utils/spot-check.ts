// Spot checks from anywhere in the browser: a context-menu entry on selected text and links, and the
// omnibox keyword "sts". Both open the report view (popup.html?domain=…) for the domain they point at.
import { browser } from 'wxt/browser';
import { normalizeDomain } from '../lib/input/domain';
import { createReportUrl } from './popup-wiring';

export const MENU_SELECTION = 'check-mta-sts-selection';
export const MENU_LINK = 'check-mta-sts-link';

/**
 * The domain a spot check should look at. Mail lives at the registrable domain of a web address
 * (www.vendor.com → vendor.com); an e-mail address names its mail domain exactly; a bare name typed or
 * selected by the user is taken as written.
 */
export function createSpotCheckDomain(input: string | undefined): string | null {
  if (!input) return null;
  const text = input.trim();
  const n = normalizeDomain(text);
  if (!n.ok) return null;
  const isEmail = /^mailto:/i.test(text) || /^[^\s/:@]+@[^\s@]+$/.test(text);
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  return isUrl && !isEmail ? n.registrable : n.domain;
}

/** Opens the report view in a small window of its own, like a detached popup. */
export async function openReportWindow(domain: string): Promise<void> {
  const url = createReportUrl(domain);
  try {
    await browser.windows.create({ url, type: 'popup', width: 520, height: 720 });
  } catch {
    // Browsers without windows (Firefox for Android) get a tab.
    await browser.tabs.create({ url });
  }
}

/** Menus are created once per install/update (they persist across service-worker restarts). */
export async function createMenus(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({
    id: MENU_SELECTION,
    title: 'Check MTA-STS for “%s”',
    contexts: ['selection'],
  });
  browser.contextMenus.create({
    id: MENU_LINK,
    title: 'Check MTA-STS for this link’s domain',
    contexts: ['link'],
  });
}

export function registerSpotChecks(): void {
  browser.runtime.onInstalled.addListener(() => {
    createMenus().catch(() => {});
  });
  browser.contextMenus.onClicked.addListener((info) => {
    const input = info.menuItemId === MENU_LINK ? info.linkUrl : info.selectionText;
    const domain = createSpotCheckDomain(input);
    // Nothing usable selected: open the view with the text so the user sees why it is not a domain.
    openReportWindow(domain ?? (input ?? '').trim().slice(0, 300)).catch(() => {});
  });
  browser.omnibox.setDefaultSuggestion({
    description: 'Check MTA-STS for a domain, web address or e-mail address',
  });
  browser.omnibox.onInputChanged.addListener((text, suggest) => {
    const domain = createSpotCheckDomain(text);
    suggest(domain ? [{ content: domain, description: `Check MTA-STS for ${escapeOmnibox(domain)}` }] : []);
  });
  browser.omnibox.onInputEntered.addListener((text, disposition) => {
    const domain = createSpotCheckDomain(text) ?? text.trim().slice(0, 300);
    const url = createReportUrl(domain);
    if (disposition === 'currentTab') browser.tabs.update({ url }).catch(() => {});
    else browser.tabs.create({ url, active: disposition !== 'newBackgroundTab' }).catch(() => {});
  });
}

/** Chrome reads omnibox descriptions as XML: escape what a user typed. */
function escapeOmnibox(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
