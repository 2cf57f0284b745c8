// The question people read TLS reports for: is it safe to switch the MTA-STS policy from testing to enforce?
// Yes only when the reports cover enough days and sessions and show no failure under the STS policy; for a
// domain already enforcing, the failed sessions are mail that senders refused to deliver.
import { explainFailure, type FailureExplanation } from './explain';
import type { DomainSummary, FailureRow } from './summary';

/** The evidence "ready" needs. Stated on the page and in the CLI output. */
export const READINESS_THRESHOLDS = {
  /** Distinct UTC days with reported STS sessions: two weeks catches weekly jobs and most senders. */
  minDays: 14,
  /** Sessions under the STS policy, successful or not. */
  minSessions: 100,
} as const;

/** Under enforce, a sender that sees these refuses to deliver (RFC 8461 §5): the mail bounces or waits. */
export const DELIVERY_BLOCKING_RESULTS = new Set([
  'starttls-not-supported',
  'certificate-host-mismatch',
  'certificate-expired',
  'certificate-not-trusted',
  'validation-failure',
]);

export interface BlockingFailure extends FailureExplanation {
  resultType: string | null;
  host: string | null;
  sessions: number;
}

export interface HostCount {
  host: string | null;
  sessions: number;
}

interface Coverage {
  days: number;
  sessions: number;
  /** Sessions we know of; `sessionsUnknown` policies gave no count. */
  sessionsUnknown: number;
  /** STS policies whose failure total was missing: "no failures" cannot be claimed while any is unknown. */
  failuresUnknown: number;
}

export type Readiness =
  | ({ kind: 'ready' } & Coverage)
  | ({
      kind: 'not-ready';
      blocking: BlockingFailure[];
      failedSessions: number;
      enoughData: boolean;
      /** UTC day of the newest report with a failure: clean reports after it show a fix took hold. */
      lastFailureDay: string | null;
    } & Coverage)
  | ({ kind: 'not-enough-data' } & Coverage)
  | ({ kind: 'enforced'; bounced: number; hosts: HostCount[]; otherFailures: number } & Coverage)
  | ({ kind: 'mode-none' } & Coverage)
  | ({ kind: 'no-sts-policy' } & Coverage)
  | ({ kind: 'mode-unknown'; blocking: BlockingFailure[]; failedSessions: number } & Coverage);

function isSts(f: FailureRow): boolean {
  return f.policyType === 'sts';
}

function groupBlocking(failures: FailureRow[], domain: string | null): BlockingFailure[] {
  const groups = new Map<string, BlockingFailure>();
  for (const f of failures) {
    const host = f.receivingMxHostname || null;
    const key = `${f.resultType}\u0000${host}`;
    const g = groups.get(key);
    if (g) g.sessions += f.count ?? 0;
    else
      groups.set(key, {
        ...explainFailure(f.resultType, host, domain),
        resultType: f.resultType,
        host,
        sessions: f.count ?? 0,
      });
  }
  return [...groups.values()].sort((a, b) => b.sessions - a.sessions);
}

/**
 * The verdict for one policy domain. `liveMode` is the mode published today (from a check), used when the
 * reports' policy strings do not say which mode senders applied.
 */
