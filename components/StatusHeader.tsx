// The answer at a glance: icon + word + colour (readable without colour), the domain and the summary.
import type { Status } from '../lib/report/types';
import { NetworkText } from './NetworkText';

export type DisplayStatus = Status | 'RUNNING';

export interface StatusHeaderProps {
  status: DisplayStatus;
  domain: string | null;
  summary: string;
}

// Text-presentation icons (U+FE0E) so they follow the theme colour instead of becoming emoji.
const LOOK: Record<DisplayStatus, { icon: string; word: string }> = {
  SUCCESS: { icon: '✔\uFE0E', word: 'Success' },
  WARNING: { icon: '⚠\uFE0E', word: 'Warning' },
  ERROR: { icon: '✖\uFE0E', word: 'Error' },
  RUNNING: { icon: '↻', word: 'Checking…' },
};

export function StatusHeader({ status, domain, summary }: StatusHeaderProps) {
  const look = LOOK[status];
  return (
    <div
      class={`status status-${status.toLowerCase()}`}
      data-testid="status"
      data-status={status}
      role="status"
      aria-live="polite"
      aria-busy={status === 'RUNNING'}
    >
      <p class="status-badge">
        <span class="status-icon" aria-hidden="true">
          {look.icon}
        </span>{' '}
        <span class="status-word">{look.word}</span>
      </p>
      {domain !== null && (
        <h2 class="status-domain">
          <NetworkText text={domain} />
        </h2>
      )}
      <p class="status-summary">{summary}</p>
    </div>
  );
}
