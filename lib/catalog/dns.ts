import type { CodeInfo } from './types';

// Finding codes about our DNS-over-HTTPS lookups (lib/dns/) and what the answers say about DNSSEC and DANE.
// The orchestrator (lib/check.ts) emits them; the texts live here.
export const dnsCodes = {
  'dns.failed': {
    title: 'Our DNS lookup failed, so the result could not be determined',
    fix:
      "Usually not the domain's fault: our DNS-over-HTTPS resolver timed out, was unreachable, answered SERVFAIL " +
      'or sent an unusable answer. Check again, or choose another resolver in the options. If every resolver ' +
      'answers SERVFAIL, look for broken DNSSEC or silent name servers (e.g. with `dig +dnssec` or DNSViz).',
  },
  'dnssec.signed': {
    title: 'The DNS answers were validated with DNSSEC',
    fix:
      'Nothing to fix. The resolver set the AD (Authenticated Data) flag, so the records are signed and the ' +
      'signatures checked out; an attacker on the network could not have forged them. This also makes DANE ' +
      '(TLSA records for the MX hosts) possible.',
  },
  'dnssec.unsigned': {
    title: 'The DNS answers were not validated with DNSSEC',
    fix:
      'Information, not an error: MTA-STS works without DNSSEC. Signing the zone (DNSSEC at your DNS host, the DS ' +
      'record at your registrar) protects the records against forgery and allows DANE.',
  },
  'dane.present': {
    title: 'DANE: TLSA records are published for the MX hosts',
    fix:
      'Nothing to fix. DANE senders (RFC 7672) check MX certificates against these records: publish the TLSA ' +
      'record for a new key before the certificate changes, or they will refuse to deliver.',
  },
  'dane.absent': {
    title: 'DANE: no TLSA records for the MX hosts',
    fix:
      'Optional. DANE (RFC 7672) complements MTA-STS but needs DNSSEC for the MX host names: publish ' +
      '"3 1 1 <SHA-256 of the public key>" at _25._tcp.<mx host> for each MX host, and update it before key changes.',
  },
} as const satisfies Record<string, CodeInfo>;
