// On a report without problems: what a browser cannot test (STARTTLS and the certificate on each MX host,
// the main way an enforce policy bounces mail) and the command that tests it.
import { CopyButton } from './CopyButton';

export interface BrowserLimitsProps {
  /** MX host names in preference order. */
  mxHosts: readonly string[];
  /** The command that tests the first (lib/fixes createStartTlsCommand); nothing is shown without one. */
  command: string | null;
  copyText(text: string): Promise<void>;
}

export function BrowserLimits({ mxHosts, command, copyText }: BrowserLimitsProps) {
  if (mxHosts.length === 0 || command === null) return null;
  return (
    <section class="limits" data-testid="browser-limits" aria-labelledby="limits-heading">
      <h2 id="limits-heading">Not tested from a browser</h2>
      <p>
        STARTTLS and the certificate of each mail server: if one is invalid for its name, enforce mode makes
        senders refuse mail to it. Test each MX host{mxHosts.length > 1 ? ` (${mxHosts.length})` : ''}:
      </p>
      <pre data-testid="starttls-command">{command}</pre>
      <CopyButton label="Copy command" text={command} copyText={copyText} />
    </section>
  );
}
