// Which HTTP protocol the browser speaks to each DoH resolver, read from Resource Timing (`nextHopProtocol`) of
// the background's own requests. A resolver on HTTP/2 or HTTP/3 takes many requests at once on one connection;
// on HTTP/1.1 the browser queues them beyond 6 per host (lib/dns/cache.ts says what each allows).
import { dohInFlightForProtocol } from '../lib/dns/cache';

type ObserverConstructor = new (
  callback: PerformanceObserverCallback,
) => Pick<PerformanceObserver, 'observe' | 'disconnect'>;

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * `dohInFlight` for the check service: the requests a resolver may have in flight at once, by the protocol the
 * browser last used to reach its origin (HTTP/1.1 until that is known). Only origins asked about are
 * remembered, so a long audit's policy hosts do not pile up. Without Resource Timing every resolver counts as
 * HTTP/1.1.
 */
export function watchNextHopProtocols(
  Observer: ObserverConstructor | undefined = globalThis.PerformanceObserver,
): { dohInFlight(serverUrl: string): number; stop(): void } {
  const protocols = new Map<string, string | undefined>();
  /** Each server URL's origin, worked out once (asked after every exchange). */
  const origins = new Map<string, string | null>();
  let observer: Pick<PerformanceObserver, 'disconnect'> | null = null;
  try {
    if (Observer) {
      const watching = new Observer((list) => {
        for (const entry of list.getEntries()) {
          const protocol = (entry as PerformanceResourceTiming).nextHopProtocol;
          if (!protocol) continue;
          // Compared as text: an audit brings thousands of entries, and parsing each would cost more.
          for (const origin of protocols.keys())
            if (entry.name.startsWith(origin) && entry.name[origin.length] === '/')
              protocols.set(origin, protocol);
        }
      });
      watching.observe({ type: 'resource', buffered: true });
      observer = watching;
    }
  } catch {
    // No Resource Timing here: every resolver counts as HTTP/1.1.
  }
  return {
    dohInFlight(serverUrl) {
      let origin = origins.get(serverUrl);
      if (origin === undefined) {
        origin = originOf(serverUrl);
        if (origins.size < 100) origins.set(serverUrl, origin);
      }
      if (origin === null) return dohInFlightForProtocol(undefined);
      if (!protocols.has(origin)) protocols.set(origin, undefined);
      return dohInFlightForProtocol(protocols.get(origin));
    },
    stop() {
      observer?.disconnect();
    },
  };
}
