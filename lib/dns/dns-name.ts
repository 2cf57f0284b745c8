// Normalising and checking the names we put into DNS queries (RFC 1035 §2.3.4 size limits). Query names
// are DNS names, not host names (_mta-sts, _25._tcp): only the wire limits from lib/names.ts apply.
import { MAX_LABEL_LENGTH, MAX_NAME_LENGTH } from '../names';

export type DnsNameResult = { ok: true; name: string } | { ok: false; error: string };

/** Lower-case, trailing dot removed: the form used for comparisons, cache keys and reports. */
export function normalizeDnsName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') && lower.length > 1 ? lower.slice(0, -1) : lower;
}

/**
 * Checks a name before it is encoded: the wire format cannot carry labels over 63 octets or names over
 * 255 octets (RFC 1035 §2.3.4), and we only send A-labels, so IDNs must be converted by the caller first.
 */
export function parseQueryName(input: string): DnsNameResult {
  const name = normalizeDnsName(input);
  if (name === '' || name === '.') return { ok: false, error: 'The name to look up is empty.' };
  if (/[^\x21-\x7e]/.test(name)) {
    return {
      ok: false,
      error: `"${input}" contains spaces or non-ASCII characters; only A-label (xn--) names can be looked up.`,
    };
  }
  const labels = name.split('.');
  if (labels.some((label) => label.length === 0)) {
    return { ok: false, error: `"${input}" contains an empty label (two dots in a row or a leading dot).` };
  }
  if (labels.some((label) => label.length > MAX_LABEL_LENGTH)) {
    return { ok: false, error: `"${input}" has a label longer than 63 characters, which DNS cannot carry.` };
  }
  // Wire length: one length octet per label plus the label, plus the root octet.
  const wireLength = labels.reduce((total, label) => total + label.length + 1, 1);
  if (wireLength > MAX_NAME_LENGTH + 2) {
    return { ok: false, error: `"${input}" is longer than the 253 characters a DNS name can have.` };
  }
  return { ok: true, name };
}
