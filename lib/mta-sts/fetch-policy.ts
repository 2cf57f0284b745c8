// Hardened HTTPS fetch of the MTA-STS policy file (RFC 8461 §3.2, §3.3): no redirects, no cookies, no HTTP
// cache, one deadline for headers and body, and a streaming size cap so a huge body is never read in full.
import type { Finding, PolicyFetchEvidence } from '../report/types';

export const DEFAULT_POLICY_TIMEOUT_MS = 10_000;
// RFC 8461 §3.3: senders may cap the policy size; 64 KB is the suggested limit.
export const DEFAULT_POLICY_MAX_BYTES = 65_536;

export interface FetchPolicyDeps {
  fetch?: typeof fetch;
  /** Deadline for the whole exchange, headers and body (default 10 s). */
  timeoutMs?: number;
  /** Body size cap in bytes (default 65536). */
  maxBytes?: number;
  /** Clock for elapsedMs (default Date.now). */
  now?: () => number;
  /** Cancels the fetch (e.g. the user closed the popup). */
  signal?: AbortSignal;
}

export interface FetchPolicyResult {
  evidence: PolicyFetchEvidence;
  findings: Finding[];
  /** The decoded body: only for a 200 whose body was read in full within the cap. */
  body: string | null;
}

/** What the orchestrator learned from its own A/AAAA lookup of mta-sts.<domain>. */
export type PolicyHostResolution = 'resolves' | 'nxdomain' | 'unknown';

// RFC 8461 §3.2: these are the only charset values senders take into account.
const KNOWN_CHARSETS = new Set(['utf-8', 'us-ascii']);

/** https://mta-sts.<domain>/.well-known/mta-sts.txt (RFC 8461 §3.2). */
export function policyUrl(domain: string): string {
  return `https://mta-sts.${domain.replace(/\.$/, '').toLowerCase()}/.well-known/mta-sts.txt`;
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Node's fetch (undici) hides the useful part ("ENOTFOUND", "certificate has expired") in `cause`.
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return `${error.message}: ${typeof code === 'string' && !cause.message.includes(code) ? `${code} ` : ''}${cause.message}`;
  }
  return error.message;
}

/** Splits a Content-Type value into its lower-cased media type and charset parameter (if any). */
function parseContentType(value: string): { mediaType: string; charset: string | null } {
  const [type = '', ...params] = value.split(';');
  let charset: string | null = null;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    charset = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    break;
  }
  return { mediaType: type.trim().toLowerCase(), charset };
}

function contentTypeFindings(contentType: string | null): Finding[] {
  const rfc = 'RFC 8461 §3.2';
  if (contentType === null || contentType.trim() === '') {
    return [
      {
        code: 'policy.content-type',
        severity: 'error',
        message:
          'The policy was served without a Content-Type header. It must be text/plain, and senders that check the media type will ignore the policy.',
        rfc,
      },
    ];
  }
  const { mediaType, charset } = parseContentType(contentType);
  if (mediaType !== 'text/plain') {
    const why =
      mediaType === 'text/html'
        ? ' This usually means a web application or catch-all page answered instead of the policy file.'
        : '';
    return [
      {
        code: 'policy.content-type',
        severity: 'error',
        message: `The policy was served as "${contentType}" instead of text/plain; senders that check the media type will ignore it.${why}`,
        rfc,
      },
    ];
  }
  if (charset !== null && !KNOWN_CHARSETS.has(charset)) {
    return [
      {
        code: 'policy.content-type.charset',
        severity: 'info',
        message: `The policy is served with charset=${charset}. Senders only take charset=utf-8 or charset=us-ascii into account and ignore this parameter, so the file must be plain ASCII to be read the same everywhere.`,
        rfc,
      },
    ];
  }
  return [];
}

