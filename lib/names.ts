// Host names: the one owner of "is this a valid host name" for every parser, the DoH code, the input
// normaliser and the fix suggestions. Callers word the problem their own way; the decision is made here.
//
// RFC 1035 §2.3.4: labels of at most 63 octets, names of at most 255 octets on the wire (253 characters
// in text form without the final dot). RFC 5321 §4.1.2 / RFC 1123 §2.1: a label is letters, digits and
// hyphens (LDH), starting and ending with a letter or digit. RFC 3696 §2: a top-level label is never all
// digits (such a name is an address or a typo).

export const MAX_LABEL_LENGTH = 63;
export const MAX_NAME_LENGTH = 253;

const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const NUMERIC = /^[0-9]+$/;

/** Why a lower-case ASCII name is not a host name; each caller turns it into its own sentence. */
export type HostNameProblem =
  | { kind: 'empty' }
  | { kind: 'too-long'; length: number }
  | { kind: 'empty-label' }
  | { kind: 'single-label' }
  | { kind: 'label-too-long'; label: string }
  | { kind: 'bad-character'; label: string }
  | { kind: 'hyphen-at-edge'; label: string }
  | { kind: 'numeric-top-label' };

export function isLdhLabel(label: string): boolean {
  return LDH_LABEL.test(label);
}

/**
 * The first problem of `name` (lower case, no final dot) as a host name, or null when it is one.
 * `minLabels`: 2 where a single name cannot be meant (a domain to check, a mailbox domain).
 */
export function findHostNameProblem(name: string, minLabels = 1): HostNameProblem | null {
  if (name === '') return { kind: 'empty' };
  if (name.length > MAX_NAME_LENGTH) return { kind: 'too-long', length: name.length };
  const labels = name.split('.');
  if (labels.some((l) => l === '')) return { kind: 'empty-label' };
  if (labels.length < minLabels) return { kind: 'single-label' };
  for (const label of labels) {
    if (label.length > MAX_LABEL_LENGTH) return { kind: 'label-too-long', label };
    if (!/^[a-z0-9-]+$/.test(label)) return { kind: 'bad-character', label };
    if (label.startsWith('-') || label.endsWith('-')) return { kind: 'hyphen-at-edge', label };
  }
  if (NUMERIC.test(labels[labels.length - 1] ?? '')) return { kind: 'numeric-top-label' };
  return null;
}

export function isHostName(name: string, minLabels = 1): boolean {
  return findHostNameProblem(name, minLabels) === null;
}

/** Lower case, surrounding space and one final dot removed: the form names are compared in. */
export function canonicalHostName(name: string): string {
  const h = name.trim().toLowerCase();
  return h.endsWith('.') && h.length > 1 ? h.slice(0, -1) : h;
}

/**
 * `["*."] Domain` (RFC 8461 §3.2 mx value, RFC 5321 §4.1.2 Domain) in any letter case: the lower-cased
 * pattern when valid, else null. Fast path first: policies of thousands of mx lines are parsed with it.
 */
export function normalizeMxPattern(value: string): string | null {
  if (value.length > MAX_NAME_LENGTH + 2) return null;
  // A name ends with a letter or digit. Checking the commonest mistake, a trailing dot, up front spares the
  // regexes below their slowest case: failing at the very end after matching every label.
  const end = value.charCodeAt(value.length - 1);
  if (end === 46 || end === 45) return null;
  let pattern = value;
  // Lower-case names (the usual case) skip toLowerCase. The fallback tests the original, not its lower-cased
  // form, because toLowerCase maps some non-ASCII letters to ASCII (U+212A KELVIN SIGN becomes 'k').
  if (!MX_PATTERN.test(value)) {
    if (!MX_PATTERN_ANY_CASE.test(value)) return null;
    pattern = value.toLowerCase();
  }
  const last = pattern.charCodeAt(pattern.length - 1);
  if (last >= 48 && last <= 57 && NUMERIC_LAST_LABEL.test(pattern)) return null;
  return (pattern.startsWith('*.') ? pattern.length - 2 : pattern.length) <= MAX_NAME_LENGTH ? pattern : null;
}

export function isMxPattern(value: string): boolean {
  return normalizeMxPattern(value) !== null;
}

/**
 * The same rule as findHostNameProblem, as one regex: labels cannot contain '.', so the repetition is
 * unambiguous and a failing match backtracks at most one label's length per label (no exponential blow-up).
 * tests/unit/names.test.ts checks that both agree.
 */
const MX_PATTERN =
  /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MX_PATTERN_ANY_CASE = new RegExp(MX_PATTERN.source, 'i');
const NUMERIC_LAST_LABEL = /(?:^|\.)[0-9]+$/;
