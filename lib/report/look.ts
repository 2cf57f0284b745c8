// The display vocabulary of a report, in one place so the popup, the report page and the audit say the same
// thing: the setup state (what the domain has), the status words (what we concluded) and the finding words
// (one observation). The machine values (SUCCESS/WARNING/ERROR, error/warning/info) never change; only the
// words shown for them are chosen here, so that no two words clash:
// - status:   Protected / Needs attention / Couldn't check  (never "Error": that read as "broken")
// - finding:  Problem / Advice / Note                        (never "Warning"/"Error": those were statuses too)
// - state:    Enforced / Testing / Broken / Not set up / Switched off / No mail / Unknown
import type { Severity, Status } from './types';

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
