// Step reader: the MX lookup against the policy in force (RFC 8461 §4.1, RFC 7505 null MX) → coverage.
import { createMxMatcher } from '../mta-sts/mx-match';
import type { StsPolicy } from '../mta-sts/types';
import type { Finding, MxHostEvidence } from '../report/types';
import { quoteList } from '../untrusted-text';
import { examinedMxHosts, isConclusive, isNullMx, type Lookup, lookupFailure, MAX_MX_HOSTS } from './lookup';

export interface MxReading {
  findings: Finding[];
  /** Each MX host with its coverage; DANE is filled in by readDane. */
  hosts: MxHostEvidence[];
  nullMx: boolean;
}

/**
 * `policy`: the parsed policy, or null. Only a policy in force (mode enforce or testing) says which MX hosts
 * are covered. `recordPresent`: coverage decides the verdict only when a record announces the policy.
 */
export function readMx(
  domain: string,
  mx: Lookup,
  policy: StsPolicy | null,
  recordPresent: boolean,
): MxReading {
  const findings: Finding[] = [];
  const { hosts: mxHosts, total } = examinedMxHosts(mx.result);
  const nullMx = isNullMx(mx.result);
  const matching = policy !== null && policy.mode !== 'none' ? policy : null;
  if (!isConclusive(mx.result)) {
    findings.push({
      code: recordPresent ? 'dns.failed' : 'dns.incomplete',
      severity: recordPresent ? 'error' : 'info',
      message: lookupFailure(mx.result, `${domain} MX`),
    });
  } else if (mx.result.ok && mx.result.answer.rcode === 'NXDOMAIN') {
    findings.push({
      code: 'domain.nxdomain',
      severity: 'warning',
      message: `${domain} does not exist in DNS (NXDOMAIN), so it cannot receive mail.`,
    });
  } else if (nullMx) {
    findings.push({
      code: 'mx.null',
      severity: 'info',
      message: `${domain} publishes a null MX (RFC 7505): it declares that it does not receive mail.`,
      rfc: 'RFC 7505 §3',
    });
  } else if (mxHosts.length === 0) {
    findings.push({
      code: 'mx.none',
      severity: 'warning',
      message: `${domain} has no MX records. Senders fall back to its address records (RFC 5321 §5.1), which is rarely intended for a domain that receives mail; publish MX records, or a null MX if it receives none.`,
      rfc: 'RFC 5321 §5.1',
    });
  }
  if (total > mxHosts.length) {
    findings.push({
      code: 'mx.truncated',
      severity: 'warning',
      message: `${domain} lists ${total} MX hosts; only the first ${MAX_MX_HOSTS} by preference were examined (coverage and DANE of the other ${total - mxHosts.length} are unknown). No real mail domain needs that many: senders try only a few.`,
    });
  }
  // Compiled once: each host is then two look-ups, however long the policy.
  const matcher = matching ? createMxMatcher(matching.mx) : null;
  const uncovered: string[] = [];
  const hosts = mxHosts.map((h): MxHostEvidence => {
    const matchedBy = matcher ? matcher.match(h.exchange) : null;
    const covered = matching ? matchedBy !== null : null;
    if (covered === false) uncovered.push(h.exchange);
    return {
      host: h.exchange,
      preference: h.preference,
      covered,
      matchedBy,
      dane: null,
      daneAuthenticated: null,
    };
  });
  if (matching) {
    if (uncovered.length > 0) {
      const enforce = matching.mode === 'enforce';
      const them = uncovered.length === 1 ? 'that host' : 'those hosts';
      findings.push({
        code: 'mx.uncovered',
        severity: enforce ? 'error' : 'warning',
        message: enforce
          ? `The policy's mx patterns (${quoteList(matching.mx)}) do not cover ${quoteList(uncovered)}. In enforce mode, MTA-STS senders refuse to deliver to ${them}: mail routed there will be delayed and then bounce.`
          : `The policy's mx patterns (${quoteList(matching.mx)}) do not cover ${quoteList(uncovered)}. In testing mode senders still deliver but report failures; switching to enforce as it stands would make mail to ${them} bounce.`,
        rfc: 'RFC 8461 §4.1',
      });
    } else if (mxHosts.length > 0) {
      findings.push({
        code: 'mx.covered',
        severity: 'info',
        message:
          total > mxHosts.length
            ? `All ${mxHosts.length} examined MX hosts are covered by the policy's mx patterns.`
            : `All ${mxHosts.length} MX host${mxHosts.length === 1 ? ' is' : 's are'} covered by the policy's mx patterns.`,
        rfc: 'RFC 8461 §4.1',
      });
    }
  }
  return { findings, hosts, nullMx };
}
