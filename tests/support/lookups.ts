// In-memory DNS results for the step readers' tests: no server, no resolver, just the shapes a lookup returns.

import { type Lookup, toLookup } from '../../lib/check/lookup';
import type { DnsRecordData, DnsResult, RRType } from '../../lib/dns/types';

export function answer(
  name: string,
  type: RRType,
  records: DnsRecordData[],
  options: { rcode?: string; ad?: boolean } = {},
): Lookup {
  const result: DnsResult = {
    ok: true,
    answer: {
      name,
      type,
      rcode: options.rcode ?? 'NOERROR',
      ad: options.ad ?? false,
      records: records.map((r) => ({ ...r, name, ttl: 300 })),
      cnames: [],
      resolver: 'test',
      elapsedMs: 1,
    },
  };
  return toLookup(name, type, result);
}

export const txt = (name: string, ...texts: string[]) =>
  answer(
    name,
    'TXT',
    texts.map((text) => ({ type: 'TXT', text })),
  );

export const mx = (name: string, ...hosts: Array<[number, string]>) =>
  answer(
    name,
    'MX',
    hosts.map(([preference, exchange]) => ({ type: 'MX', preference, exchange })),
  );

export const rcode = (name: string, type: RRType, code: string) => answer(name, type, [], { rcode: code });

export const failed = (
  name: string,
  type: RRType,
  error = `Our lookup of ${name} ${type} timed out.`,
): Lookup => toLookup(name, type, { ok: false, error, resolver: 'test', elapsedMs: 5000 });
