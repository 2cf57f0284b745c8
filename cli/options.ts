// The check command's options: parsed and validated in one place, every mistake a one-line message.
import { parseArgs } from 'node:util';
import { MAX_CONCURRENCY } from '../lib/audit/run-audit';
import { parseResolverChoice, type Settings } from '../lib/settings';
import { FORMATS, type Format, isFormat } from './formats';
import { type ConnectToRule, parseConnectTo } from './net';

export const USAGE = `usage: mta-sts [options] <domain | URL | e-mail address>...
       mta-sts [options] --input FILE|- [--column NAME|N]

Checks the MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) setup of each domain.
URLs and host names are reduced to their registrable domain (www.shop.example.co.uk -> example.co.uk);
an e-mail address gives the domain after the @.

  --input FILE|-         read the domains from FILE, or from stdin with "-": one domain, URL or address
                         per line, or several separated by commas or spaces; "#" starts a comment
  --column NAME|N        read the input as CSV and take this column (header name, or number from 1);
                         a FILE ending in .csv is read as CSV without it (the column that looks most
                         like domains, named on stderr)
  --exact                check host names and URLs as written (www.example.com), not their
                         registrable domain
  --format FORMAT        text (default), json, ndjson or csv
  --json                 same as --format json
  --concurrency N        checks running at once, 1-${MAX_CONCURRENCY} (default 8)
  --resolver NAME|URL    DNS-over-HTTPS resolver: cloudflare (default), google, quad9 or an https:// URL
  --timeout MS           bound on the whole run: checks still running after MS milliseconds are
                         stopped and reported as ERROR
  --connect-to HOST:PORT:ADDR:PORT
                         connect to ADDR:PORT when asked for HOST:PORT (TLS still verifies HOST)
  -h, --help             this text

Exit code: 0 every domain SUCCESS, 1 any WARNING, 2 any ERROR, any input that is not a domain, or bad usage.
`;

export interface CheckOptions {
  help: boolean;
  /** Domains, URLs or addresses given as arguments ("-" removed: it is `input`). */
  entries: string[];
  /** A file path, or "-" for stdin. */
  input: string | null;
  column: string | null;
  exact: boolean;
  format: Format;
  concurrency: number | undefined;
  /** The whole run's bound in milliseconds; null: none. */
  timeoutMs: number | null;
  settings: Settings;
  connectTo: ConnectToRule[];
}

const OPTIONS = {
  input: { type: 'string' },
  column: { type: 'string' },
  exact: { type: 'boolean' },
  format: { type: 'string' },
  json: { type: 'boolean' },
  concurrency: { type: 'string' },
  resolver: { type: 'string' },
  timeout: { type: 'string' },
  'connect-to': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

const WHOLE_NUMBER = /^\d{1,9}$/;

/** The options, or the sentence saying what is wrong with them. */
export function parseCheckOptions(argv: string[], defaults: Settings): CheckOptions | { error: string } {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    return { error: (e as Error).message };
  }
  const { values, positionals } = parsed;

  const stdinArguments = positionals.filter((p) => p === '-').length;
  const input = values.input ?? (stdinArguments > 0 ? '-' : null);
  if (stdinArguments > 1 || (stdinArguments > 0 && values.input !== undefined)) {
    return { error: 'give one input: --input FILE, --input - or a single "-"' };
  }
  if (values.column !== undefined && input === null) {
    return { error: '--column needs --input FILE or --input -' };
  }

  let format: Format = 'text';
  if (values.format !== undefined) {
    if (!isFormat(values.format)) {
      return { error: `--format must be ${FORMATS.join(', ')}, not "${values.format}"` };
    }
    format = values.format;
  }
  if (values.json) {
    if (values.format !== undefined && values.format !== 'json') {
      return { error: `--json contradicts --format ${values.format}` };
    }
    format = 'json';
  }

  let concurrency: number | undefined;
  if (values.concurrency !== undefined) {
    concurrency = WHOLE_NUMBER.test(values.concurrency) ? Number(values.concurrency) : Number.NaN;
    if (!(concurrency >= 1 && concurrency <= MAX_CONCURRENCY)) {
      return { error: `--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}` };
    }
  }

  let timeoutMs: number | null = null;
  if (values.timeout !== undefined) {
    timeoutMs = WHOLE_NUMBER.test(values.timeout) ? Number(values.timeout) : 0;
    if (timeoutMs <= 0) return { error: '--timeout must be a positive whole number of milliseconds' };
  }

  let resolver: Pick<Settings, 'resolver' | 'customUrl'> = defaults;
  if (values.resolver !== undefined) {
    const choice = parseResolverChoice(values.resolver);
    if (!choice.ok) return { error: `--resolver: ${choice.error}` };
    resolver = choice;
  }

  const connectTo: ConnectToRule[] = [];
  for (const text of values['connect-to'] ?? []) {
    const rule = parseConnectTo(text);
    if (!rule) return { error: `--connect-to must be HOST:PORT:ADDR:PORT, not "${text}"` };
    connectTo.push(rule);
  }

  return {
    help: values.help ?? false,
    entries: positionals.filter((p) => p !== '-'),
    input,
    column: values.column ?? null,
    exact: values.exact ?? false,
    format,
    concurrency,
    timeoutMs,
    settings: {
      ...defaults,
      resolver: resolver.resolver,
      customUrl: resolver.customUrl,
      // No single lookup may outlast the whole run.
      dnsTimeoutMs: Math.min(defaults.dnsTimeoutMs, timeoutMs ?? Number.POSITIVE_INFINITY),
      policyTimeoutMs: Math.min(defaults.policyTimeoutMs, timeoutMs ?? Number.POSITIVE_INFINITY),
    },
    connectTo,
  };
}
