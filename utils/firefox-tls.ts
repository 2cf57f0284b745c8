// Firefox only: the policy host's certificate, read while the policy is fetched. A blocking onHeadersReceived
// listener is the one place where webRequest.getSecurityInfo answers; a failed connection (e.g. a refused
// certificate) never gets there, so onErrorOccurred keeps Firefox's error name (SEC_ERROR_UNKNOWN_ISSUER…).
import { browser } from 'wxt/browser';
import { readSubjectAltNames } from '../lib/certificate/der';
import type { CertificateSummary, PolicyTlsEvidence, TlsObserver } from '../lib/certificate/types';

/** What Firefox's getSecurityInfo returns, as far as we read it (see MDN: webRequest.SecurityInfo). */
interface FirefoxCertificate {
  subject: string;
  issuer: string;
  validity: { start: number; end: number };
  fingerprint?: { sha256?: string };
  rawDER?: number[];
}
interface FirefoxSecurityInfo {
  state: string;
  protocolVersion?: string;
  certificates: FirefoxCertificate[];
}
interface RequestDetails {
  requestId: string;
  url: string;
  error?: string;
}
interface RequestEvent<R> {
  addListener(listener: (details: RequestDetails) => R, filter: { urls: string[] }, extra?: string[]): void;
  removeListener(listener: (details: RequestDetails) => R): void;
}
interface FirefoxWebRequest {
  getSecurityInfo(
    requestId: string,
    options: { certificateChain: boolean; rawDER: boolean },
  ): Promise<FirefoxSecurityInfo>;
  onHeadersReceived: RequestEvent<Promise<Record<string, never>>>;
  onErrorOccurred: RequestEvent<void>;
}

/** Policy URLs only: the match pattern cannot say "mta-sts.*", so the host is checked in the listener. */
const POLICY_URLS = ['https://*/.well-known/mta-sts.txt'];
/** How long `finish()` waits for Firefox's report after the fetch settled (the events may come after it). */
const GRACE_MS = 1_000;

export function toCertificateSummary(cert: FirefoxCertificate): CertificateSummary {
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    notBefore: new Date(cert.validity.start).toISOString(),
    notAfter: new Date(cert.validity.end).toISOString(),
    subjectAltNames: cert.rawDER ? readSubjectAltNames(Uint8Array.from(cert.rawDER)) : null,
    sha256: cert.fingerprint?.sha256 ?? null,
  };
}

/**
 * Starts listening and returns the observer to hand to checkDomain, or undefined where the browser has no
 * getSecurityInfo (Chrome): the report then has no `policyTls` and says the browser does not expose it.
 */
export function registerFirefoxTlsObserver(): { observeTls: TlsObserver; remove(): void } | undefined {
  const webRequest = (browser as unknown as { webRequest?: Partial<FirefoxWebRequest> }).webRequest;
  if (typeof webRequest?.getSecurityInfo !== 'function' || !webRequest.onHeadersReceived) return undefined;
  const api = webRequest as FirefoxWebRequest;
  // Watches by URL; each waits for the first report about its URL.
  const watches = new Map<string, Set<(evidence: PolicyTlsEvidence) => void>>();

  const report = (url: string, evidence: PolicyTlsEvidence) => {
    for (const deliver of watches.get(url) ?? []) deliver(evidence);
  };
  const isPolicyHost = (url: string) => new URL(url).hostname.startsWith('mta-sts.');

  const onHeaders = async (details: RequestDetails): Promise<Record<string, never>> => {
    if (!watches.has(details.url) || !isPolicyHost(details.url)) return {};
    try {
      const info = await api.getSecurityInfo(details.requestId, { certificateChain: true, rawDER: true });
      report(details.url, {
        kind: 'connected',
        protocol: info.protocolVersion ?? null,
        chain: info.certificates.map(toCertificateSummary),
      });
    } catch (error) {
      report(details.url, { kind: 'failed', error: `getSecurityInfo: ${(error as Error).message}` });
    }
    return {};
  };
  const onError = (details: RequestDetails) => {
    if (watches.has(details.url)) report(details.url, { kind: 'failed', error: details.error ?? 'unknown' });
  };
  api.onHeadersReceived.addListener(onHeaders, { urls: POLICY_URLS }, ['blocking']);
  api.onErrorOccurred.addListener(onError, { urls: POLICY_URLS });

  const observeTls: TlsObserver = (url) => {
    let seen: PolicyTlsEvidence | undefined;
    let wake: (() => void) | undefined;
    const deliver = (evidence: PolicyTlsEvidence) => {
      seen ??= evidence;
      wake?.();
    };
    const set = watches.get(url) ?? new Set();
    set.add(deliver);
    watches.set(url, set);
    const stop = () => {
      set.delete(deliver);
      if (set.size === 0 && watches.get(url) === set) watches.delete(url);
    };
    return {
      async finish() {
        if (!seen) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, GRACE_MS);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
        stop();
        return seen ?? { kind: 'not-seen' };
      },
    };
  };
  return {
    observeTls,
    remove() {
      api.onHeadersReceived.removeListener(onHeaders);
      api.onErrorOccurred.removeListener(onError);
    },
  };
}
