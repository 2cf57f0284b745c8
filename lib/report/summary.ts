// The one sentence under the status: the specific cause, in plain words, and what it means for the domain's
// mail. Kept apart from the checker so views (and the history module) can use it without loading the checker.
// Third person: the person checking is often not the one who runs the domain.
import type { FindingCode } from '../catalog/index';
import type { Evidence, Finding, Report } from './types';

export function createSummary(
  status: Report['status'],
  findings: readonly Finding[],
  domain: string,
  evidence?: Evidence,
): string {
  const has = (code: FindingCode) => findings.some((f) => f.code === code);
  const policyHost = `mta-sts.${domain}`;
  if (status === 'ERROR') {
    if (has('domain.invalid')) return 'This is not a domain name that can be checked.';
    if (has('check.timeout'))
      return `The check of ${domain} did not finish in the time allowed, so this says nothing about the domain yet. Try again with more time.`;
    if (has('check.interrupted'))
      return `The check of ${domain} was interrupted before it finished (the browser stopped the extension's background), so this says nothing about the domain yet. Check again.`;
    if (has('check.failed'))
      return `The check of ${domain} stopped because of an internal error, so this says nothing about the domain yet. Try again.`;
    return `Our DNS lookup failed, so nothing is known about ${domain} yet: this is not a finding about the domain.`;
  }
  if (status === 'SUCCESS') {
    const n = evidence?.mxHosts.length ?? 0;
    const servers = n > 0 ? `all ${n} of its mail server${n === 1 ? '' : 's'}` : 'all its mail servers';
    return `${domain} enforces MTA-STS for ${servers}: senders that support it deliver only over authenticated TLS.`;
  }
  if (has('mx.null'))
    return `${domain} declares that it receives no mail (null MX), so MTA-STS has nothing to protect.`;
  if (has('domain.nxdomain')) return `${domain} does not exist in DNS, so it receives no mail.`;
  if (has('record.missing') && has('policy.orphan'))
    return `${domain} serves a policy file but has no _mta-sts record, so senders never fetch it: mail is not protected.`;
  if (has('record.missing') && has('mx.none'))
    return `${domain} has no MX records and no MTA-STS: it is not set up to receive mail.`;
  if (has('record.missing'))
    return `${domain} has no MTA-STS record: mail sent to it can be downgraded to plaintext or diverted.`;
  if (has('record.multiple'))
    return `${domain} has more than one _mta-sts record, so senders ignore all of them.`;
  if (has('record.invalid')) return `${domain}'s _mta-sts record is malformed, so senders ignore it.`;
  const fetch = evidence?.policyFetch;
  if (has('policy.host.nxdomain'))
    return `${policyHost} does not exist in DNS, so senders cannot fetch ${domain}'s policy.`;
  if (has('policy.http-status'))
    return `The policy file answers ${fetch?.status ? `HTTP ${fetch.status}` : 'an HTTP error'} instead of 200, so senders get no policy for ${domain}.`;
  if (has('policy.redirect'))
    return `The policy URL of ${domain} answers with a redirect, which senders do not follow: they get no policy.`;
  if (has('policy.fetch.cert-rejected'))
    return `The browser rejects the HTTPS certificate of ${policyHost}, so senders get no policy.`;
  if (has('policy.fetch.failed'))
    return `The HTTPS connection to ${policyHost} fails (usually an untrusted or wrong certificate), so senders get no policy.`;
  if (has('policy.timeout')) return `${policyHost} does not answer in time, so senders get no policy.`;
  if (has('policy.too-large'))
    return `The policy URL of ${domain} serves more than 64 KB, so senders reject it.`;
  if (has('policy.html')) return `The policy URL of ${domain} returns an HTML page, not the policy.`;
  if (has('policy.encoding'))
    return `${domain}'s policy file is not plain UTF-8 text, so senders may reject it.`;
  if (has('policy.invalid'))
    return `${domain}'s policy file is not a valid MTA-STS policy, so senders ignore it.`;
  if (has('mx.uncovered')) {
    const missing = (evidence?.mxHosts ?? []).filter((h) => h.covered === false).map((h) => h.host);
    const hosts = missing.length > 0 ? missing.join(', ') : 'An MX host';
    const verb = missing.length > 1 ? 'are' : 'is';
    const enforce = findings.some((f) => f.code === 'mx.uncovered' && f.severity === 'error');
    return enforce
      ? `${hosts} ${verb} not in the policy, so senders will refuse mail routed there: it bounces.`
      : `${hosts} ${verb} not in the policy: switching to enforce as it stands would bounce mail.`;
  }
  if (has('policy.mode.testing'))
    return `${domain}'s policy is in testing mode: senders report TLS problems but still deliver unprotected.`;
  if (has('policy.mode.none')) return `${domain}'s policy is mode none: MTA-STS is switched off.`;
  if (has('mx.none')) return `${domain} has no MX records, so senders fall back to its address records.`;
  if (has('history.policy-changed-same-id'))
    return `${domain}'s policy changed but its record id did not, so senders keep the old policy.`;
  if (has('tlsrpt.missing') || has('tlsrpt.invalid') || has('tlsrpt.multiple'))
    return `${domain} enforces MTA-STS, but nobody receives reports of failed TLS connections (no usable TLS-RPT record).`;
  return `${domain} has MTA-STS, but part of the setup needs attention: see the first finding below.`;
}
