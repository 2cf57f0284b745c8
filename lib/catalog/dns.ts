import type { CodeInfo } from '../types';

// Finding codes about our DNS-over-HTTPS lookups (lib/dns/) and what the answers say about DNSSEC and DANE.
// The orchestrator (lib/check.ts) emits them; the texts live here.
export const dnsCodes: Record<string, CodeInfo> = {
  'dns.failed': {
    title: 'Our DNS lookup failed, so the result could not be determined',
    fix:
      'This is not necessarily a problem with the domain: the DNS-over-HTTPS resolver the extension uses did not ' +
      'answer in time, could not be reached, answered SERVFAIL, or sent an unusable answer. Check again; if it ' +
      'keeps failing, choose another resolver in the extension options. If every resolver answers SERVFAIL for ' +
      'the name, the domain itself may be at fault: look for broken DNSSEC (an expired signature or a DS record ' +
      'that does not match the DNSKEY) or name servers that do not answer, e.g. with `dig +dnssec` or DNSViz.',
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
      'MTA-STS works without DNSSEC; this is information, not an error. Signing the zone (enable DNSSEC at your DNS ' +
      'host, then publish the DS record at your registrar) protects the records against forgery and allows DANE. ' +
      'If the zone is already signed, the chosen resolver may not validate: try another resolver in the options.',
  },
  'dane.present': {
    title: 'DANE: TLSA records are published for the MX hosts',
    fix:
      'Nothing to fix. Senders that support DANE (RFC 7672) check the MX certificates against the TLSA records at ' +
      '_25._tcp.<mx host>. Keep them in step with the certificates: publish the TLSA record for a new key before ' +
      'the certificate changes, or DANE senders will refuse to deliver.',
  },
  'dane.absent': {
    title: 'DANE: no TLSA records for the MX hosts',
    fix:
      'Optional. DANE (RFC 7672) complements MTA-STS for senders that support it, but needs a DNSSEC-signed zone for ' +
      'the MX host names. To add it, publish a TLSA record such as "3 1 1 <SHA-256 of the public key>" at ' +
      '_25._tcp.<mx host> for each MX host, and update it before every key change.',
  },
};
