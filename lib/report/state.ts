// What a report says about the domain's setup, decided from its findings: the setup state (Enforced, Testing,
// Broken…), the first problem to fix and the next step. The words shown for each are in look.ts.
import type { FindingCode } from '../catalog/index';
import type { SetupState } from './look';
import type { Finding, Report, Status } from './types';
import { UNUSABLE_SETUP_CODES } from './verdict';

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
