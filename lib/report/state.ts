// The display vocabulary of a report, in one place so the popup, the report page and the audit say the same
// thing: the setup state (what the domain has), the status words (what we concluded) and the finding words
// (one observation). The machine values (SUCCESS/WARNING/ERROR, error/warning/info) never change; only the
// words shown for them are chosen here, so that no two words clash:
// - status:   Protected / Needs attention / Couldn't check  (never "Error": that read as "broken")
// - finding:  Problem / Advice / Note                        (never "Warning"/"Error": those were statuses too)
// - state:    Enforced / Testing / Broken / Not set up / Switched off / No mail / Unknown
import type { FindingCode } from '../catalog/index';
import type { Finding, Report, Severity, Status } from './types';
import { UNUSABLE_SETUP_CODES } from './verdict';

/** What the domain has, as a sender would see it. `unknown` when our own lookups failed (status ERROR). */
export type SetupState = 'enforced' | 'testing' | 'broken' | 'not-set-up' | 'off' | 'no-mail' | 'unknown';

export interface Look {
  /** Text-presentation icon (U+FE0E), so it follows the theme colour instead of becoming an emoji. */
  icon: string;
  word: string;
}

export const STATUS_LOOK: Readonly<Record<Status, Look>> = {
  SUCCESS: { icon: '✔\uFE0E', word: 'Protected' },
  WARNING: { icon: '⚠\uFE0E', word: 'Needs attention' },
  ERROR: { icon: '?\uFE0E', word: "Couldn't check" },
};

export const SEVERITY_LOOK: Readonly<Record<Severity, Look>> = {
  error: { icon: '✖\uFE0E', word: 'Problem' },
  warning: { icon: '▲\uFE0E', word: 'Advice' },
  info: { icon: 'ℹ\uFE0E', word: 'Note' },
};

export const STATE_LOOK: Readonly<Record<SetupState, { word: string; meaning: string }>> = {
  enforced: { word: 'Enforced', meaning: 'senders that support MTA-STS refuse unprotected delivery' },
  testing: { word: 'Testing', meaning: 'senders report TLS problems but still deliver without protection' },
  broken: { word: 'Broken', meaning: 'senders ignore the setup, or it makes them refuse some mail' },
  'not-set-up': { word: 'Not set up', meaning: 'no MTA-STS: mail can be downgraded to plaintext' },
  off: { word: 'Switched off', meaning: 'the policy is mode none: MTA-STS is withdrawn' },
  'no-mail': { word: 'No mail', meaning: 'the domain declares that it receives no mail' },
  unknown: { word: 'Unknown', meaning: 'our lookups failed, so nothing is known yet' },
};

export function getSetupState(status: Status, findings: readonly Finding[]): SetupState {
  const has = (code: FindingCode) => findings.some((f) => f.code === code);
  if (status === 'ERROR') return 'unknown';
  if (has('mx.null')) return 'no-mail';
  if (has('record.missing')) return 'not-set-up';
  if (findings.some((f) => UNUSABLE_SETUP_CODES.has(f.code))) return 'broken';
  // An enforce policy that misses an MX host makes senders refuse mail to it (severity error).
  if (findings.some((f) => f.code === 'mx.uncovered' && f.severity === 'error')) return 'broken';
  if (has('policy.mode.testing')) return 'testing';
  if (has('policy.mode.none')) return 'off';
  if (has('policy.mode.enforce')) return 'enforced';
  return status === 'SUCCESS' ? 'enforced' : 'broken';
}

/** The CSV value of a state: unknown is an empty cell, like every other unknown fact. */
export function stateCsvValue(state: SetupState): string | null {
  return state === 'unknown' ? null : state;
}

/**
 * The first finding that is a problem (error) or, without one, advice (warning): what to fix first. The
 * checker lists findings in the order of its steps (record, policy, MX, TLS-RPT), which is the order to fix.
 */
export function getFirstProblem(findings: readonly Finding[]): Finding | null {
  return (
    findings.find((f) => f.severity === 'error') ?? findings.find((f) => f.severity === 'warning') ?? null
  );
}

/** One line: the next thing to do, for the person who runs the domain (third person: it may not be the user). */
export function getNextStep(report: Pick<Report, 'status' | 'findings' | 'domain'>): string {
  const has = (code: FindingCode) => report.findings.some((f) => f.code === code);
  const d = report.domain;
  if (has('domain.invalid')) return 'Type a domain name such as example.com.';
  if (report.status === 'ERROR')
    return 'Check again; if it keeps failing, choose another resolver in Options.';
  if (has('mx.null')) return 'Nothing to do: a domain that receives no mail needs no MTA-STS.';
  if (has('domain.nxdomain')) return `Check the spelling: ${d} does not exist.`;
  if (has('record.missing') && has('policy.orphan'))
    return `Publish the _mta-sts.${d} TXT record below so senders find the policy.`;
  if (has('record.missing') && has('mx.none'))
    return `Publish MX records for ${d} first (or a null MX if it receives no mail).`;
  if (has('record.missing'))
    return `Publish the starter set below in testing mode, then switch to enforce once TLS reports are clean.`;
  const first = getFirstProblem(report.findings);
  if (first?.code === 'mx.uncovered')
    return 'Add the missing MX host to the policy and change the record id.';
  if (first?.code === 'policy.mode.testing')
    return 'When TLS reports show no failures, switch the policy to enforce and change the record id.';
  if (first && UNUSABLE_SETUP_CODES.has(first.code))
    return 'Fix the first problem below; its fix is ready to copy.';
  if (first) return 'See the first finding below; its fix is ready to copy where one applies.';
  return 'Test STARTTLS on the MX hosts (below): a browser cannot, and a bad certificate there bounces mail.';
}