function statusFinding(status: number, url: string): Finding {
  const detail =
    status === 404
      ? 'HTTP 404 means there is no policy file at that path on the policy host.'
      : status >= 500
        ? `HTTP ${status} is a server error on the policy host.`
        : status === 401 || status === 403
          ? `HTTP ${status} means the web server refuses to serve the file publicly.`
          : `Only HTTP 200 is accepted.`;
  return {
    code: 'policy.http-status',
    severity: 'error',
    message: `Fetching ${url} returned HTTP ${status}, so senders get no policy. ${detail}`,
    rfc: 'RFC 8461 §3.3',
  };
}

/**
 * Fetches the policy of `domain` (an A-label domain). Never throws: every outcome is data. A network-level
 * failure (DNS, TLS, refused connection) yields outcome 'network' and no finding; the caller classifies it
 * with `classifyFetchFailure` once it knows whether mta-sts.<domain> resolves.
 */
export async function fetchPolicy(domain: string, deps: FetchPolicyDeps = {}): Promise<FetchPolicyResult> {
  const doFetch =
    deps.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const timeoutMs = deps.timeoutMs ?? DEFAULT_POLICY_TIMEOUT_MS;
  const maxBytes = deps.maxBytes ?? DEFAULT_POLICY_MAX_BYTES;
  const now = deps.now ?? Date.now;
  const url = policyUrl(domain);
  const started = now();

  const evidence: PolicyFetchEvidence = {
    url,
    outcome: 'network',
    status: null,
    contentType: null,
    location: null,
    bytes: 0,
    elapsedMs: 0,
    body: null,
    truncated: false,
    error: null,
  };
  const findings: Finding[] = [];
  let body: string | null = null;

  // One controller for the whole exchange, so the deadline covers the headers AND the body.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onCallerAbort = () => controller.abort();
  if (deps.signal?.aborted) controller.abort();
  deps.signal?.addEventListener('abort', onCallerAbort, { once: true });

  const failed = (error: unknown) => {
    if (timedOut) {
      evidence.outcome = 'timeout';
      evidence.error = `No complete answer within ${seconds(timeoutMs)}`;
      findings.push({
        code: 'policy.timeout',
        severity: 'error',
        message: `mta-sts.${domain} did not deliver the policy within ${seconds(timeoutMs)}${
          evidence.status === null ? '' : ` (it sent HTTP ${evidence.status} but the body did not finish)`
        }. RFC 8461 suggests senders give up after about a minute, and many give up much sooner; the policy host should answer within a few seconds.`,
        rfc: 'RFC 8461 §3.3',
      });
    } else {
      evidence.outcome = 'network';
      evidence.error = deps.signal?.aborted ? 'The check was cancelled' : describeError(error);
    }
  };

  try {
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'GET',
        // RFC 8461 §3.3: redirects must not be followed and HTTP caching must not be used.
        redirect: 'manual',
        cache: 'no-store',
        // The policy host is a third party: never send the user's cookies or credentials to it.
        credentials: 'omit',
        // Nor where the user was: the policy host learns nothing but the request itself.
        referrerPolicy: 'no-referrer',
        signal: controller.signal,
      });
    } catch (error) {
      failed(error);
      return { evidence, findings, body: null };
    }

    const contentType = response.headers.get('content-type');
    evidence.status = response.type === 'opaqueredirect' ? null : response.status;
    evidence.contentType = contentType;

    // Browsers hide manual redirects behind an opaque response with status 0 and no headers.
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      const location = response.headers.get('location');
      evidence.outcome = 'redirect';
      evidence.location = location;
      await response.body?.cancel().catch(() => {});
      const status = evidence.status === null ? 'a redirect' : `HTTP ${evidence.status}`;
      findings.push({
        code: 'policy.redirect',
        severity: 'error',
        message: `${url} answered with ${status}${location ? ` to ${location}` : ''}. Senders must not follow redirects for the policy, so they get no policy.`,
        rfc: 'RFC 8461 §3.3',
      });
      return { evidence, findings, body: null };
    }

    if (response.status !== 200) {
      evidence.outcome = 'http-status';
      await response.body?.cancel().catch(() => {});
      findings.push(statusFinding(response.status, url));
      return { evidence, findings, body: null };
    }

    // Stream the body and stop at the cap: a 5 MB answer must not be read, let alone kept, in full.
    const decoder = new TextDecoder('utf-8', { fatal: false });
    const reader = response.body?.getReader();
    let text = '';
    let tooLarge = false;
    try {
      while (reader) {
        const { done, value } = await reader.read();
        if (done) break;
        const room = maxBytes - evidence.bytes;
        if (value.byteLength > room) {
          text += decoder.decode(value.subarray(0, room), { stream: true });
          evidence.bytes = maxBytes;
          tooLarge = true;
          await reader.cancel().catch(() => {});
          break;
        }
        text += decoder.decode(value, { stream: true });
        evidence.bytes += value.byteLength;
      }
      text += decoder.decode();
    } catch (error) {
      evidence.body = text === '' ? null : text;
      evidence.truncated = true;
      failed(error);
      return { evidence, findings, body: null };
    }

    evidence.body = text;
    if (tooLarge) {
      evidence.outcome = 'too-large';
      evidence.truncated = true;
      findings.push({
        code: 'policy.too-large',
        severity: 'error',
        message: `The policy at ${url} is larger than ${maxBytes} bytes; we stopped reading there. Senders may refuse policies over 64 KB, and a real policy is a few hundred bytes.`,
        rfc: 'RFC 8461 §3.3',
      });
      return { evidence, findings, body: null };
    }

    evidence.outcome = 'ok';
    body = text;
    findings.push(...contentTypeFindings(contentType));
    return { evidence, findings, body };
  } finally {
    clearTimeout(timer);
    deps.signal?.removeEventListener('abort', onCallerAbort);
    evidence.elapsedMs = Math.max(0, now() - started);
    if (evidence.outcome === 'ok') {
      findings.unshift({
        code: 'policy.fetched',
        severity: 'info',
        message: `Fetched ${url}: HTTP 200, ${evidence.contentType ?? 'no Content-Type'}, ${evidence.bytes} bytes in ${Math.round(evidence.elapsedMs)} ms.`,
        rfc: 'RFC 8461 §3.3',
      });
    }
  }
}

