// Matching MX host names against a policy's `mx` patterns (RFC 8461 §4.1).
//
// Names are compared as DNS names: ASCII case-insensitively, a trailing root dot ignored, internationalised
// labels compared in their A-label (xn--) form. A pattern "*.example.com" matches exactly one extra label on the
// left ("mail.example.com"), never the bare "example.com" nor "a.b.example.com".

/** Longest input we try to interpret; a DNS name has at most 253 characters in A-label form. */
const MAX_INPUT = 1024;
const MAX_NAME = 253;
const MAX_LABEL = 63;
/** LDH labels; "_" is tolerated because matching compares names, the policy parser judges pattern syntax. */
const LABEL = /^[a-z0-9_-]+$/;
/** Characters that would change how URL parsing splits the string, so they never reach the IDNA step. */
const NOT_A_HOST = /[\s/?#@:\\[\]%<>^|"`{}]/;

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** ASCII lowercase and UTS #46 mapping (via the WHATWG URL host parser, present in Node and browsers). */
function toAsciiName(name: string): string | null {
  // ASCII-only input needs no IDNA processing; URL parsing would also reinterpret names ending in a number.
  if (isAscii(name)) return name.toLowerCase();
  if (NOT_A_HOST.test(name)) return null;
  try {
    return new URL(`http://${name}/`).hostname;
  } catch {
    // Not convertible to an A-label (disallowed code point, bad Punycode…): such a name never matches.
    return null;
  }
}

/** Labels of a DNS name in canonical form, or null when it is not a usable host name. */
function toLabels(input: unknown, allowWildcard: boolean): string[] | null {
  if (typeof input !== 'string' || input.length > MAX_INPUT) return null;
  let name = input.trim();
  // RFC 8461 §4.1 compares names; "mx.example.com." is the fully qualified spelling of "mx.example.com".
  if (name.endsWith('.')) name = name.slice(0, -1);
  if (name === '') return null;
  const wildcard = allowWildcard && name.startsWith('*.');
  const ascii = toAsciiName(wildcard ? name.slice(2) : name);
  if (ascii === null || ascii === '' || ascii.length > MAX_NAME) return null;
  const labels = ascii.split('.');
  // Every label must be a real label: this rejects "*" anywhere but the whole leftmost label ("*mail.x",
  // "mail.*.com", "*.*.com"), empty labels (".example.com", "a..b") and a lone "*".
  if (!labels.every((l) => l.length > 0 && l.length <= MAX_LABEL && LABEL.test(l))) return null;
  return wildcard ? ['*', ...labels] : labels;
}

function labelsMatch(pattern: readonly string[], host: readonly string[]): boolean {
  if (pattern.length !== host.length) return false;
  // RFC 8461 §4.1: the wildcard stands for exactly one whole leftmost label.
  const start = pattern[0] === '*' ? 1 : 0;
  for (let i = start; i < pattern.length; i++) {
    if (pattern[i] !== host[i]) return false;
  }
  return true;
}

/** Whether the MX host `host` matches the policy's `mx` pattern `pattern` (RFC 8461 §4.1). Never throws. */
export function mxMatches(pattern: string, host: string): boolean {
  const p = toLabels(pattern, true);
  const h = toLabels(host, false);
  return p !== null && h !== null && labelsMatch(p, h);
}

/** The policy's patterns compiled once: exact names in one map, wildcards by the parent they stand under. */
export interface MxMatcher {
  /** The first pattern (as written in the policy) that `host` matches, or null. Never throws. */
  match(host: string): string | null;
  /** Adds a pattern after the others (used when a suggestion adds the hosts a policy misses). */
  add(pattern: string): void;
}

/**
 * Compiles `patterns` so that matching one host costs one name conversion and two map look-ups, whatever the
 * number of patterns: a 2,400-line policy against 1,200 MX hosts is 1,200 look-ups, not 2.9 million re-reads.
 */
export function createMxMatcher(patterns: readonly string[]): MxMatcher {
  // Canonical name → index of the first pattern naming it exactly / as "*.<parent>".
  const exact = new Map<string, number>();
  const wildcards = new Map<string, number>();
  const written: string[] = [];
  const add = (pattern: string) => {
    const index = written.length;
    written.push(pattern);
    const labels = toLabels(pattern, true);
    if (labels === null) return;
    const wildcard = labels[0] === '*';
    const key = (wildcard ? labels.slice(1) : labels).join('.');
    const table = wildcard ? wildcards : exact;
    if (!table.has(key)) table.set(key, index);
  };
  if (Array.isArray(patterns)) for (const p of patterns) add(p);
  return {
    match(host) {
      const labels = toLabels(host, false);
      if (labels === null) return null;
      const byName = exact.get(labels.join('.'));
      // RFC 8461 §4.1: the wildcard stands for exactly one whole leftmost label.
      const byParent = labels.length > 1 ? wildcards.get(labels.slice(1).join('.')) : undefined;
      const first = Math.min(byName ?? Number.POSITIVE_INFINITY, byParent ?? Number.POSITIVE_INFINITY);
      return Number.isFinite(first) ? (written[first] ?? null) : null;
    },
    add,
  };
}

/** The first pattern (as written in the policy) that `host` matches, or null. Never throws. */
export function findMatchingPattern(patterns: readonly string[], host: string): string | null {
  return createMxMatcher(patterns).match(host);
}
