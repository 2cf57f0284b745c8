// Step readers for the informational DNS facts: DNSSEC (the resolver's AD flag on the answers the verdict
// rests on) and DANE (TLSA at _25._tcp.<mx host>, RFC 7672). Neither changes the status.
import type { Finding, MxHostEvidence } from '../report/types';
import { quoteList } from '../untrusted-text';
import { isConclusive, type Lookup } from './lookup';

/** `lookups`: the _mta-sts TXT and MX lookups. */
export function readDnssec(lookups: readonly Lookup[]): Finding[] {
  const conclusive = lookups.filter((l) => isConclusive(l.result));
  if (conclusive.length === 0) return [];
  const unsigned = conclusive.filter((l) => !(l.result.ok && l.result.answer.ad)).map((l) => l.evidence.name);
  return [
    unsigned.length === 0
      ? {
          code: 'dnssec.signed',
          severity: 'info',
          message: 'The _mta-sts record and the MX records were validated with DNSSEC by the resolver.',
        }
      : {
          code: 'dnssec.unsigned',
          severity: 'info',
          message: `Not validated with DNSSEC: ${unsigned.join(', ')}. MTA-STS is designed to work without DNSSEC; with it, DANE becomes possible too.`,
        },
  ];
}

/** The TLSA lookups have not answered yet. */
export const DANE_PENDING: ReadonlyArray<Lookup | undefined> = Object.freeze([]);

/** `tlsa[i]` is the TLSA lookup for `hosts[i]` (undefined when it was not made); DANE_PENDING while running. */
export function readDane(
  hosts: readonly MxHostEvidence[],
  tlsa: ReadonlyArray<Lookup | undefined>,
  nullMx: boolean,
): { findings: Finding[]; hosts: MxHostEvidence[] } {
  const withDane = hosts.map((h, i): MxHostEvidence => {
    const result = tlsa[i]?.result;
    const answer = result?.ok && isConclusive(result) ? result.answer : null;
    return {
      ...h,
      dane: answer ? answer.records.some((r) => r.type === 'TLSA') : null,
      daneAuthenticated: answer ? answer.ad : null,
    };
  });
  // Still looking (the verdict was shown after round 1): no DANE finding yet, never a premature "absent".
  if (hosts.length === 0 || nullMx || tlsa === DANE_PENDING) return { findings: [], hosts: withDane };
  const daneHosts = withDane.filter((h) => h.dane === true).map((h) => h.host);
  return {
    hosts: withDane,
    findings: [
      daneHosts.length > 0
        ? {
            code: 'dane.present',
            severity: 'info',
            message: `TLSA records (DANE) found for ${quoteList(daneHosts)}.`,
            rfc: 'RFC 7672',
          }
        : {
            code: 'dane.absent',
            severity: 'info',
            message: 'No TLSA records (DANE) at _25._tcp for the MX hosts.',
            rfc: 'RFC 7672',
          },
    ],
  };
}
