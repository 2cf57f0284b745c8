// One RFC 8484 exchange with one DoH server: GET with the query in the `dns` parameter, strict checks on the
// HTTP answer, a size cap and a timeout. Failures come back as data with a sentence describing them.
import { limitedFetch } from '../http/limited-fetch';
import { encodeBase64Url } from './base64url';

export const DNS_MESSAGE_TYPE = 'application/dns-message';
/** How a timed-out exchange is described; the audit looks for it to slow down (lib/audit/run-audit.ts). */
export const TIMEOUT_PHRASE = 'did not answer within';

export type TransportResult =
  | { ok: true; body: Uint8Array }
  /** `reason` completes the sentence "The DNS-over-HTTPS resolver X …". */
  | { ok: false; kind: 'timeout' | 'cancelled' | 'network' | 'http'; reason: string };

export interface TransportOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  maxResponseBytes: number;
  signal?: AbortSignal;
}

export function formatDuration(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0
    ? `${ms / 1000} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(1)} s`
      : `${ms} ms`;
}

/** Adds the RFC 8484 §4.1 `dns` parameter (base64url, no padding) to the server's URL template. */
export function createDohUrl(server: string, query: Uint8Array): string {
  const url = new URL(server);
  url.hash = '';
  url.searchParams.set('dns', encodeBase64Url(query));
  return url.toString();
}

/** What went wrong underneath `fetch failed`: Node puts a code on `cause`; browsers only say "Failed to fetch". */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : null;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND') return 'its host name does not resolve';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the connection was closed unexpectedly';
  if (code !== null) return code;
  if (typeof cause?.message === 'string' && cause.message !== '') return cause.message;
  return error instanceof Error && error.message !== '' ? error.message : 'network error';
}

function isMediaType(contentType: string | null, expected: string): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === expected;
}

export async function fetchDnsMessage(
  server: string,
  query: Uint8Array,
  options: TransportOptions,
): Promise<TransportResult> {
  const result = await limitedFetch(createDohUrl(server, query), {
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    // One byte over the limit tells "too large" apart from "exactly at the limit".
    maxBytes: options.maxResponseBytes + 1,
    signal: options.signal,
    headers: { accept: DNS_MESSAGE_TYPE },
    shouldRead: (head) =>
      head.status === 200 && isMediaType(head.headers.get('content-type'), DNS_MESSAGE_TYPE),
  });
  if (!result.ok) {
    if (result.failure === 'timeout')
      return {
        ok: false,
        kind: 'timeout',
        reason: `${TIMEOUT_PHRASE} ${formatDuration(options.timeoutMs)}`,
      };
    if (result.failure === 'cancelled')
      return { ok: false, kind: 'cancelled', reason: 'was not waited for: the lookup was cancelled' };
    return {
      ok: false,
      kind: 'network',
      reason: `could not be reached (${describeNetworkError(result.error)})`,
    };
  }
  const { head, body } = result;
  const http = (reason: string): TransportResult => ({ ok: false, kind: 'http', reason });
  if (head.redirect) {
    return http(
      `tried to redirect the query elsewhere${head.status ? ` (HTTP ${head.status})` : ''}; redirects are not followed`,
    );
  }
  if (head.status !== 200) return http(`answered with HTTP status ${head.status} instead of 200`);
  const contentType = head.headers.get('content-type');
  if (!isMediaType(contentType, DNS_MESSAGE_TYPE)) {
    return http(
      `answered with content type "${contentType ?? '(none)'}" instead of ${DNS_MESSAGE_TYPE}; is this a DNS-over-HTTPS address?`,
    );
  }
  if (result.tooLarge || (body?.byteLength ?? 0) > options.maxResponseBytes) {
    return http(`sent an answer larger than ${options.maxResponseBytes} bytes`);
  }
  return { ok: true, body: body ?? new Uint8Array(0) };
}
