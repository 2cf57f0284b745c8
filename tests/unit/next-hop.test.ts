// The background learns each resolver's protocol from Resource Timing and lets an HTTP/2 or HTTP/3 resolver take
// many questions at once.
import { describe, expect, it } from 'vitest';
import { MAX_DOH_IN_FLIGHT, MAX_DOH_IN_FLIGHT_UNQUEUED } from '../../lib/dns/cache';
import { type HeadersReceivedEvent, protocolOfStatusLine, watchNextHopProtocols } from '../../utils/next-hop';

const RESOLVER = 'https://dns.example/dns-query';

/** A PerformanceObserver whose entries the test hands in. */
function fakeObserver() {
  const state = {
    observed: [] as PerformanceObserverInit[],
    disconnected: false,
    deliver: (_entries: { name: string; nextHopProtocol: string }[]) => {},
  };
  class FakeObserver {
    constructor(callback: PerformanceObserverCallback) {
      state.deliver = (entries) =>
        callback(
          { getEntries: () => entries } as unknown as PerformanceObserverEntryList,
          this as unknown as PerformanceObserver,
        );
    }
    observe(init: PerformanceObserverInit) {
      state.observed.push(init);
    }
    disconnect() {
      state.disconnected = true;
    }
  }
  return { state, Observer: FakeObserver };
}

describe('the requests a resolver may have in flight, by the protocol the browser uses', () => {
  it('watches resource entries, including those already buffered', () => {
    const { state, Observer } = fakeObserver();
    watchNextHopProtocols({ Observer });
    expect(state.observed).toEqual([{ type: 'resource', buffered: true }]);
  });

  it.each([
    ['HTTP/2', 'h2', MAX_DOH_IN_FLIGHT_UNQUEUED],
    ['HTTP/3', 'h3', MAX_DOH_IN_FLIGHT_UNQUEUED],
    ['HTTP/1.1', 'http/1.1', MAX_DOH_IN_FLIGHT],
    ['a withheld protocol (empty)', '', MAX_DOH_IN_FLIGHT],
  ])('a resolver last reached over %s takes %s', (_name, protocol, expected) => {
    const { state, Observer } = fakeObserver();
    const watch = watchNextHopProtocols({ Observer });
    expect(watch.dohInFlight(RESOLVER)).toBe(MAX_DOH_IN_FLIGHT);
    state.deliver([{ name: `${RESOLVER}?dns=AAAB`, nextHopProtocol: protocol }]);
    expect(watch.dohInFlight(RESOLVER)).toBe(expected);
  });

  it('follows the latest protocol of the origin (a resolver that falls back to HTTP/1.1)', () => {
    const { state, Observer } = fakeObserver();
    const watch = watchNextHopProtocols({ Observer });
    watch.dohInFlight(RESOLVER);
    state.deliver([{ name: `${RESOLVER}?dns=A`, nextHopProtocol: 'h2' }]);
    state.deliver([{ name: 'https://dns.example/other?x', nextHopProtocol: 'http/1.1' }]);
    expect(watch.dohInFlight(RESOLVER)).toBe(MAX_DOH_IN_FLIGHT);
  });

  it('remembers only the origins it was asked about (not every policy host of an audit)', () => {
    const { state, Observer } = fakeObserver();
    const watch = watchNextHopProtocols({ Observer });
    state.deliver([{ name: `${RESOLVER}?dns=A`, nextHopProtocol: 'h2' }]);
    // The entry came before anyone asked about that resolver: it is not kept.
    expect(watch.dohInFlight(RESOLVER)).toBe(MAX_DOH_IN_FLIGHT);
    state.deliver([
      { name: 'https://mta-sts.vendor.example/.well-known/mta-sts.txt', nextHopProtocol: 'h2' },
    ]);
    expect(watch.dohInFlight('https://mta-sts.vendor.example/')).toBe(MAX_DOH_IN_FLIGHT);
  });

  it.each([
    ['no PerformanceObserver', null],
    [
      'an observer that refuses resource entries',
      class {
        observe() {
          throw new TypeError('resource is not supported');
        }
        disconnect() {}
      },
    ],
  ])('counts every resolver as HTTP/1.1 with %s', (_name, Observer) => {
    const watch = watchNextHopProtocols({ Observer });
    expect(watch.dohInFlight(RESOLVER)).toBe(MAX_DOH_IN_FLIGHT);
    expect(() => watch.stop()).not.toThrow();
  });

  it('answers HTTP/1.1 for an address that is not a URL, and stops watching on stop', () => {
    const { state, Observer } = fakeObserver();
    const watch = watchNextHopProtocols({ Observer });
    expect(watch.dohInFlight('not a url')).toBe(MAX_DOH_IN_FLIGHT);
    watch.stop();
    expect(state.disconnected).toBe(true);
  });
});

