// The one sentence under the status: what the result means for the domain's mail. Kept apart from the
// checker so views (and the history module) can use it without loading the checker itself.
import type { Finding, Report } from './types';

export function createSummary(
  status: Report['status'],
  findings: readonly Finding[],
  domain: string,
): string {
  const has = (code: string) => findings.some((f) => f.code === code);
  if (status === 'ERROR') {
    if (has('domain.invalid')) return 'This is not a domain name we can check.';
    if (has('check.interrupted'))
      return `The check of ${domain} was interrupted before it finished (the browser stopped the extension's background), so this says nothing about the domain yet. Check again.`;
    if (has('check.failed'))
      return `The check of ${domain} stopped because of an internal error, so this says nothing about the domain yet. Try again.`;
    return `We could not complete the check of ${domain}: our own lookup failed, so this says nothing about the domain yet. Try again.`;
  }
  if (status === 'SUCCESS') {
    return `${domain} publishes an enforced MTA-STS policy that covers all its mail servers: senders that support MTA-STS will only deliver over authenticated TLS.`;
  }
  if (has('mx.null')) {
    return `${domain} declares that it receives no mail (null MX), so there is little for MTA-STS to protect.`;
  }
  if (has('record.missing') && !has('policy.orphan')) {
    return `${domain} has no MTA-STS: mail sent to it can be downgraded to plaintext or diverted by an attacker on the network path.`;
  }
  if (has('record.missing') && has('policy.orphan')) {
    return `${domain} serves a policy file but has no _mta-sts record, so senders never fetch it and mail is not protected.`;
  }
  if (has('record.invalid') || has('record.multiple')) {
    return `${domain}'s _mta-sts record is not usable, so senders treat the domain as having no MTA-STS policy.`;
  }
  if (
    findings.some((f) => f.code.startsWith('policy.') && f.severity === 'error' && f.code !== 'policy.orphan')
  ) {
    return `${domain} announces MTA-STS, but senders cannot fetch or read its policy, so mail is not protected.`;
  }
  if (has('mx.uncovered')) {
    return `${domain}'s MTA-STS policy does not list all of its mail servers: mail to the unlisted ones may be refused by senders.`;
  }
  if (has('policy.mode.testing')) {
    return `${domain}'s MTA-STS policy is in testing mode: senders report TLS problems but still deliver without protection.`;
  }
  if (has('policy.mode.none')) {
    return `${domain}'s MTA-STS policy is mode none: the policy is withdrawn and mail is not protected.`;
  }
  return `${domain} has MTA-STS, but part of the setup is not right: see the findings below.`;
}
