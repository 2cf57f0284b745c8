// Turns whatever a user pastes (domain, web address, e-mail address, the current tab's URL) into the
// lower-case A-label domain we check and its registrable domain, or a sentence saying why we cannot check it.
// The parsing lives in hostname.ts; this adds the Public Suffix List (tldts).
import { getDomain } from 'tldts';
import { normalizeHostname } from './hostname';

export type NormalizeDomainResult =
  | { ok: true; domain: string; registrable: string }
  | { ok: false; error: string };

export function normalizeDomain(input: string): NormalizeDomainResult {
  const host = normalizeHostname(input);
  return host.ok ? { ok: true, domain: host.domain, registrable: registrableDomain(host.domain) } : host;
}

// Registrable domain from the ICANN section of the Public Suffix List. Private entries (github.io…) are
// ignored because MTA-STS is about who controls the DNS zone, not about hosting platforms. Unknown TLDs
// (example.test) count as a one-label suffix. An input that is itself a public suffix (co.uk, gov.uk) is
// accepted and is its own registrable domain: some suffixes do receive mail, and the check simply finds
// whatever they publish.
function registrableDomain(domain: string): string {
  return getDomain(domain, { allowPrivateDomains: false, extractHostname: false }) ?? domain;
}
