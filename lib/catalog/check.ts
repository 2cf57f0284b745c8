import { EXAMPLE_ID } from '../examples';
import type { CodeInfo } from './types';

// Finding codes emitted by the orchestration itself (lib/check.ts) and the extension around it.
export const checkCodes = {
  'policy.orphan': {
    title: 'A policy file is served, but no _mta-sts record announces it',
    fix: `Publish a TXT record at _mta-sts.<domain>, e.g. "v=STSv1; id=${EXAMPLE_ID}". Senders only fetch the policy when the record exists.`,
  },
  'mx.covered': {
    title: "Every MX host matches one of the policy's mx patterns",
  },
  'domain.nxdomain': {
    title: 'The domain does not exist in DNS',
    fix: 'Check the spelling. A domain that does not exist cannot receive mail.',
  },
  'dns.incomplete': {
    title: 'One of our lookups failed, but the status does not depend on it',
    fix: 'Check again; if it keeps failing, choose another DNS-over-HTTPS resolver in the options.',
  },
  'check.failed': {
    title: 'The check stopped because of a bug in the extension',
    fix: 'Check again. If it happens again, please report it with the domain you checked.',
  },
  'check.timeout': {
    title: 'The check did not finish in the time allowed',
    fix: "Check again with more time (the command line's --timeout). A slow resolver or policy host is the usual cause.",
  },
  'check.interrupted': {
    title: 'The check was interrupted before it finished',
    fix: "Check again. The browser stopped the extension's background while the check ran (after an update, a reload, or to save resources); nothing is wrong with the domain or the extension.",
  },
} as const satisfies Record<string, CodeInfo>;
