// Fixture zones for the local DoH test server, and the resolver-like logic that answers from them.
//
// A zone maps owner names to their records:
//   {
//     'example.test': { MX: [[10, 'mx1.example.test']], SOA: { minimum: 300 }, ad: true },
//     '_mta-sts.example.test': { TXT: [['v=STSv1; ', 'id=1']] },   // one record made of two strings
//     'alias.test': { CNAME: 'target.test' },
//   }
// Unknown names get NXDOMAIN; known names without the asked type get NOERROR with no answer.
import type * as dnsPacket from '@leichtgewicht/dns-packet';

/**
 * One TXT record. A string is published the way DNS tools do it: split into 255-byte character-strings.
 * An array gives the character-strings explicitly (each at most 255 bytes; Uint8Array for raw bytes).
 */
export type ZoneTxt = string | ReadonlyArray<string | Uint8Array>;

export interface ZoneEntry {
  /** The "resolver" validated this name with DNSSEC: answers about it carry the AD flag when asked for. */
  ad?: boolean;
  /** TTL of every record of this name, in seconds (default 300). */
  ttl?: number;
  A?: readonly string[];
  AAAA?: readonly string[];
  /** An alias: queries for other types follow it, as a recursive resolver does. */
  CNAME?: string;
  /** [preference, exchange]; exchange "." is the null MX (RFC 7505). */
  MX?: ReadonlyArray<readonly [number, string]>;
  TXT?: readonly ZoneTxt[];
  /** [usage, selector, matching type, association data as hex]. */
  TLSA?: ReadonlyArray<readonly [number, number, number, string]>;
  /** Makes this name a zone apex: negative answers below it carry this SOA (RFC 2308 negative caching). */
  SOA?: { minimum: number; ttl?: number };
}

export type Zone = Readonly<Record<string, ZoneEntry>>;

export const DEFAULT_ZONE_TTL = 300;
const MAX_CHAIN = 8;

export function normalizeName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') && lower.length > 1 ? lower.slice(0, -1) : lower;
}

/** Splits a long value into 255-byte character-strings, as zone-file tools and DNS providers do. */
export function splitTxt(value: string, size = 255): string[] {
  const bytes = new TextEncoder().encode(value);
  if (bytes.length <= size) return [value];
  const decoder = new TextDecoder();
  const parts: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) {
    parts.push(decoder.decode(bytes.subarray(offset, offset + size)));
  }
  return parts;
}

function txtStrings(record: ZoneTxt): Uint8Array[] {
  const parts = typeof record === 'string' ? splitTxt(record) : record;
  return parts.map((part) => (typeof part === 'string' ? new TextEncoder().encode(part) : part));
}

function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

// Owner names normalised once per zone object: a linear scan per query made large zones (benchmarks with
// hundreds of domains) spend their time here instead of answering.
const indexes = new WeakMap<Zone, Map<string, ZoneEntry>>();

export function findEntry(zone: Zone, name: string): ZoneEntry | undefined {
  let index = indexes.get(zone);
  if (!index) {
    index = new Map();
    for (const [owner, entry] of Object.entries(zone)) {
      const key = normalizeName(owner);
      if (!index.has(key)) index.set(key, entry);
    }
    indexes.set(zone, index);
  }
  return index.get(normalizeName(name));
}

/** The SOA of the closest enclosing zone apex, for the authority section of negative answers. */
export function findSoa(zone: Zone, name: string): { owner: string; entry: ZoneEntry } | undefined {
  const labels = normalizeName(name).split('.');
  for (let i = 0; i < labels.length; i++) {
    const owner = labels.slice(i).join('.');
    const entry = findEntry(zone, owner);
    if (entry?.SOA) return { owner, entry };
  }
  return undefined;
}

/** The records of one type at one name, as dns-packet answers. */
export function createRecords(name: string, entry: ZoneEntry, type: string): dnsPacket.Answer[] {
  const ttl = entry.ttl ?? DEFAULT_ZONE_TTL;
  const base = { name, ttl, class: 'IN' as const };
  switch (type) {
    case 'A':
    case 'AAAA':
      return (entry[type] ?? []).map((address) => ({ ...base, type, data: address }));
    case 'CNAME':
      return entry.CNAME ? [{ ...base, type: 'CNAME', data: entry.CNAME }] : [];
    case 'MX':
      return (entry.MX ?? []).map(([preference, exchange]) => ({
        ...base,
        type: 'MX',
        data: { preference, exchange },
      }));
    case 'TXT':
      return (entry.TXT ?? []).map((record) => ({ ...base, type: 'TXT', data: txtStrings(record) }));
    case 'TLSA':
      return (entry.TLSA ?? []).map(([usage, selector, matchingType, hex]) => ({
        ...base,
        type: 'TLSA',
        data: new Uint8Array([usage, selector, matchingType, ...hexToBytes(hex)]),
      }));
    case 'SOA':
      return entry.SOA
        ? [
            {
              ...base,
              ttl: entry.SOA.ttl ?? ttl,
              type: 'SOA',
              data: {
                mname: `ns1.${name}`,
                rname: `hostmaster.${name}`,
                serial: 1,
                minimum: entry.SOA.minimum,
              },
            },
          ]
        : [];
    default:
      return [];
  }
}

export interface ZoneAnswer {
  rcode: 'NOERROR' | 'NXDOMAIN';
  /** Every name used for the answer is marked `ad` (the SOA owner's flag for negative answers). */
  ad: boolean;
  answers: dnsPacket.Answer[];
  authorities: dnsPacket.Answer[];
}

/**
 * Answers like a recursive resolver: follows CNAMEs inside the zone (stopping at a loop without complaint,
 * so clients' loop handling can be tested), NXDOMAIN when the final name does not exist, SOA on negative answers.
 */
export function createZoneAnswer(zone: Zone, qname: string, qtype: string): ZoneAnswer {
  const answers: dnsPacket.Answer[] = [];
  const seen = new Set<string>();
  let current = qname;
  let ad = true;
  for (let step = 0; step <= MAX_CHAIN; step++) {
    const entry = findEntry(zone, current);
    if (entry === undefined) return negative(zone, current, 'NXDOMAIN', answers, ad);
    ad &&= entry.ad === true;
    seen.add(normalizeName(current));
    if (entry.CNAME !== undefined && qtype !== 'CNAME') {
      answers.push(...createRecords(current, entry, 'CNAME'));
      if (seen.has(normalizeName(entry.CNAME))) break;
      current = entry.CNAME;
      continue;
    }
    const records = createRecords(current, entry, qtype);
    if (records.length === 0) return negative(zone, current, 'NOERROR', answers, ad);
    answers.push(...records);
    break;
  }
  return { rcode: 'NOERROR', ad, answers, authorities: [] };
}

function negative(
  zone: Zone,
  name: string,
  rcode: ZoneAnswer['rcode'],
  answers: dnsPacket.Answer[],
  adSoFar: boolean,
): ZoneAnswer {
  const soa = findSoa(zone, name);
  const authorities = soa ? createRecords(soa.owner, soa.entry, 'SOA') : [];
  return { rcode, ad: adSoFar && soa?.entry.ad === true, answers, authorities };
}
