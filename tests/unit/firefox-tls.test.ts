import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { registerFirefoxTlsObserver, toCertificateSummary } from '../../utils/firefox-tls';
import { issueLeafCert } from '../support/certs';

type Listener = (details: { requestId: string; url: string; error?: string }) => unknown;

/** Firefox's webRequest as far as the observer uses it: listeners we can fire, getSecurityInfo answering `info`. */
function installFakeWebRequest(info: unknown) {
  const headers: Listener[] = [];
  const errors: Listener[] = [];
  const event = (list: Listener[]) => ({
    addListener: (l: Listener) => list.push(l),
    removeListener: (l: Listener) => list.splice(list.indexOf(l), 1),
  });
  const getSecurityInfo = vi.fn(async () => info);
  Object.assign(fakeBrowser, {
    webRequest: { getSecurityInfo, onHeadersReceived: event(headers), onErrorOccurred: event(errors) },
  });
  return {
    getSecurityInfo,
    headersReceived: (url: string) => Promise.all(headers.map((l) => l({ requestId: '7', url }))),
    errorOccurred: (url: string, error: string) => {
      for (const l of errors) l({ requestId: '7', url, error });
    },
  };
}

const URL_A = 'https://mta-sts.a.test/.well-known/mta-sts.txt';
const ISSUED = { start: Date.parse('2026-11-01T00:00:00Z'), end: Date.parse('2026-12-10T00:00:00Z') };

afterEach(() => {
  vi.useRealTimers();
  Object.assign(fakeBrowser, { webRequest: undefined });
});

describe('registerFirefoxTlsObserver', () => {
  it('is not offered where the browser has no getSecurityInfo (Chrome)', () => {
    Object.assign(fakeBrowser, { webRequest: undefined });
    expect(registerFirefoxTlsObserver()).toBeUndefined();
  });

  it('reads the chain of the watched policy request, and asks for it only then', async () => {
    const { cert } = await issueLeafCert(['mta-sts.a.test']);
    const raw = [...new X509Certificate(cert).raw];
    const fake = installFakeWebRequest({
      state: 'secure',
      protocolVersion: 'TLSv1.3',
      certificates: [{ subject: 'CN=mta-sts.a.test', issuer: 'CN=Test CA', validity: ISSUED, rawDER: raw }],
    });
    const observer = registerFirefoxTlsObserver();
    await fake.headersReceived('https://mta-sts.b.test/.well-known/mta-sts.txt');
    expect(fake.getSecurityInfo).not.toHaveBeenCalled();

    const watch = observer?.observeTls(URL_A);
    await fake.headersReceived(URL_A);
    expect(await watch?.finish()).toEqual({
      kind: 'connected',
      protocol: 'TLSv1.3',
      chain: [
        {
          subject: 'CN=mta-sts.a.test',
          issuer: 'CN=Test CA',
          notBefore: '2026-11-01T00:00:00.000Z',
          notAfter: '2026-12-10T00:00:00.000Z',
          subjectAltNames: ['mta-sts.a.test'],
          sha256: null,
        },
      ],
    });
    expect(fake.getSecurityInfo).toHaveBeenCalledWith('7', { certificateChain: true, rawDER: true });
    observer?.remove();
  });

  it('keeps the error Firefox reported for a failed connection, even when it arrives after the fetch', async () => {
    const fake = installFakeWebRequest(null);
    const watch = registerFirefoxTlsObserver()?.observeTls(URL_A);
    const finished = watch?.finish();
    fake.errorOccurred(URL_A, 'Peer’s Certificate issuer is not recognized.');
    expect(await finished).toEqual({ kind: 'failed', error: 'Peer’s Certificate issuer is not recognized.' });
  });

  it('gives up after a short grace when Firefox reports nothing', async () => {
    vi.useFakeTimers();
    installFakeWebRequest(null);
    const finished = registerFirefoxTlsObserver()?.observeTls(URL_A).finish();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await finished).toEqual({ kind: 'not-seen' });
  });
});

describe('toCertificateSummary', () => {
  it.each([
    ['without DER, names are unknown', undefined, null],
    ['with unreadable DER, names are unknown', [1, 2, 3], null],
  ])('%s', (_, rawDER, names) => {
    const summary = toCertificateSummary({ subject: 'CN=x', issuer: 'CN=y', validity: ISSUED, rawDER });
    expect(summary.subjectAltNames).toBe(names);
    expect(summary.notAfter).toBe('2026-12-10T00:00:00.000Z');
  });
});
