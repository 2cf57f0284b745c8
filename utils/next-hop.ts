// Which HTTP protocol the browser speaks to each DoH resolver. A resolver on HTTP/2 or HTTP/3 takes many requests
// at once on one connection; on HTTP/1.1 the browser queues them beyond 6 per host (lib/dns/cache.ts says what
// each allows). Chrome says it in Resource Timing (`nextHopProtocol`) of the background's own requests; Firefox
// leaves that empty for another origin, but its webRequest events carry the response's status line.
import { dohInFlightForProtocol } from '../lib/dns/cache';

type ObserverConstructor = new (
  callback: PerformanceObserverCallback,
) => Pick<PerformanceObserver, 'observe' | 'disconnect'>;

/** The part of Firefox's webRequest.onHeadersReceived used here. */
export interface HeadersReceivedEvent {
  addListener(
    listener: (details: { url: string; statusLine?: string }) => void,
    filter: { urls: string[]; tabId?: number },
  ): void;
  removeListener(listener: (details: { url: string; statusLine?: string }) => void): void;
}

export interface NextHopSources {
  /** Resource Timing's observer (default: the global one; null: none). */
  Observer?: ObserverConstructor | null;
  /** Firefox's webRequest.onHeadersReceived: status lines of the resolver's answers. */
  headersReceived?: HeadersReceivedEvent;
}

/** Whether `url` is on `origin` (compared as text: an audit brings thousands of entries to test). */
function isOn(url: string, origin: string): boolean {
  return url.startsWith(origin) && url[origin.length] === '/';
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The ALPN id of a status line's HTTP version ("HTTP/2.0 200 " → "h2"), or undefined. */
export function protocolOfStatusLine(statusLine: string): string | undefined {
  const version = /^HTTP\/(\d)(?:\.(\d))?\s/i.exec(statusLine);
  if (!version) return undefined;
  if (version[1] === '2' || version[1] === '3') return `h${version[1]}`;
  return `http/${version[1]}.${version[2] ?? '0'}`;
}

/**
 * `dohInFlight` for the check service: the requests a resolver may have in flight at once, by the protocol the
 * browser last used to reach its origin (HTTP/1.1 until that is known). Only origins asked about are
 * remembered, so a long audit's policy hosts do not pile up. With neither source every resolver counts as
 * HTTP/1.1.
 */
export function watchNextHopProtocols(sources: NextHopSources = {}): {
  dohInFlight(serverUrl: string): number;
  stop(): void;
} {
  const { headersReceived } = sources;
  const Observer = sources.Observer === undefined ? globalThis.PerformanceObserver : sources.Observer;
  const protocols = new Map<string, string | undefined>();
  /** Each server URL's origin, worked out once (asked after every exchange). */
  const origins = new Map<string, string | null>();
  const stops: Array<() => void> = [];
  try {
    if (Observer) {
      const watching = new Observer((list) => {
        for (const entry of list.getEntries()) {
          const protocol = (entry as PerformanceResourceTiming).nextHopProtocol;
          if (!protocol) continue;
          for (const origin of protocols.keys())
            if (isOn(entry.name, origin)) protocols.set(origin, protocol);
        }
      });
      watching.observe({ type: 'resource', buffered: true });
      stops.push(() => watching.disconnect());
    }
  } catch {
    // No Resource Timing here.
  }

  /** Firefox: the first answer from `origin` that has a status line names its protocol; then it stops listening. */
  const listenFor = (origin: string) => {
    if (!headersReceived) return;
    const url = new URL(origin);
    const listener = (details: { url: string; statusLine?: string }) => {
      if (!isOn(details.url, origin)) return;
      const protocol = details.statusLine ? protocolOfStatusLine(details.statusLine) : undefined;
      if (protocol === undefined) return;
      protocols.set(origin, protocol);
      stop();
    };
    const stop = () => headersReceived.removeListener(listener);
    try {
      // A match pattern has no port (the listener checks it); tabId -1: requests of no tab, as the background's.
      headersReceived.addListener(listener, { urls: [`${url.protocol}//${url.hostname}/*`], tabId: -1 });
      stops.push(stop);
    } catch {
      // A host no match pattern can name: the resolver counts as HTTP/1.1.
    }
  };

  return {
    dohInFlight(serverUrl) {
      let origin = origins.get(serverUrl);
      if (origin === undefined) {
        origin = originOf(serverUrl);
        if (origins.size < 100) origins.set(serverUrl, origin);
      }
      if (origin === null) return dohInFlightForProtocol(undefined);
      if (!protocols.has(origin)) {
        protocols.set(origin, undefined);
        listenFor(origin);
      }
      return dohInFlightForProtocol(protocols.get(origin));
    },
    stop() {
      for (const stop of stops.splice(0)) stop();
    },
  };
}
