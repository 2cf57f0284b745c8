import type { CodeInfo } from './types';

// Finding codes emitted by drift detection (lib/history.ts): how this check differs from the previous one.
export const historyCodes = {
  'history.policy-changed-same-id': {
    title: 'The policy file changed but the _mta-sts id did not, so senders keep their cached copy',
    fix: 'Publish a new id in the _mta-sts TXT record (e.g. "v=STSv1; id=20261128093000;") whenever the policy file changes: senders only refetch the policy when the id changes (RFC 8461 §3.1). Update the policy file first, then the id.',
  },
  'history.id-changed': {
    title: 'The _mta-sts record id changed since the previous check',
  },
  'history.mode-changed': {
    title: 'The policy mode changed since the previous check',
    fix: 'If the change was not intended, set the mode back in the policy file and publish a new id in the _mta-sts TXT record so senders pick it up.',
  },
  'history.mx-changed': {
    title: "The policy's mx patterns or the domain's MX hosts changed since the previous check",
    fix: "Make sure every MX host still matches one of the policy's mx patterns; if you changed the patterns, publish a new id in the _mta-sts TXT record.",
  },
  'history.status-changed': {
    title: 'The overall result changed since the previous check',
  },
} as const satisfies Record<string, CodeInfo>;
