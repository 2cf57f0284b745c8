// Turns whatever a user pastes (domain, web address, e-mail address, the current tab's URL) into the
// lower-case A-label domain we check, or a sentence saying why we cannot check it.
import { findHostNameProblem, MAX_LABEL_LENGTH, MAX_NAME_LENGTH } from '../names';

export type NormalizeHostnameResult = { ok: true; domain: string } | { ok: false; error: string };

// Longer than any sensible web address; checked before any other work so huge inputs cost nothing.
const MAX_INPUT_LENGTH = 4096;

const IPV4_PATTERN = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const SCHEME_PATTERN = /^([a-z][a-z0-9+.-]*):/i;
// "example.com:8443/path" looks like a scheme ("example.com") to SCHEME_PATTERN; a colon followed by a
// port number (or nothing) means host and port instead.
const HOST_PORT_PATTERN = /^[^/?#:@\s]+:(?:\d+(?:[/?#]|$)|$)/;
// Schemes of pages that have no domain worth checking (browser internals, extensions, local files…).
// Any other scheme is treated the same way unless the text reads as host:port.
const NON_WEB_SCHEMES = new Set([
  'about',
  'blob',
  'brave',
  'chrome',
  'chrome-extension',
  'chrome-search',
  'chrome-untrusted',
  'data',
  'devtools',
  'edge',
  'file',
  'filesystem',
  'javascript',
  'moz-extension',
  'opera',
  'resource',
  'safari-web-extension',
  'view-source',
  'vivaldi',
]);

/** True for an IPv4 dotted quad or an IPv6 address, with or without [brackets]. */
export function isIpAddress(s: string): boolean {
  if (s.length > 64) return false;
  if (IPV4_PATTERN.test(s)) return true;
  const inner = s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s;
  if (!inner.includes(':') || !/^[0-9a-f:.]+$/i.test(inner)) return false;
  return tryHostname(`[${inner}]`) !== null;
}

/** A tab address whose domain the toolbar popup checks: a web page (http or https), not a browser page. */
export function isWebAddress(url: string | undefined): url is string {
  return url !== undefined && /^https?:\/\//i.test(url);
}

/**
 * The domain part of normalizeDomain, without the Public Suffix List: small enough for the popup bundle
 * (the list alone is ~55 KB gzipped), so only the background and the CLI load it.
 */
export function normalizeHostname(input: string): NormalizeHostnameResult {
  if (typeof input !== 'string') return fail('Enter a domain name, for example example.com.');
  if (input.length > MAX_INPUT_LENGTH) {
    return fail('The input is too long to be a domain name or web address.');
  }
  let text = input.trim();
  // Addresses copied from mail headers come as <user@example.com>.
  if (text.startsWith('<') && text.endsWith('>')) text = text.slice(1, -1).trim();
  if (text === '') return fail('Enter a domain name, for example example.com.');

  // Checked before scheme detection: "fe80::1" would otherwise read as the scheme "fe80".
  if (isIpAddress(text)) return ipError(text);
  const host = extractHost(text);
  if (!host.ok) return host;
  return validateHost(host.host, text);
}

type HostResult = { ok: true; host: string } | { ok: false; error: string };

// Finds the host part of a URL, e-mail address or bare domain, still in the user's spelling.
function extractHost(text: string): HostResult {
  const scheme = SCHEME_PATTERN.exec(text)?.[1]?.toLowerCase();
  const known =
    scheme === 'http' || scheme === 'https' || scheme === 'mailto' || NON_WEB_SCHEMES.has(scheme ?? '');
  if (scheme !== undefined && (known || !HOST_PORT_PATTERN.test(text))) {
    if (scheme === 'http' || scheme === 'https') return hostFromUrl(text);
    if (scheme === 'mailto') return hostFromEmail(mailtoAddress(text.slice('mailto:'.length)), text);
    return fail(
      `This page is not a website (its address starts with “${shorten(scheme)}:”), so it has no domain to check. ` +
        'Enter a domain name such as example.com instead.',
    );
  }
  // No scheme: "example.com/path", "example.com:443", "user@example.com", "[::1]:25".
  const authority = text.split(/[/?#]/, 1)[0] ?? '';
  if (authority.includes('@')) return hostFromEmail(authority, text);
  return { ok: true, host: stripPort(authority) };
}

function hostFromUrl(text: string): HostResult {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`“${shorten(text)}” is not a valid web address.`);
  }
  if (url.hostname === '') return fail(`The web address “${shorten(text)}” has no domain name in it.`);
  return { ok: true, host: url.hostname };
}

// mailto:a@x.com,b@y.com?subject=hi → the first address, percent-decoded (RFC 6068 §2).
function mailtoAddress(rest: string): string {
  const first = rest.split('?', 1)[0]?.split(',', 1)[0] ?? '';
  try {
    return decodeURIComponent(first);
  } catch {
    return first;
  }
}

function hostFromEmail(address: string, original: string): HostResult {
  const at = address.lastIndexOf('@');
  if (at === -1) return fail(`“${shorten(original)}” has no e-mail address in it.`);
  const host = address.slice(at + 1).trim();
  if (host === '') return fail(`The e-mail address “${shorten(original)}” has no domain after the @.`);
  return { ok: true, host };
}

// Drops ":port" from "host:port" and brackets from "[v6]:port"; a bare IPv6 address is left alone
// (several colons) so that the IP check can name it.
function stripPort(authority: string): string {
  const bracketed = /^(\[[^\]]*\])(?::\d*)?$/.exec(authority);
  if (bracketed?.[1]) return bracketed[1];
  const colons = authority.split(':').length - 1;
  if (colons === 1) return authority.replace(/:\d*$/, '');
  return authority;
}

