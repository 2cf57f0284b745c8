// Internationalised domain names for display: the A-label (xn--…) is what is looked up and stored; people
// read the Unicode form. `punycode.js` (RFC 3492) decodes; a label that does not round-trip exactly (a
// malformed or non-canonical A-label) stays as it is, so the display never shows a name other than the one
// that was checked.
import { decode, encode } from 'punycode.js';

function labelForDisplay(label: string): string {
  if (!label.startsWith('xn--')) return label;
  try {
    const unicode = decode(label.slice(4));
    // IDNA: an A-label stands for a label with non-ASCII characters; anything else is not shown decoded.
    return /[^ -~]/.test(unicode) && `xn--${encode(unicode)}` === label ? unicode : label;
  } catch {
    return label;
  }
}

/** The Unicode form of an A-label domain for display ("xn--mnchen-3ya.de" → "münchen.de"). */
export function toDisplayDomain(domain: string): string {
  if (!domain.includes('xn--')) return domain;
  return domain.split('.').map(labelForDisplay).join('.');
}
