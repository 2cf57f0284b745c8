// What each RFC 8460 §4.3 result type means for the domain's mail, in plain words, and the likely fix.

export interface FailureExplanation {
  /** Short heading. */
  title: string;
  /** What happened, naming the host when the report does. */
  explanation: string;
  /** What the domain owner most likely has to change. */
  fix: string;
  /** Which part of the setup it concerns: the receiving mail servers, the policy file or DANE. */
  area: 'mx' | 'policy' | 'dane' | 'unknown';
}

type Explainer = (host: string, domain: string) => Omit<FailureExplanation, 'area'>;

const EXPLAINERS: Record<string, { area: FailureExplanation['area']; explain: Explainer }> = {
  'starttls-not-supported': {
    area: 'mx',
    explain: (host) => ({
      title: 'Mail server did not offer encryption',
      explanation: `${host} did not offer STARTTLS, so senders could not encrypt the connection.`,
      fix: `Enable STARTTLS on ${host} with a valid certificate, or remove the host from your MX records and the policy if it no longer receives mail.`,
    }),
  },
  'certificate-host-mismatch': {
    area: 'mx',
    explain: (host) => ({
      title: 'Certificate does not name the mail server',
      explanation: `The certificate of ${host} does not name the host, so senders could not authenticate it.`,
      fix: `Install a certificate on ${host} whose subject alternative names include ${host} exactly (or a matching wildcard). Check that the MX record points at the name on the certificate, not at an alias.`,
    }),
  },
  'certificate-expired': {
    area: 'mx',
    explain: (host) => ({
      title: 'Certificate expired',
      explanation: `The certificate of ${host} had expired when senders connected.`,
      fix: `Renew the certificate on ${host} and automate renewal (for example with ACME), then reload the mail server so it serves the new one.`,
    }),
  },
  'certificate-not-trusted': {
    area: 'mx',
    explain: (host) => ({
      title: 'Certificate not trusted',
      explanation: `Senders did not trust the certificate of ${host}: it is self-signed, from an unknown authority, or served without its intermediate certificates.`,
      fix: `Serve a certificate from a public certificate authority on ${host}, with the full chain (leaf plus intermediates). The failure reason code in the report names the exact error.`,
    }),
  },
  'validation-failure': {
    area: 'mx',
    explain: (host) => ({
      title: 'TLS validation failed',
      explanation: `Senders could not validate the TLS connection to ${host} for a reason outside the other categories.`,
      fix: `Test ${host} on port 25 with STARTTLS (certificate chain, names, expiry, protocol versions) and read the failure reason code in the report for the exact cause.`,
    }),
  },
  'tlsa-invalid': {
    area: 'dane',
    explain: (host) => ({
      title: 'DANE TLSA record does not match',
      explanation: `None of the TLSA records for ${host} matched the certificate it served.`,
      fix: `Publish TLSA records at _25._tcp.${host} that match the certificate (or its key) in use; when rotating keys, publish the new record before the new certificate goes live.`,
    }),
  },
  'dnssec-invalid': {
    area: 'dane',
    explain: (host) => ({
      title: 'DNSSEC validation failed',
      explanation: `Senders got no DNSSEC-valid answer when looking up the records for ${host}.`,
      fix: 'Repair the DNSSEC chain of the zone (DS at the parent, current signatures, matching keys) so validating resolvers accept its answers.',
    }),
  },
  'dane-required': {
    area: 'dane',
    explain: (host) => ({
      title: 'Sender requires DANE',
      explanation: `The sender is configured to require DANE, but ${host} has no DNSSEC-signed TLSA record.`,
      fix: `Publish DNSSEC-signed TLSA records for ${host}, or agree with this sender that it stops requiring DANE for your domain.`,
    }),
  },
  'sts-policy-fetch-error': {
    area: 'policy',
    explain: (_host, domain) => ({
      title: 'Policy file could not be fetched',
      explanation: `Senders could not fetch the policy file https://mta-sts.${domain}/.well-known/mta-sts.txt.`,
      fix: `Make https://mta-sts.${domain}/.well-known/mta-sts.txt answer 200 with the policy as text/plain, over HTTPS with a valid certificate for mta-sts.${domain}, without redirects. The failure reason code says what senders saw (often an HTTP status).`,
    }),
  },
  'sts-policy-invalid': {
    area: 'policy',
    explain: (_host, domain) => ({
      title: 'Policy file is not valid',
      explanation: `Senders fetched the policy of ${domain} but could not read it as an MTA-STS policy.`,
      fix: `Correct the policy file (version: STSv1, mode, one mx line per host pattern, max_age; one field per line) and check it with this extension.`,
    }),
  },
  'sts-webpki-invalid': {
    area: 'policy',
    explain: (_host, domain) => ({
      title: 'Policy host certificate not valid',
      explanation: `Senders could not authenticate https://mta-sts.${domain}: its certificate did not validate.`,
      fix: `Serve a certificate from a public authority that names mta-sts.${domain}, with its full chain, and renew it before it expires.`,
    }),
  },
};

/** The explanation of one result type; `host` and `domain` fill in the names when the report gives them. */
export function explainFailure(
  resultType: string | null,
  host: string | null = null,
  domain: string | null = null,
): FailureExplanation {
  const entry = resultType === null ? undefined : EXPLAINERS[resultType];
  if (!entry) {
    return {
      area: 'unknown',
      title: resultType ? `Unrecognised result "${resultType}"` : 'Failure without a result type',
      explanation:
        'The reporter used a result type RFC 8460 does not define, so its meaning is the reporter’s own.',
      fix: 'Read the failure reason code and additional information in the report, or ask the reporter through the contact address it gives.',
    };
  }
  return { area: entry.area, ...entry.explain(host || 'the mail server', domain || 'your domain') };
}
