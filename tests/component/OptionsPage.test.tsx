import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { OptionsForm } from '../../components/OptionsForm';
import { OptionsPage } from '../../components/OptionsPage';
import type { ResolverTestResult } from '../../lib/dns/test-resolver';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings';

function setup(initial: Settings = DEFAULT_SETTINGS) {
  const onSave = vi.fn(async (_s: Settings) => {});
  render(<OptionsForm initial={initial} onSave={onSave} />);
  return { onSave };
}

const urlField = () => screen.getByTestId('resolver-url') as HTMLInputElement;
const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });

describe('OptionsForm', () => {
  it('keeps queries with the chosen provider unless the fallback is ticked, and says so', async () => {
    const { onSave } = setup();
    const box = screen.getByTestId('resolver-fallback') as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(screen.getByTestId('resolver-fallback-note').textContent).toMatch(
      /only to the provider you chose/,
    );
    fireEvent.click(box);
    expect(screen.getByTestId('resolver-fallback-note').textContent).toMatch(
      /also sent to the other providers/,
    );
    fireEvent.click(screen.getByTestId('save-settings'));
    await screen.findByTestId('settings-saved');
    expect(onSave).toHaveBeenCalledWith({ ...DEFAULT_SETTINGS, allowFallback: true });
  });

  it('offers no fallback for a custom resolver', () => {
    setup({ ...DEFAULT_SETTINGS, resolver: 'custom', customUrl: 'https://dns.example/dns-query' });
    expect((screen.getByTestId('resolver-fallback') as HTMLInputElement).disabled).toBe(true);
  });

  it('shows the custom URL field visible and enabled on load, with the saved values', () => {
    setup({ ...DEFAULT_SETTINGS, resolver: 'quad9' });
    expect(urlField().disabled).toBe(false);
    expect((screen.getByRole('radio', { name: /Quad9/ }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('spinbutton', { name: /DNS query/ }) as HTMLInputElement).value).toBe('5');
  });

  it('selects the custom resolver by itself when a URL is typed and saved', async () => {
    const { onSave } = setup();
    type(urlField(), ' https://dns.example/dns-query ');
    fireEvent.click(screen.getByTestId('save-settings'));
    await screen.findByTestId('settings-saved');
    expect(onSave).toHaveBeenCalledWith({
      ...DEFAULT_SETTINGS,
      resolver: 'custom',
      customUrl: 'https://dns.example/dns-query',
    });
    expect((screen.getByRole('radio', { name: 'Custom' }) as HTMLInputElement).checked).toBe(true);
  });

  it.each([
    ['an http URL', 'http://dns.example/dns-query', /https/],
    ['something that is not a URL', 'dns.example', /full URL/],
    ['a URL with a password', 'https://u:p@dns.example/dns-query', /password/],
  ])('refuses %s with a message and saves nothing', async (_name, url, message) => {
    const { onSave } = setup();
    type(urlField(), url);
    fireEvent.click(screen.getByTestId('save-settings'));
    expect((await screen.findByRole('alert')).textContent).toMatch(message);
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.queryByTestId('settings-saved')).toBeNull();
  });

  it('refuses timeouts outside their range', async () => {
    const { onSave } = setup();
    type(screen.getByRole('spinbutton', { name: /DNS query/ }), '0.1');
    fireEvent.click(screen.getByTestId('save-settings'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Timeouts/);
    expect(onSave).not.toHaveBeenCalled();
  });

  it('keeps a preset chosen by hand and converts timeouts to milliseconds', async () => {
    const { onSave } = setup();
    fireEvent.click(screen.getByRole('radio', { name: /Google/ }));
    type(screen.getByRole('spinbutton', { name: /Policy fetch/ }), '20');
    fireEvent.click(screen.getByTestId('save-settings'));
    await waitFor(() => expect(onSave).toHaveBeenCalled());
    expect(onSave.mock.calls[0]?.[0]).toMatchObject({ resolver: 'google', policyTimeoutMs: 20000 });
  });

  it('resets the fields to the defaults without saving', () => {
    const { onSave } = setup({ ...DEFAULT_SETTINGS, resolver: 'custom', customUrl: 'https://x.example/q' });
    fireEvent.click(screen.getByRole('button', { name: 'Reset to defaults' }));
    expect(urlField().value).toBe('');
    expect((screen.getByRole('radio', { name: /Cloudflare/ }) as HTMLInputElement).checked).toBe(true);
    expect(onSave).not.toHaveBeenCalled();
  });
});

describe('OptionsPage', () => {
  it('says what the extension sends where, links the audit page and shows history usage', async () => {
    const history = {
      usage: vi.fn(async () => ({ domains: 3, snapshots: 7, bytes: 2048 })),
      clear: vi.fn(async () => {}),
    };
    render(
      <OptionsPage
        initial={DEFAULT_SETTINGS}
        onSave={async () => {}}
        history={history}
        auditUrl="/audit.html"
      />,
    );
    expect(screen.getByRole('heading', { name: 'What this extension sends where' })).toBeTruthy();
    expect(document.body.textContent).toMatch(/no telemetry/);
    expect(screen.getByRole('link', { name: 'open the audit page' }).getAttribute('href')).toBe(
      '/audit.html',
    );
    await waitFor(() =>
      expect(screen.getByTestId('history-usage').textContent).toMatch(/3 domains, 7 snapshots/),
    );
    fireEvent.click(screen.getByTestId('history-clear'));
    await waitFor(() => expect(history.clear).toHaveBeenCalledTimes(1));
  });
});

describe('OptionsForm: Test resolver', () => {
  const renderWith = (testResolver: (url: string) => Promise<ResolverTestResult>) => {
    const onSave = vi.fn(async (_s: Settings) => {});
    render(<OptionsForm initial={DEFAULT_SETTINGS} onSave={onSave} testResolver={testResolver} />);
    return { onSave };
  };

  it.each<[string, ResolverTestResult, RegExp]>([
    [
      'a DoH resolver',
      { ok: true, rcode: 'NOERROR', elapsedMs: 42 },
      /answers DNS-over-HTTPS \(RFC 8484\) messages: NOERROR in 42 ms/,
    ],
    [
      'a web page',
      { ok: false, error: 'the answer is text/html, not a DNS message' },
      /does not answer as a DNS-over-HTTPS resolver: the answer is text\/html/,
    ],
  ])('says whether the URL answers like %s', async (_what, result, message) => {
    const testResolver = vi.fn(async (_url: string) => result);
    renderWith(testResolver);
    type(urlField(), 'https://dns.example/dns-query');
    fireEvent.click(screen.getByTestId('test-resolver'));
    await waitFor(() => expect(screen.getByTestId('resolver-test-result').textContent).toMatch(message));
    expect(testResolver).toHaveBeenCalledWith('https://dns.example/dns-query');
  });

  it('tests nothing for an invalid URL and says why', async () => {
    const testResolver = vi.fn(
      async (_url: string): Promise<ResolverTestResult> => ({ ok: true, rcode: 'NOERROR', elapsedMs: 1 }),
    );
    renderWith(testResolver);
    type(urlField(), 'http://dns.example/dns-query');
    fireEvent.click(screen.getByTestId('test-resolver'));
    await waitFor(() => expect(screen.getByTestId('resolver-test-result').textContent).toMatch(/https/));
    expect(testResolver).not.toHaveBeenCalled();
  });

  it('never blocks saving, even when the test failed', async () => {
    const { onSave } = renderWith(async () => ({ ok: false, error: 'HTTP 404' }));
    type(urlField(), 'https://dns.example/dns-query');
    fireEvent.click(screen.getByTestId('test-resolver'));
    await waitFor(() => expect(screen.getByTestId('resolver-test-result').textContent).toMatch(/HTTP 404/));
    fireEvent.click(screen.getByTestId('save-settings'));
    await screen.findByTestId('settings-saved');
    expect(onSave).toHaveBeenCalled();
  });
});
