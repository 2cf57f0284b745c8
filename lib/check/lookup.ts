// One DNS lookup as the step readers see it: the resolver's result and the evidence the report shows.
// Pure helpers over DnsResult, shared by every step reader.
import type { Priority } from '../dns/limiter';
import type { DnsRecord, DnsResult, Resolver, RRType } from '../dns/types';
import type { DnsEvidence } from '../report/types';

export interface Lookup {
  result: DnsResult;
  evidence: DnsEvidence;
}

/** Looks a name up and keeps what the UI shows as evidence, whatever the outcome. */
export async function lookup(
  resolver: Resolver,
  name: string,
  type: RRType,
  options: { signal?: AbortSignal; priority?: Priority } = {},
): Promise<Lookup> {
  return toLookup(name, type, await resolver.query(name, type, options));
}

/** The evidence of a result: what was asked, what came back (or why nothing did). */
export function toLookup(name: string, type: RRType, result: DnsResult): Lookup {
  if (!result.ok) {
    return {
      result,
      evidence: {
        name,
        type,
        rcode: null,
        authenticated: null,
        cnames: [],
        data: [],
        error: result.error,
        resolver: result.resolver,
        elapsedMs: result.elapsedMs,
      },
    };
  }
  const { answer } = result;
  return {
    result,
    evidence: {
      name,
      type,
      rcode: answer.rcode,
      authenticated: answer.ad,
      cnames: answer.cnames,
      data: answer.records.map(formatRecord),
      error: null,
      resolver: answer.resolver,
      elapsedMs: answer.elapsedMs,
    },
  };
}

/** Presentation form of one record, for the evidence panel. */
function formatRecord(r: DnsRecord): string {
  switch (r.type) {
    case 'TXT':
      return r.text;
    case 'MX':
      return `${r.preference} ${r.exchange || '.'}`;
    case 'A':
    case 'AAAA':
      return r.address;
    case 'CNAME':
      return r.target;
    default:
      return `${r.usage} ${r.selector} ${r.matchingType} ${r.data}`;
  }
}

/** A lookup we can draw a conclusion from: NOERROR or NXDOMAIN. Anything else means our lookup failed. */
export function isConclusive(result: DnsResult): boolean {
  return result.ok && (result.answer.rcode === 'NOERROR' || result.answer.rcode === 'NXDOMAIN');
}

export function lookupFailure(result: DnsResult, what: string): string {
  // The client's message already names the query and says it was our lookup that failed.
  if (!result.ok) return result.error;
  return `Our resolver (${result.answer.resolver}) answered ${result.answer.rcode} for ${what}, so we could not tell what the domain publishes. This is a lookup failure on our side or at the domain's name servers, not a finding about MTA-STS itself.`;
}

export function txtOf(result: DnsResult): string[] {
  if (!result.ok) return [];
  return result.answer.records.flatMap((r) => (r.type === 'TXT' ? [r.text] : []));
}

/** The MX hosts by preference (then name); the null MX's "." is not a host. */
export function mxHostsOf(result: DnsResult): Array<{ preference: number; exchange: string }> {
  if (!result.ok || result.answer.rcode !== 'NOERROR') return [];
  return result.answer.records
    .flatMap((r) => (r.type === 'MX' && r.exchange !== '' && r.exchange !== '.' ? [r] : []))
    .sort(
      (x, y) =>
        x.preference - y.preference || (x.exchange < y.exchange ? -1 : x.exchange > y.exchange ? 1 : 0),
    );
}

/**
 * MX hosts examined at most, by preference. Real domains list a handful (the largest providers a dozen); a
 * hostile 64 KB answer lists 3,000, and each would cost a TLSA lookup and a coverage check.
 */
export const MAX_MX_HOSTS = 50;

/** The MX hosts the check examines (the first MAX_MX_HOSTS by preference) and how many there were. */
export function examinedMxHosts(result: DnsResult): {
  hosts: Array<{ preference: number; exchange: string }>;
  total: number;
} {
  const all = mxHostsOf(result);
  return { hosts: all.slice(0, MAX_MX_HOSTS), total: all.length };
}

/** RFC 7505 §3: a single MX record with preference 0 and an empty exchange ("."). */
export function isNullMx(result: DnsResult): boolean {
  if (!result.ok || result.answer.rcode !== 'NOERROR') return false;
  const mx = result.answer.records.filter((r) => r.type === 'MX');
  return mx.length === 1 && mx[0]?.type === 'MX' && (mx[0].exchange === '' || mx[0].exchange === '.');
}
