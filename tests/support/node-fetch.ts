// A `fetch` for Node tests that sends `https://<any host>/…` to local servers on 127.0.0.1 while keeping
// real TLS: SNI and certificate name checks use the real host name, and only the given CA(s) are trusted.
// Hosts that are not mapped fail the way an unknown DNS name does (ENOTFOUND), before any connection.
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';

export interface TestFetchOptions {
  /** PEM certificates of the CAs to trust (nothing else is trusted, not even the system store). */
  ca: string[];
  /** Host name → port on 127.0.0.1; `undefined` means "does not resolve". */
  hostMap: Record<string, number> | ((host: string) => number | undefined);
}

export interface TestFetch {
  fetch: typeof fetch;
  /** Closes pooled connections; call in afterAll. */
  close(): Promise<void>;
}

function notFound(host: string): Error {
  const error = new Error(`getaddrinfo ENOTFOUND ${host}`) as Error & { code: string; hostname: string };
  error.code = 'ENOTFOUND';
  error.hostname = host;
  return error;
}

/** Like `createTestFetch` but also returns a way to close the connection pool. */
export function createTestFetchWithAgent(options: TestFetchOptions): TestFetch {
  const lookup =
    typeof options.hostMap === 'function'
      ? options.hostMap
      : (host: string) => {
          const map = options.hostMap as Record<string, number>;
          return Object.hasOwn(map, host) ? map[host] : undefined;
        };
  // allowH2: servers that offer HTTP/2 (the DoH test server) get it, as browsers would negotiate it.
  const connectTls = buildConnector({ ca: options.ca, rejectUnauthorized: true, allowH2: true });

  const agent = new Agent({
    allowH2: true,
    connect(connectOptions, callback) {
      const host = connectOptions.hostname.toLowerCase();
      const port = lookup(host);
      if (port === undefined) {
        callback(notFound(host), null);
        return;
      }
      // Dial 127.0.0.1:<port>, but present and verify the real name (SNI + certificate check).
      connectTls(
        { ...connectOptions, hostname: '127.0.0.1', port: String(port), servername: host },
        callback,
      );
    },
  });

  const testFetch = ((input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
    // undici@7 accepts `cache`, `credentials` and `redirect` as in browsers (no option needs dropping).
    undiciFetch(input, { ...init, dispatcher: agent })) as unknown as typeof fetch;

  return { fetch: testFetch, close: () => agent.close() };
}

/** A `typeof fetch` routing mapped host names to local ports with real TLS verification against `ca`. */
export function createTestFetch(options: TestFetchOptions): typeof fetch {
  return createTestFetchWithAgent(options).fetch;
}
