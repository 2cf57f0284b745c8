// The one hardened GET behind the DoH transport and the policy fetch: a deadline that covers headers and
// body, the caller's abort, no redirects followed, no cookies, no HTTP cache, no referrer, and a streaming
// byte cap so a huge answer is never read in full. Never throws: every outcome is data.
import { readCapped } from '../streams/read-capped';

export interface LimitedFetchOptions {
  fetch: typeof fetch;
  /** Deadline for the whole exchange, headers and body. */
  timeoutMs: number;
  /** Body bytes kept at most; reading stops there. */
  maxBytes: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Read the body of this response? (Default: only a 200.) Redirects are never read. */
  shouldRead?: (head: ResponseHead) => boolean;
}

export interface ResponseHead {
  /** null for the opaque answer a browser gives for a redirect it did not follow. */
  status: number | null;
  headers: Headers;
  redirect: boolean;
}

export type LimitedFetchResult =
  | {
      ok: true;
      head: ResponseHead;
      /** The body up to maxBytes; null when it was not read (redirect, or shouldRead said no). */
      body: Uint8Array | null;
      /** The body was longer than maxBytes: `body` holds its first maxBytes bytes. */
      tooLarge: boolean;
    }
  | {
      ok: false;
      failure: 'timeout' | 'cancelled' | 'network';
      error: unknown;
      /** The head, when the failure happened while reading the body. */
      head: ResponseHead | null;
      /** What had arrived of the body by then. */
      partial: Uint8Array | null;
    };

export async function limitedFetch(url: string, options: LimitedFetchOptions): Promise<LimitedFetchResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onCallerAbort = (): void => controller.abort();
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  if (options.signal?.aborted) controller.abort();

  let head: ResponseHead | null = null;
  const failed = (error: unknown, partial: Uint8Array | null = null): LimitedFetchResult => ({
    ok: false,
    failure: timedOut ? 'timeout' : options.signal?.aborted ? 'cancelled' : 'network',
    error,
    head,
    partial: partial && partial.byteLength > 0 ? partial : null,
  });

  try {
    let response: Response;
    try {
      response = await options.fetch(url, {
        method: 'GET',
        headers: options.headers,
        // RFC 8461 §3.3 and RFC 8484: redirects are not followed and no HTTP cache sits in between. Nothing
        // about the user travels with the request: no cookies, no credentials, no referrer.
        redirect: 'manual',
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        signal: controller.signal,
      });
    } catch (error) {
      return failed(error);
    }
    // Browsers hide manual redirects behind an opaque response with status 0 and no headers.
    const opaque = response.type === 'opaqueredirect';
    head = {
      status: opaque ? null : response.status,
      headers: response.headers,
      redirect: opaque || (response.status >= 300 && response.status < 400),
    };
    const wanted = !head.redirect && (options.shouldRead ?? ((h) => h.status === 200))(head);
    if (!wanted) {
      await response.body?.cancel().catch(() => {});
      return { ok: true, head, body: null, tooLarge: false };
    }
    const reader = response.body?.getReader();
    if (!reader) return { ok: true, head, body: new Uint8Array(0), tooLarge: false };
    // A fetch whose body ignores the abort (or a server that stalls) must still end at the deadline.
    const stopReading = (): void => void reader.cancel().catch(() => {});
    controller.signal.addEventListener('abort', stopReading, { once: true });
    const read = await readCapped(reader, options.maxBytes);
    controller.signal.removeEventListener('abort', stopReading);
    if (!read.ok && !read.tooLarge) return failed(read.error, read.bytes);
    // A cancelled read ends like a finished one: only the signal tells them apart.
    if (read.ok && controller.signal.aborted) return failed(new Error('aborted'), read.bytes);
    return { ok: true, head, body: read.bytes, tooLarge: !read.ok };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}
