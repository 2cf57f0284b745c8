// One RFC 8484 exchange with one DoH server: GET with the query in the `dns` parameter, strict checks on the
// HTTP answer, a size cap and a timeout. Failures come back as data with a sentence describing them.
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
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onCallerAbort = (): void => controller.abort();
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  if (options.signal?.aborted) controller.abort();

  const failure = (error: unknown): TransportResult => {
    if (timedOut)
      return {
        ok: false,
        kind: 'timeout',
        reason: `${TIMEOUT_PHRASE} ${formatDuration(options.timeoutMs)}`,
      };
    if (options.signal?.aborted)
      return { ok: false, kind: 'cancelled', reason: 'was not waited for: the lookup was cancelled' };
    return { ok: false, kind: 'network', reason: `could not be reached (${describeNetworkError(error)})` };
  };

  try {
    const doFetch = options.fetch;
    let response: Response;
    try {
      response = await doFetch(createDohUrl(server, query), {
        method: 'GET',
        headers: { accept: DNS_MESSAGE_TYPE },
        // Nothing about the user travels with the query, no HTTP cache sits between us and the
        // resolver's own TTL handling, and a redirect is treated as a failure rather than followed.
        credentials: 'omit',
        cache: 'no-store',
        redirect: 'manual',
        referrerPolicy: 'no-referrer',
        signal: controller.signal,
      });
    } catch (error) {
      return failure(error);
    }

    const http = (reason: string): TransportResult => {
      void response.body?.cancel().catch(() => undefined);
      return { ok: false, kind: 'http', reason };
    };
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      return http(
        `tried to redirect the query elsewhere${response.status > 0 ? ` (HTTP ${response.status})` : ''}; redirects are not followed`,
      );
    }
    if (response.status !== 200) return http(`answered with HTTP status ${response.status} instead of 200`);
    const contentType = response.headers.get('content-type');
    if (!isMediaType(contentType, DNS_MESSAGE_TYPE)) {
      return http(
        `answered with content type "${contentType ?? '(none)'}" instead of ${DNS_MESSAGE_TYPE}; is this a DNS-over-HTTPS address?`,
      );
    }
    const tooLarge = `sent an answer larger than ${options.maxResponseBytes} bytes`;
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > options.maxResponseBytes) return http(tooLarge);

    const reader = response.body?.getReader();
    if (reader === undefined) return { ok: true, body: new Uint8Array(0) };
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.length;
        if (total > options.maxResponseBytes) {
          void reader.cancel().catch(() => undefined);
          return { ok: false, kind: 'http', reason: tooLarge };
        }
        chunks.push(value);
      }
    } catch (error) {
      return failure(error);
    }
    const body = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.length;
    }
    return { ok: true, body };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}
