// Findings → overall status and the risks that follow from them.
// The status is computed from findings alone, so it can always be explained by the list the user sees.
import type { FindingCode } from '../catalog/index';
import type { Finding, Risk, Status } from './types';

/**
 * Codes that mean "we could not tell": our own lookup failed or the input is not a domain.
 * Any of these makes the status ERROR, whatever else was found.
 */
export const UNDETERMINED_CODES: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'domain.invalid',
  'dns.failed',
  'check.failed',
  'check.timeout',
  'check.interrupted',
]);

/**
 * Codes that make senders ignore the domain's MTA-STS altogether: the record or the policy file cannot be used.
 * The one list behind the setup state "Broken", the broken-policy risk and the next step.
 */
export const UNUSABLE_SETUP_CODES: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'record.invalid',
  'record.multiple',
  'policy.invalid',
  'policy.html',
  'policy.encoding',
  'policy.redirect',
  'policy.http-status',
  'policy.too-large',
  'policy.timeout',
  'policy.host.nxdomain',
  'policy.fetch.failed',
  'policy.fetch.cert-rejected',
]);

/**
 * SUCCESS / WARNING / ERROR. FAIL belongs to the vocabulary of the product this models but is never
 * produced: MTA-STS is optional, so a missing or broken setup is a WARNING, not a failure.
 */
export function verdict(findings: readonly Finding[]): Status {
  if (findings.some((f) => UNDETERMINED_CODES.has(f.code))) return 'ERROR';
  if (findings.some((f) => f.severity === 'error' || f.severity === 'warning')) return 'WARNING';
  return 'SUCCESS';
}

const has = (findings: readonly Finding[], ...codes: FindingCode[]) =>
  findings.some((f) => codes.includes(f.code));
// Third person and no more than the mechanism supports: the reader is often checking someone else's domain,
// and a risk card states what can happen, not what a review or a regulation will conclude.
const RISKS = {
  interception: {
    id: 'interception',
    title: 'Mail can be read or altered in transit',
    detail:
      'Without an enforced policy, a sending server that cannot set up TLS with the MX hosts falls back to ' +
      'plaintext. Someone on the network path (a hostile network, a compromised router) can then read or change ' +
      'the messages.',
  },
  downgrade: {
    id: 'downgrade',
    title: 'STARTTLS can be stripped by an attacker',
    detail:
      'SMTP encryption is opportunistic: an attacker who removes the STARTTLS offer from the server greeting makes ' +
      'senders deliver in plaintext without any error. An enforced MTA-STS policy is what tells senders to refuse ' +
      'that downgrade.',
  },
  mxSpoofing: {
    id: 'mx-spoofing',
    title: 'Mail can be diverted to a server the domain does not run',
    detail:
      'Without a policy naming the MX hosts, a sender that receives forged DNS answers accepts any mail server ' +
      'with any certificate, so forged MX records can send inbound mail to an attacker.',
  },
  bounce: {
    id: 'bounce',
    title: 'Legitimate mail may bounce',
    detail:
      'An enforce policy that does not list every MX host tells MTA-STS senders to refuse delivery to the ' +
      'unlisted hosts. When those hosts are the ones senders pick, mail is delayed and then returned to the sender.',
  },
  brokenPolicy: {
    id: 'broken-policy',
    title: 'Senders ignore this MTA-STS setup',
    detail:
      'Senders silently discard a policy they cannot fetch or parse and treat the domain as having none: the ' +
      'setup gives no protection, and nobody is warned.',
  },
  blind: {
    id: 'no-reports',
    title: 'TLS failures go unnoticed',
    detail:
      'Without a TLS-RPT record, senders have nowhere to report failed or downgraded TLS connections, so an attack ' +
      'or a broken certificate on the MX hosts stays invisible until mail goes missing.',
  },
  staleCache: {
    id: 'stale-cache',
    title: 'Senders may keep an old policy',
    detail:
      'Senders cache the policy for max_age seconds and only refetch when the TXT id changes. A short max_age ' +
      'leaves long windows without protection; a policy change without a new id is never picked up.',
  },
} satisfies Record<string, Risk>;

/**
 * The risks that apply, most serious first, tailored to the findings. Empty for SUCCESS unless a residual risk
 * (no TLS reporting) applies; empty for ERROR, because we could not tell.
 */
export function createRisks(findings: readonly Finding[]): Risk[] {
  const status = verdict(findings);
  if (status === 'ERROR') return [];
  const risks: Risk[] = [];
  const noRecord = has(findings, 'record.missing');
  // A policy file without a record is never fetched by senders: nothing "broken" to report about it then.
  const unusable = !noRecord && findings.some((f) => UNUSABLE_SETUP_CODES.has(f.code));
  const notEnforced = has(findings, 'policy.mode.testing', 'policy.mode.none');
  const noMail = has(findings, 'mx.null', 'mx.none');

  if (noRecord || unusable || notEnforced) {
    if (unusable) risks.push(RISKS.brokenPolicy);
    if (!noMail) {
      risks.push(RISKS.downgrade, RISKS.interception, RISKS.mxSpoofing);
    }
  }
  if (has(findings, 'mx.uncovered')) risks.push(RISKS.bounce);
  const shortMaxAge = findings.some(
    (f) => (f.code === 'policy.max-age.short' && f.severity !== 'info') || f.code === 'policy.max-age.zero',
  );
  if (shortMaxAge || has(findings, 'history.policy-changed-same-id')) risks.push(RISKS.staleCache);
  if (has(findings, 'tlsrpt.missing', 'tlsrpt.invalid', 'tlsrpt.multiple') && !noMail)
    risks.push(RISKS.blind);
  return risks;
}
