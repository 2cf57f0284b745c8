// The DoH client's public shapes (RFC 8484). lib/check.ts depends only on these.

import type { Priority } from './limiter';

export type RRType = 'TXT' | 'MX' | 'A' | 'AAAA' | 'CNAME' | 'TLSA';

export type Rcode = 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED' | (string & {});

export type DnsRecordData =
  | { type: 'TXT'; text: string /* character-strings joined without spaces, RFC 8461 §3.1 */ }
  | { type: 'MX'; preference: number; exchange: string /* lower case, no final dot; null MX: "." */ }
  | { type: 'A' | 'AAAA'; address: string }
  | { type: 'CNAME'; target: string }
  | { type: 'TLSA'; usage: number; selector: number; matchingType: number; data: string /* hex */ };

export type DnsRecord = DnsRecordData & { name: string; ttl: number };

export interface DnsAnswer {
  name: string;
  type: RRType;
  rcode: Rcode;
  /** Authenticated Data flag: the resolver validated the answer with DNSSEC. */
  ad: boolean;
  /** Records of the asked type, after following CNAMEs inside the response. Each record stays separate. */
  records: DnsRecord[];
  /** CNAME targets followed, in order. */
  cnames: string[];
  /** Resolver that gave the answer (preset name or URL). */
  resolver: string;
  elapsedMs: number;
}

/** A valid DNS answer (any rcode, SERVFAIL included) or a transport failure. Never throws for network problems. */
export type DnsResult =
  | { ok: true; answer: DnsAnswer }
  | { ok: false; error: string; resolver: string; elapsedMs: number };

export type ResolverPreset = 'cloudflare' | 'google' | 'quad9';

export type ResolverSetting =
  /** `fallback`: when this preset fails, ask the other presets (only when the user allowed it). */
  { kind: 'preset'; preset: ResolverPreset; fallback?: boolean } | { kind: 'custom'; url: string };

export interface Resolver {
  /**
   * `priority`: a background question (a bulk audit's) waits behind every other question for a slot in the
   * resolver's queue until it is raised. A question without one, asked while the same question waits in the
   * background, raises that one: it is now watched.
   */
  query(
    name: string,
    type: RRType,
    options?: { signal?: AbortSignal; priority?: Priority },
  ): Promise<DnsResult>;
  /** Human-readable name of the configured resolver, for the report. */
  readonly label: string;
}
