// Step reader: the policy fetch and the policy host's A/AAAA (RFC 8461 §3.2, §3.3) → the policy in force.
import { createCertificateFindings, createTlsFailureFinding } from '../certificate/findings';
import type { PolicyTlsEvidence } from '../certificate/types';
import { classifyFetchFailure, type FetchPolicyResult } from '../mta-sts/fetch-policy';
import { parsePolicy } from '../mta-sts/policy';
import type { StsPolicy } from '../mta-sts/types';
import type { Finding } from '../report/types';
import { isConclusive, type Lookup, lookupFailure } from './lookup';

export interface PolicyInputs {
  fetched: FetchPolicyResult;
  hostA: Lookup;
  hostAAAA: Lookup;
  /** The TLS connection as the browser saw it (Firefox only), and when: expiry is counted from then. */
  tls?: { evidence: PolicyTlsEvidence; atMs: number };
}

export interface PolicyReading {
  findings: Finding[];
  /** The parsed policy; null when none could be fetched or parsed. */
  policy: StsPolicy | null;
}

export function readPolicy(
  domain: string,
  { fetched, hostA, hostAAAA, tls }: PolicyInputs,
  record: { present: boolean; missing: boolean },
): PolicyReading {
  const findings: Finding[] = [];
  const policyHost = `mta-sts.${domain}`;
  const policyFindings: Finding[] = [
    ...fetched.findings,
    ...(tls ? createCertificateFindings(tls.evidence, policyHost, tls.atMs) : []),
  ];
  let policy: StsPolicy | null = null;
  if (fetched.evidence.outcome === 'network') {
    const hostState = policyHostState(hostA, hostAAAA);
    // A certificate the browser refused explains the failure, unless the name does not exist for senders.
    const refused = hostState === 'nxdomain' ? null : createTlsFailureFinding(tls?.evidence, policyHost);
    policyFindings.push(refused ?? classifyFetchFailure(fetched.evidence, hostState));
    if (hostState === 'unknown' && record.present) {
      // The fetch failed and our own lookup of the policy host failed too: we cannot tell whose fault it is.
      const failed = isConclusive(hostA.result) ? hostAAAA : hostA;
      findings.push({
        code: 'dns.failed',
        severity: 'error',
        message: lookupFailure(failed.result, `mta-sts.${domain}`),
      });
    }
  } else if (fetched.body !== null) {
    const parsed = parsePolicy(fetched.body);
    policyFindings.push(...parsed.findings);
    if (parsed.ok) policy = parsed.policy;
  }
  if (!record.missing) return { findings: [...findings, ...policyFindings], policy };
  if (policy) {
    return {
      findings: [
        ...findings,
        {
          code: 'policy.orphan',
          severity: 'warning',
          message: `A policy is served at ${fetched.evidence.url}, but there is no _mta-sts.${domain} TXT record, so senders never fetch it (RFC 8461 §3.1).`,
          rfc: 'RFC 8461 §3.1',
        },
        ...policyFindings,
      ],
      policy,
    };
  }
  // Without a record, a missing policy host is expected: keep what we saw as information only.
  return {
    findings: [...findings, ...policyFindings.map((f) => ({ ...f, severity: 'info' as const }))],
    policy,
  };
}

function policyHostState(a: Lookup, aaaa: Lookup): 'resolves' | 'nxdomain' | 'unknown' {
  const hasAddress = (l: Lookup) =>
    l.result.ok && l.result.answer.records.some((rec) => rec.type === 'A' || rec.type === 'AAAA');
  if (hasAddress(a) || hasAddress(aaaa)) return 'resolves';
  if (isConclusive(a.result) && isConclusive(aaaa.result)) return 'nxdomain';
  return 'unknown';
}
