import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  createMenus,
  createSpotCheckDomain,
  MENU_LINK,
  MENU_SELECTION,
  registerSpotChecks,
} from '../../utils/spot-check';

describe('createSpotCheckDomain', () => {
  it.each([
    ['a selected bare domain, as written', 'mail.vendor.example', 'mail.vendor.example'],
    ['a web address, reduced to where mail lives', 'https://www.shop.vendor.co.uk/pricing', 'vendor.co.uk'],
    [
      'a mailto: link, the address’s domain as is',
      'mailto:security@mail.vendor.example?subject=hi',
      'mail.vendor.example',
    ],
    ['a selected e-mail address', '  ciso@Vendor.Example ', 'vendor.example'],
    ['an IDN', 'bücher.example', 'xn--bcher-kva.example'],
  ])('takes %s', (_name, input, expected) => {
    expect(createSpotCheckDomain(input)).toBe(expected);
  });

  it.each([
    ['empty', ''],
    ['not a domain', 'hello world'],
    ['an IP', 'http://127.0.0.1/'],
    ['nothing', undefined],
  ])('gives null for %s', (_name, input) => {
    expect(createSpotCheckDomain(input)).toBeNull();
  });
});

describe('context menu and omnibox wiring', () => {
  type Listener = (...args: never[]) => unknown;
  let listeners: Record<string, Listener>;

  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
    listeners = {};
    const capture = (name: string) => (fn: Listener) => {
      listeners[name] = fn;
    };
    // The fake browser has no menus or omnibox: record what the extension registers.
    vi.spyOn(fakeBrowser.contextMenus, 'create').mockImplementation(() => 1);
    vi.spyOn(fakeBrowser.contextMenus, 'removeAll').mockResolvedValue(undefined);
    vi.spyOn(fakeBrowser.contextMenus.onClicked, 'addListener').mockImplementation(capture('menu'));
    vi.spyOn(fakeBrowser.omnibox, 'setDefaultSuggestion').mockImplementation(() => undefined);
    vi.spyOn(fakeBrowser.omnibox.onInputChanged, 'addListener').mockImplementation(capture('changed'));
    vi.spyOn(fakeBrowser.omnibox.onInputEntered, 'addListener').mockImplementation(capture('entered'));
  });

  it('creates one entry for selected text and one for links', async () => {
    await createMenus();
    const created = vi.mocked(fakeBrowser.contextMenus.create).mock.calls.map(([p]) => [p.id, p.contexts]);
    expect(created).toEqual([
      [MENU_SELECTION, ['selection']],
      [MENU_LINK, ['link']],
    ]);
  });

  it.each([
    [{ menuItemId: MENU_LINK, linkUrl: 'mailto:a@vendor.example', editable: false }, 'vendor.example'],
    [{ menuItemId: MENU_LINK, linkUrl: 'https://www.vendor.example/x', editable: false }, 'vendor.example'],
    [{ menuItemId: MENU_SELECTION, selectionText: 'vendor.example', editable: false }, 'vendor.example'],
  ])('opens the report view for the clicked %j', async (info, domain) => {
    const create = vi.spyOn(fakeBrowser.windows, 'create').mockResolvedValue({} as never);
    registerSpotChecks();
    await (listeners.menu as (info: unknown) => unknown)(info);
    await vi.waitFor(() => expect(create).toHaveBeenCalled());
    expect(create.mock.calls[0]?.[0]).toMatchObject({
      type: 'popup',
      url: `chrome-extension://test-extension-id/popup.html?domain=${domain}`,
    });
  });

  it('opens the report view for the omnibox input, in a new tab when asked', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    registerSpotChecks();
    (listeners.entered as (text: string, d: string) => void)(
      'https://www.vendor.example',
      'newForegroundTab',
    );
    await vi.waitFor(() => expect(create).toHaveBeenCalled());
    expect(create.mock.calls[0]?.[0]).toEqual({
      url: 'chrome-extension://test-extension-id/popup.html?domain=vendor.example',
      active: true,
    });
  });

  it('suggests the domain it will check while typing', () => {
    registerSpotChecks();
    const suggest = vi.fn();
    (listeners.changed as (text: string, s: typeof suggest) => void)('Vendor.Example', suggest);
    expect(suggest).toHaveBeenCalledWith([
      { content: 'vendor.example', description: 'Check MTA-STS for vendor.example' },
    ]);
  });
});