function validateHost(rawHost: string, original: string): NormalizeHostnameResult {
  // One trailing dot is the fully qualified spelling (example.com.); a second one is an empty label.
  const withoutRoot = rawHost.endsWith('.') ? rawHost.slice(0, -1) : rawHost;
  if (isIpAddress(withoutRoot)) return ipError(withoutRoot);
  const badAscii = findBadAsciiChar(rawHost);
  if (badAscii !== null) return charError(rawHost, badAscii);
  if (withoutRoot === '') return fail(`“${shorten(original)}” has no domain name in it.`);

  // The WHATWG URL parser does IDNA (UTS #46) mapping and Punycode, as browsers do: bücher → xn--bcher-kva.
  const ascii = tryHostname(rawHost);
  if (ascii === null) {
    if (/(^|\.)(\d+|0x[0-9a-f]*)$/i.test(withoutRoot)) {
      return fail(`“${shorten(withoutRoot)}” ends in a number, which is not a valid domain name.`);
    }
    return fail(`“${shorten(withoutRoot)}” is not a valid domain name.`);
  }
  const domain = ascii.endsWith('.') ? ascii.slice(0, -1) : ascii;
  // The parser reads "127.1" and "0x7f.0.0.1" as IPv4 addresses.
  if (isIpAddress(domain)) return ipError(withoutRoot);
  const structural = checkStructure(domain);
  if (structural !== null) return fail(structural);
  return { ok: true, domain };
}

// Letters, digits, hyphen and dot, plus any non-ASCII character (IDN, checked by the URL parser).
function findBadAsciiChar(host: string): string | null {
  for (const ch of host) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x80) continue;
    if (/[a-z0-9.-]/i.test(ch)) continue;
    return ch;
  }
  return null;
}

// The A-label form actually looked up in DNS must be a host name (lib/names.ts decides) of two labels or more.
function checkStructure(domain: string): string | null {
  const problem = findHostNameProblem(domain, 2);
  switch (problem?.kind) {
    case undefined:
      return null;
    case 'empty':
    case 'empty-label':
      return `“${shorten(domain)}” has an empty part between two dots.`;
    case 'too-long':
      return `The domain name is ${problem.length} characters long; DNS allows at most ${MAX_NAME_LENGTH}.`;
    case 'single-label':
      return `“${shorten(domain)}” is a single name, not a full domain. Enter a domain with a dot, such as example.com.`;
    case 'label-too-long':
      return `The part “${shorten(problem.label)}” is ${problem.label.length} characters long; each part of a domain name may have at most ${MAX_LABEL_LENGTH}.`;
    case 'bad-character':
      return charError(domain, findBadAsciiChar(problem.label) ?? problem.label).error;
    case 'hyphen-at-edge':
      return `The part “${shorten(problem.label)}” starts or ends with a hyphen, which domain names do not allow.`;
    case 'numeric-top-label':
      return `“${shorten(domain)}” ends in a number, which is not a valid domain name.`;
  }
}

function tryHostname(host: string): string | null {
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return null;
  }
}

function ipError(host: string): { ok: false; error: string } {
  return fail(
    `“${shorten(host)}” is an IP address. MTA-STS is published for domain names, so enter a domain such as example.com.`,
  );
}

function charError(host: string, ch: string): { ok: false; error: string } {
  const code = ch.codePointAt(0) ?? 0;
  const name =
    ch === ' ' ? 'a space' : code < 0x20 || code === 0x7f ? 'an invisible control character' : `“${ch}”`;
  return fail(
    `“${shorten(host)}” contains ${name}, which is not allowed in a domain name (only letters, digits, hyphens and dots are).`,
  );
}

function shorten(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}
