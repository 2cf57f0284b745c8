// The answer at a glance: icon + word + colour (readable without colour), the setup state, the domain, the
// specific cause in plain words and one line saying what to do.
import { type SetupState, STATE_LOOK, STATUS_LOOK } from '../lib/report/look';
import type { Status } from '../lib/report/types';
import { NetworkText } from './NetworkText';

export type DisplayStatus = Status | 'RUNNING';

export interface StatusHeaderProps {
  status: DisplayStatus;
  domain: string | null;
  /** The headline: the specific cause (or, while running, what is being checked). */
  summary: string;
  /** What the domain has; shown beside the status word. */
  state?: SetupState | null;
  /** One line: what to do next. */
  nextStep?: string | null;
}

const LOOK: Record<DisplayStatus, { icon: string; word: string }> = {
  ...STATUS_LOOK,
  RUNNING: { icon: '↻', word: 'Checking…' },
};

export function StatusHeader({ status, domain, summary, state = null, nextStep = null }: StatusHeaderProps) {
  const look = LOOK[status];
  return (
    <div
      class={`status status-${status.toLowerCase()}`}
      data-testid="status"
      data-status={status}
      data-state={state ?? undefined}
      role="status"
      aria-live="polite"
      aria-busy={status === 'RUNNING'}
    >
      <p class="status-badge">
        <span class="status-icon" aria-hidden="true">
          {look.icon}
        </span>{' '}
        <span class="status-word">{look.word}</span>
        {state && state !== 'unknown' && (
          <span class="status-state" data-testid="setup-state" title={STATE_LOOK[state].meaning}>
            <span class="visually-hidden">, MTA-STS: </span>
            {STATE_LOOK[state].word}
          </span>
        )}
      </p>
      {domain !== null && (
        <h2 class="status-domain">
          <NetworkText text={domain} />
        </h2>
      )}
      <p class="status-summary" data-testid="status-cause">
        <NetworkText text={summary} />
      </p>
      {nextStep && (
        <p class="status-next" data-testid="next-step">
          <strong>What to do:</strong> <NetworkText text={nextStep} />
        </p>
      )}
    </div>
  );
}