/**
 * Names a network failure of `fetchPolicy` once the caller knows whether mta-sts.<domain> resolves
 * (its own DoH lookup of A/AAAA): no host at all, or a host whose HTTPS connection failed.
 */
export function classifyFetchFailure(
  evidence: PolicyFetchEvidence,
  policyHost: PolicyHostResolution,
): Finding {
  const host = hostOf(evidence.url);
  const detail = evidence.error ? ` (${evidence.error})` : '';
  if (policyHost === 'nxdomain') {
    return {
      code: 'policy.host.nxdomain',
      severity: 'error',
      message: `${host} has no A or AAAA record, so there is no host to serve the policy. If the _mta-sts TXT record exists, senders look for the policy there and find nothing.`,
      rfc: 'RFC 8461 §3.2',
    };
  }
  if (policyHost === 'resolves') {
    return {
      code: 'policy.fetch.failed',
      severity: 'error',
      message: `${host} resolves, but the HTTPS connection to it failed${detail}. The usual cause is a certificate that is invalid, expired, self-signed or not issued for ${host}; senders require a certificate valid for that name.`,
      rfc: 'RFC 8461 §3.3',
    };
  }
  return {
    code: 'policy.fetch.failed',
    severity: 'error',
    message: `The HTTPS fetch of the policy from ${host} failed${detail}, and our DNS lookup of ${host} failed too, so we cannot tell whether the name does not exist, the server is unreachable, or its certificate is rejected.`,
    rfc: 'RFC 8461 §3.3',
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}