describe("Firefox: the protocol from the status line of the resolver's answers", () => {
  it.each([
    ['HTTP/2.0 200 ', 'h2'],
    ['HTTP/2 200', 'h2'],
    ['HTTP/3 200', 'h3'],
    ['HTTP/1.1 200 OK', 'http/1.1'],
    ['HTTP/1.0 200 OK', 'http/1.0'],
    ['http/2.0 200 ', 'h2'],
    ['', undefined],
    ['200 OK', undefined],
    ['HTTP/x 200', undefined],
  ])('reads %j as %s', (line, protocol) => {
    expect(protocolOfStatusLine(line)).toBe(protocol);
  });

  /** A webRequest event whose answers the test hands in. */
  function fakeHeadersReceived() {
    const listeners = new Map<
      (d: { url: string; statusLine?: string }) => void,
      { urls: string[]; tabId?: number }
    >();
    const event: HeadersReceivedEvent = {
      addListener: (listener, filter) => listeners.set(listener, filter),
      removeListener: (listener) => listeners.delete(listener),
    };
    const answer = (url: string, statusLine?: string) => {
      for (const listener of [...listeners.keys()]) listener({ url, statusLine });
    };
    return { event, listeners, answer };
  }

  it('listens to answers of no tab from the resolver host, and lets an HTTP/2 resolver take more', () => {
    const { event, listeners, answer } = fakeHeadersReceived();
    const watch = watchNextHopProtocols({ Observer: null, headersReceived: event });
    const url = 'https://dns.example:8443/dns-query';
    expect(watch.dohInFlight(url)).toBe(MAX_DOH_IN_FLIGHT);
    expect([...listeners.values()]).toEqual([{ urls: ['https://dns.example/*'], tabId: -1 }]);
    // Another port of the same host is another origin; an answer without a status line says nothing.
    answer('https://dns.example:9443/dns-query?dns=A', 'HTTP/2.0 200 ');
    answer(`${url}?dns=A`);
    expect(watch.dohInFlight(url)).toBe(MAX_DOH_IN_FLIGHT);
    answer(`${url}?dns=B`, 'HTTP/2.0 200 ');
    expect(watch.dohInFlight(url)).toBe(MAX_DOH_IN_FLIGHT_UNQUEUED);
    // Known now: it stopped listening.
    expect(listeners.size).toBe(0);
  });

  it('keeps an HTTP/1.1 resolver at 6, and stops every listener on stop', () => {
    const { event, listeners, answer } = fakeHeadersReceived();
    const watch = watchNextHopProtocols({ Observer: null, headersReceived: event });
    watch.dohInFlight('https://one.example/dns-query');
    watch.dohInFlight('https://two.example/dns-query');
    answer('https://one.example/dns-query?dns=A', 'HTTP/1.1 200 OK');
    expect(watch.dohInFlight('https://one.example/dns-query')).toBe(MAX_DOH_IN_FLIGHT);
    expect(listeners.size).toBe(1);
    watch.stop();
    expect(listeners.size).toBe(0);
  });

  it('counts a resolver as HTTP/1.1 when the browser refuses the listener', () => {
    const event: HeadersReceivedEvent = {
      addListener: () => {
        throw new Error('Invalid url pattern');
      },
      removeListener: () => {},
    };
    const watch = watchNextHopProtocols({ Observer: null, headersReceived: event });
    expect(watch.dohInFlight('https://[::1]:8443/dns-query')).toBe(MAX_DOH_IN_FLIGHT);
  });
});