export function assessReadiness(summary: DomainSummary, liveMode: string | null = null): Readiness {
  const { minDays, minSessions } = READINESS_THRESHOLDS;
  const { sts } = summary;
  const coverage: Coverage = {
    days: sts.days.length,
    sessions: sts.success.known + sts.failure.known,
    sessionsUnknown: sts.success.unknown + sts.failure.unknown,
    failuresUnknown: sts.failure.unknown,
  };
  if (!summary.policyTypes.includes('sts')) return { kind: 'no-sts-policy', ...coverage };

  const mode = summary.latestPolicy?.mode ?? liveMode;
  const stsFailures = summary.failures.filter(isSts);
  const failedSessions = stsFailures.reduce((n, f) => n + (f.count ?? 0), 0);

  if (mode === 'enforce') {
    // Failures reported while the sender applied a testing policy were delivered anyway.
    const bouncing = stsFailures.filter(
      (f) => (f.mode ?? 'enforce') === 'enforce' && DELIVERY_BLOCKING_RESULTS.has(f.resultType ?? ''),
    );
    const hosts = new Map<string | null, number>();
    for (const f of bouncing) {
      const host = f.receivingMxHostname || null;
      hosts.set(host, (hosts.get(host) ?? 0) + (f.count ?? 0));
    }
    const bounced = bouncing.reduce((n, f) => n + (f.count ?? 0), 0);
    return {
      kind: 'enforced',
      bounced,
      hosts: [...hosts]
        .map(([host, sessions]) => ({ host, sessions }))
        .sort((a, b) => b.sessions - a.sessions),
      otherFailures: failedSessions - bounced,
      ...coverage,
    };
  }
  if (mode === 'none') return { kind: 'mode-none', ...coverage };
  const blocking = groupBlocking(stsFailures, summary.domain);
  if (mode === null) return { kind: 'mode-unknown', blocking, failedSessions, ...coverage };

  const enoughData = coverage.days >= minDays && coverage.sessions >= minSessions;
  if (stsFailures.length > 0 || sts.failure.known > 0) {
    // The reporters' totals where they gave them (details can disagree with them, see the reader's warnings).
    const failed = sts.failure.known > 0 ? sts.failure.known : failedSessions;
    const lastFailureDay =
      stsFailures
        .map((f) => (f.start ?? f.end)?.slice(0, 10) ?? '')
        .sort()
        .at(-1) || null;
    return { kind: 'not-ready', blocking, failedSessions: failed, enoughData, lastFailureDay, ...coverage };
  }
  return enoughData && coverage.failuresUnknown === 0
    ? { kind: 'ready', ...coverage }
    : { kind: 'not-enough-data', ...coverage };
}

/** One sentence for the verdict, used by the page and the CLI. */
export function describeReadiness(r: Readiness): { headline: string; detail: string } {
  const { minDays, minSessions } = READINESS_THRESHOLDS;
  const plural = (n: number, one: string) => `${n.toLocaleString('en')} ${one}${n === 1 ? '' : 's'}`;
  const cover = `${plural(r.sessions, 'session')} over ${plural(r.days, 'day')}`;
  const need = `at least ${minSessions} sessions over ${minDays} days with no MTA-STS failure`;
  const short = [
    r.days < minDays ? `${plural(r.days, 'day')} (we ask for ${minDays})` : null,
    r.sessions < minSessions ? `${plural(r.sessions, 'session')} (we ask for ${minSessions})` : null,
  ]
    .filter((x) => x !== null)
    .join(' and ');
  switch (r.kind) {
    case 'ready':
      return {
        headline: 'Ready to switch to enforce: yes',
        detail: `The reports cover ${cover} (${need} is what we ask) and no sender failed under the MTA-STS policy.`,
      };
    case 'not-ready':
      return {
        headline: 'Ready to switch to enforce: not yet',
        detail: `${plural(r.failedSessions, 'session')} failed under the MTA-STS policy; under enforce this mail would not be delivered. Fix the causes below, then wait for clean reports.${r.lastFailureDay ? ` The last failure was reported for ${r.lastFailureDay}.` : ''}${r.enoughData ? '' : ` The reports also cover only ${short}.`}`,
      };
    case 'not-enough-data':
      return {
        headline: 'Ready to switch to enforce: not enough reports yet',
        detail:
          r.failuresUnknown > 0
            ? `${plural(r.failuresUnknown, 'report')} gave no failure count, so we cannot tell that nothing failed. The reports cover ${cover}; we ask for ${need}.`
            : `No failures so far, but the reports cover only ${short}.`,
      };
    case 'enforced':
      return {
        headline: `Mail bounced by MTA-STS: ${r.bounced.toLocaleString('en')} session${r.bounced === 1 ? '' : 's'}`,
        detail:
          r.bounced === 0
            ? `The policy is enforced and no sender refused delivery in ${cover}.`
            : 'The policy is enforced: senders refused to deliver these sessions because the receiving server failed the checks. Fix the hosts below.',
      };
    case 'mode-none':
      return {
        headline: 'The policy is in mode none',
        detail: 'Senders were told the policy is withdrawn; nothing is enforced or tested.',
      };
    case 'no-sts-policy':
      return {
        headline: 'Senders found no MTA-STS policy',
        detail:
          'The reports cover sessions without an MTA-STS policy. Publish one in testing mode first, then read the reports.',
      };
    case 'mode-unknown':
      return {
        headline: 'Ready to switch to enforce: mode unknown',
        detail: `The reporters did not include the policy, so the mode senders applied is unknown. Run today’s check to see the published mode. ${r.failedSessions.toLocaleString('en')} session${r.failedSessions === 1 ? '' : 's'} failed under the MTA-STS policy.`,
      };
  }
}
