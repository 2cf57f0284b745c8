import type { CodeInfo } from './types';

// Finding codes about the policy host's certificate (lib/certificate): only a browser that exposes the
// certificate (Firefox) produces them.
export const certificateCodes = {
  'policy.cert.valid': {
    title: 'The browser accepted the policy host certificate',
  },
  'policy.cert.renew-soon': {
    title: 'The policy host certificate expires within 30 days',
    fix: 'Check that automatic renewal (e.g. certbot or your hosting provider) is set up for mta-sts.<domain>; the certificate must be renewed before it expires.',
  },
  'policy.cert.expiring': {
    title: 'The policy host certificate expires within 14 days',
    fix: 'Renew the certificate for mta-sts.<domain> now: automatic renewal normally happens 30 days ahead, so it has probably failed. After renewing, `openssl s_client -connect mta-sts.<domain>:443 -servername mta-sts.<domain>` shows the new expiry date.',
  },
  'policy.fetch.cert-rejected': {
    title: 'The browser refused the policy host certificate',
    fix: 'Install a certificate for mta-sts.<domain> that names that host, has not expired and is issued by a public CA, and configure the server to send the intermediate certificates too. `openssl s_client -connect mta-sts.<domain>:443 -servername mta-sts.<domain>` shows what the server presents.',
  },
} as const satisfies Record<string, CodeInfo>;
