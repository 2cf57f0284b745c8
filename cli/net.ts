// The command line's own network stack: undici's fetch on one connection pool, host names resolved once per
// run without Node's getaddrinfo, and curl-style --connect-to rules.
//
// Why not getaddrinfo (dns.lookup, the default for every connection): it runs on libuv's four worker threads and
// cannot be cancelled. Offline, or with a system resolver that drops queries, each lookup waits out its own
// timeout, four at a time; aborting the fetch does not stop it, and even process.exit() waits for the worker
// threads to finish. With about twenty lookups per domain, 200 domains printed their results within seconds and
// the process then stayed alive for over ten minutes. Here a name is asked once per run (every connection to it
// shares the answer) through c-ares (node:dns Resolver), which runs on the event loop and is cancelled on close:
// nothing outlives the command. Like every resolver library it reads /etc/resolv.conf, not /etc/hosts;
// --connect-to points a name elsewhere.
import type { LookupAddress } from 'node:dns';
import { Resolver } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { createSecureContext } from 'node:tls';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';

export interface ConnectToRule {
  host: string;
  port: number;
  address: string;
  toPort: number;
}

/** curl's HOST:PORT:ADDR:PORT (ADDR may be a bracketed IPv6 address); null when the text is not one. */
export function parseConnectTo(text: string): ConnectToRule | null {
  const m = /^([^:]+):(\d{1,5}):(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(text);
  if (!m) return null;
  const [, host, port, address, toPort] = m as unknown as [string, string, string, string, string];
  return {
    host: host.toLowerCase(),
    port: Number(port),
    address: address.replace(/^\[|\]$/g, ''),
    toPort: Number(toPort),
  };
}

type ResolveAll = (host: string) => Promise<LookupAddress[]>;

/** Per query to the system's DNS servers (c-ares doubles it on each retry). */
const DNS_TRY_MS = 2000;
const NO_ADDRESS = new Set(['ENOTFOUND', 'ENODATA']);

/** A and AAAA through c-ares; IPv4 first. `cancel` ends every query still waiting. */
export function createNameResolver(): { resolveAll: ResolveAll; cancel(): void } {
  const resolver = new Resolver({ timeout: DNS_TRY_MS, tries: 2 });
  return {
    async resolveAll(host) {
      // RFC 6761 §6.3: localhost names are the loopback addresses, without asking any DNS server.
      if (host === 'localhost' || host.endsWith('.localhost')) {
        return [
          { address: '127.0.0.1', family: 4 },
          { address: '::1', family: 6 },
        ];
      }
      const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
      const addresses: LookupAddress[] = [
        ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 })) : []),
        ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 })) : []),
      ];
      if (addresses.length > 0) return addresses;
      const codes = [v4, v6].map((r) =>
        r.status === 'rejected' ? (r.reason as NodeJS.ErrnoException).code : '',
      );
      const code = codes.every((c) => c && NO_ADDRESS.has(c))
        ? 'ENOTFOUND'
        : (codes.find((c) => c) ?? 'ENOTFOUND');
      throw Object.assign(new Error(`queryA ${code} ${host}`), { code, hostname: host });
    },
    cancel: () => resolver.cancel(),
  };
}

export interface SharedLookup {
  /** For net/tls.connect. */
  lookup: LookupFunction;
  /** The host's addresses (rejects as the system lookup did); asked once, shared by every caller. */
  addresses(host: string): Promise<LookupAddress[]>;
}

/**
 * Asks the system once per host name and shares the answer (and the wait) with every connection to that host.
 * Failures are forgotten after `failureTtlMs`, so a retry asks again.
 */
export function createSharedLookup(
  resolveAll: ResolveAll,
  options: { now?: () => number; failureTtlMs?: number } = {},
): SharedLookup {
  const now = options.now ?? Date.now;
  const failureTtlMs = options.failureTtlMs ?? 10_000;
  const answers = new Map<string, { promise: Promise<LookupAddress[]>; failedAt?: number }>();

  function addresses(host: string): Promise<LookupAddress[]> {
    const key = host.toLowerCase();
    const known = answers.get(key);
    if (known && (known.failedAt === undefined || now() - known.failedAt < failureTtlMs))
      return known.promise;
    const entry: { promise: Promise<LookupAddress[]>; failedAt?: number } = { promise: resolveAll(key) };
    entry.promise.catch(() => {
      entry.failedAt = now();
    });
    answers.set(key, entry);
    return entry.promise;
  }

  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    const fail = (error: NodeJS.ErrnoException) => callback(error, lookupOptions.all ? [] : '', 0 as never);
    addresses(hostname).then((all) => {
      const family = lookupOptions.family;
      const wanted = family === 4 || family === 6 ? all.filter((a) => a.family === family) : all;
      const first = wanted[0];
      if (first === undefined) fail(notFound(hostname));
      else if (lookupOptions.all) callback(null, wanted);
      else callback(null, first.address, first.family);
    }, fail);
  };
  return { lookup, addresses };
}

function notFound(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`queryA ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
}

export interface CliFetch {
  fetch: typeof fetch;
  /** Cancels the name lookups under way and drops every connection. */
  close(): Promise<void>;
}

export function createCliFetch(rules: readonly ConnectToRule[] = []): CliFetch {
  const connectTo = new Map(rules.map((r) => [`${r.host}:${r.port}`, r]));
  const resolver = createNameResolver();
  const names = createSharedLookup(resolver.resolveAll);
  // One TLS context (the system's trusted CAs plus NODE_EXTRA_CA_CERTS) for every connection: building one per
  // connection from the root store costs milliseconds of CPU each.
  const connector = buildConnector({ lookup: names.lookup, secureContext: createSecureContext() });
  const agent = new Agent({
    connect(options, callback) {
      const port = Number(options.port || (options.protocol === 'https:' ? 443 : 80));
      const rule = connectTo.get(`${options.hostname.toLowerCase()}:${port}`);
      if (rule) {
        // Dial the rule's address, but present and verify the real name (SNI and certificate check).
        connector(
          { ...options, hostname: rule.address, port: String(rule.toPort), servername: options.hostname },
          callback,
        );
        return;
      }
      if (isIP(options.hostname.replace(/^\[|\]$/g, '')) !== 0) {
        connector(options, callback);
        return;
      }
      // A name that does not resolve fails here, before a socket is made for it.
      names.addresses(options.hostname).then(
        () => connector(options, callback),
        (error: Error) => callback(error, null),
      );
    },
  });
  const cliFetch = ((input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(input, { ...init, dispatcher: agent })) as unknown as typeof fetch;
  return {
    fetch: cliFetch,
    close: () => {
      resolver.cancel();
      return agent.destroy();
    },
  };
}
