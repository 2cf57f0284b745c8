#!/usr/bin/env -S npx tsx
// Command-line checker: the same lib/ code as the extension, with Node's own fetch.
//   npm run mta-sts -- <domain...> [--json] [--resolver cloudflare|google|quad9|URL]
//                      [--connect-to HOST:PORT:ADDR:PORT] [--timeout MS]
// Exit code: 0 every domain SUCCESS, 1 any WARNING, 2 any ERROR (or bad usage).
import { parseArgs } from 'node:util';
import { checkDomain } from '../lib/check/check-domain';
import type { ResolverSetting } from '../lib/dns/types';
import { createReportText } from '../lib/report/text';
import type { Report } from '../lib/report/types';
import { toSafeJson } from '../lib/untrusted-text';

const USAGE = `usage: npm run mta-sts -- <domain...> [--json] [--resolver cloudflare|google|quad9|https://URL]
       [--connect-to HOST:PORT:ADDR:PORT]... [--timeout MS]`;

export function parseResolver(value: string | undefined): ResolverSetting | string {
  if (value === undefined) return { kind: 'preset', preset: 'cloudflare' };
  if (value === 'cloudflare' || value === 'google' || value === 'quad9')
    return { kind: 'preset', preset: value };
  if (/^https:\/\//i.test(value)) return { kind: 'custom', url: value };
  return `--resolver must be cloudflare, google, quad9 or an https:// URL, not "${value}"`;
}

/** curl-style HOST:PORT:ADDR:PORT: connect to ADDR:PORT when asked for HOST:PORT, keeping SNI and TLS checks. */
async function createConnectToFetch(rules: string[]): Promise<typeof fetch | string> {
  const map = new Map<string, { address: string; port: number }>();
  for (const rule of rules) {
    const m = /^([^:]+):(\d+):(\[[^\]]+\]|[^:]+):(\d+)$/.exec(rule);
    if (!m) return `--connect-to must be HOST:PORT:ADDR:PORT, not "${rule}"`;
    const [, host, port, address, toPort] = m as unknown as [string, string, string, string, string];
    map.set(`${host.toLowerCase()}:${port}`, {
      address: address.replace(/^\[|\]$/g, ''),
      port: Number(toPort),
    });
  }
  const { Agent, buildConnector, fetch: undiciFetch } = await import('undici');
  const connector = buildConnector({});
  const agent = new Agent({
    connect(options, callback) {
      const port = options.port || (options.protocol === 'https:' ? '443' : '80');
      const target = map.get(`${options.hostname.toLowerCase()}:${port}`);
      if (!target) return connector(options, callback);
      return connector(
        { ...options, hostname: target.address, port: String(target.port), servername: options.hostname },
        callback,
      );
    },
  });
  return ((url: string | URL | Request, init?: RequestInit) =>
    undiciFetch(
      url as string,
      { ...(init as object), dispatcher: agent } as never,
    )) as unknown as typeof fetch;
}

export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{
      options: {
        json: { type: 'boolean' };
        resolver: { type: 'string' };
        'connect-to': { type: 'string'; multiple: true };
        timeout: { type: 'string' };
        help: { type: 'boolean'; short: 'h' };
      };
      allowPositionals: true;
    }>
  >;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean' },
        resolver: { type: 'string' },
        'connect-to': { type: 'string', multiple: true },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (e) {
    err.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) {
    err.write(`${USAGE}\n`);
    return 2;
  }
  const resolverSetting = parseResolver(values.resolver);
  if (typeof resolverSetting === 'string') {
    err.write(`${resolverSetting}\n`);
    return 2;
  }
  let fetchImpl: typeof fetch = globalThis.fetch;
  if (values['connect-to']?.length) {
    const made = await createConnectToFetch(values['connect-to']);
    if (typeof made === 'string') {
      err.write(`${made}\n`);
      return 2;
    }
    fetchImpl = made;
  }
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0)) {
    err.write('--timeout must be a positive number of milliseconds\n');
    return 2;
  }
  const reports: Report[] = await Promise.all(
    positionals.map((domain) =>
      checkDomain(domain, {
        fetch: fetchImpl,
        resolverSetting,
        dnsTimeoutMs: timeout,
        policyTimeoutMs: timeout,
      }),
    ),
  );
  out.write(
    values.json
      ? `${toSafeJson(positionals.length === 1 ? reports[0] : reports, 2)}\n`
      : reports.map(createReportText).join('\n'),
  );
  if (reports.some((r) => r.status === 'ERROR')) return 2;
  if (reports.some((r) => r.status === 'WARNING')) return 1;
  return 0;
}

// Run only when executed directly, so tests can import main().
if (process.argv[1] && /mta-sts\.ts$/.test(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`internal error: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
