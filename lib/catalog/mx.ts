import type { CodeInfo } from './types';

// Finding codes about MX hosts and their coverage by the policy's mx patterns (RFC 8461 §4.1): meaning and fix.
export const mxCodes = {
  'mx.uncovered': {
    title: "An MX host is not matched by any of the policy's mx patterns",
    fix: 'Add an "mx:" line for each listed host (or a "*.<parent>" pattern covering exactly one label, e.g. "mx: *.mail.protection.outlook.com") to the policy file, then change the id in the _mta-sts TXT record so senders fetch the new policy.',
  },
  'mx.none': {
    title: 'The domain has no MX records',
    fix: 'Publish MX records naming your mail servers, and list the same host names as "mx:" lines in the policy. If the domain receives no mail, publish a null MX ("0 .") instead.',
  },
  'mx.truncated': {
    title: 'The domain lists more MX hosts than the checker examines',
    fix: 'List only the mail servers that really receive mail for the domain; senders try a few by preference and ignore the rest.',
  },
  'mx.null': {
    title: 'The domain publishes a null MX: it receives no mail',
  },
} as const satisfies Record<string, CodeInfo>;
