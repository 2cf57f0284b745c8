// The reports next to today's check of the same domain: failures on hosts the policy no longer lists, policy
// fetch errors that are still there or fixed since, and the policy senders saw against the one published now.
import { findMatchingPattern } from '../../mta-sts/mx-match';
import { parsePolicy } from '../../mta-sts/policy';
import type { StsPolicy } from '../../mta-sts/types';
import type { Report } from '../../report/types';
import type { DomainSummary } from './summary';

const POLICY_RESULTS = new Set(['sts-policy-fetch-error', 'sts-policy-invalid', 'sts-webpki-invalid']);

export interface PolicyDrift {
  field: 'mode' | 'mx' | 'max_age';
  reported: string;
  published: string;
}

export interface CrossCheck {
  domain: string;
  checkedAt: string;
  /** Mode published today; null when today's check found no usable policy. */
  liveMode: string | null;
  /** Hosts named in failure details that no mx pattern of today's policy matches (null: no policy today). */
  hostsNotInPolicy: Array<{ host: string; sessions: number }> | null;
  /** Policy fetch/validation failures in the reports, and whether today's check still fails to get the policy. */
  policyErrors: { sessions: number; stillFailing: boolean } | null;
  /** Differences between the newest policy senders reported and today's; null when either is unknown. */
  drift: PolicyDrift[] | null;
}

function describePolicy(p: StsPolicy): Record<PolicyDrift['field'], string> {
  return { mode: p.mode, mx: [...p.mx].sort().join(', '), max_age: String(p.maxAge) };
}

export function crossCheck(summary: DomainSummary, live: Report): CrossCheck {
  const policy = live.evidence.policy;
  const hosts = new Map<string, number>();
  let policySessions = 0;
  for (const f of summary.failures) {
    if (f.policyType !== 'sts') continue;
    if (POLICY_RESULTS.has(f.resultType ?? '')) policySessions += f.count ?? 0;
    const host = f.receivingMxHostname?.trim();
    if (host && policy && findMatchingPattern(policy.mx, host) === null) {
      hosts.set(host, (hosts.get(host) ?? 0) + (f.count ?? 0));
    }
  }
  let drift: PolicyDrift[] | null = null;
  const reported = summary.latestPolicy?.strings;
  if (policy && reported) {
    const parsed = parsePolicy(`${reported.join('\r\n')}\r\n`);
    if (parsed.ok) {
      const was = describePolicy(parsed.policy);
      const now = describePolicy(policy);
      drift = (['mode', 'mx', 'max_age'] as const)
        .filter((field) => was[field] !== now[field])
        .map((field) => ({ field, reported: was[field], published: now[field] }));
    }
  }
  return {
    domain: live.domain,
    checkedAt: live.checkedAt,
    liveMode: policy?.mode ?? null,
    hostsNotInPolicy: policy
      ? [...hosts].map(([host, sessions]) => ({ host, sessions })).sort((a, b) => b.sessions - a.sessions)
      : null,
    policyErrors: policySessions > 0 ? { sessions: policySessions, stillFailing: policy === null } : null,
    drift,
  };
}
