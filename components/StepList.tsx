// Live progress of the check: each step pending, done or failed, with the time it finished.
import type { StepName, StepProgress } from '../lib/report/types';

export const STEP_LABELS: Record<StepName, string> = {
  record: 'MTA-STS record (_mta-sts TXT)',
  policy: 'Policy file over HTTPS',
  mx: 'MX hosts and policy coverage',
  tlsrpt: 'TLS-RPT record (_smtp._tls TXT)',
  dane: 'DANE records (TLSA) of the MX hosts',
};

const ALL_STEPS: StepName[] = ['record', 'policy', 'mx', 'tlsrpt', 'dane'];

const STATE_LOOK = {
  pending: { icon: '○', word: 'Pending' },
  done: { icon: '✔\uFE0E', word: 'Done' },
  failed: { icon: '✖\uFE0E', word: 'Failed' },
} as const;

export interface StepListProps {
  progress: readonly StepProgress[];
  steps?: readonly StepName[];
}

export function StepList({ progress, steps = ALL_STEPS }: StepListProps) {
  return (
    <section class="steps" aria-labelledby="steps-heading">
      <h2 id="steps-heading" class="visually-hidden">
        Progress
      </h2>
      <ol class="step-list">
        {steps.map((step) => {
          // The last event for a step wins (a step reports once, but be robust to repeats).
          const event = [...progress].reverse().find((p) => p.step === step);
          const state = event?.state ?? 'pending';
          const look = STATE_LOOK[state];
          return (
            <li
              key={step}
              class={`step step-${state}`}
              data-testid="step"
              data-step={step}
              data-state={state}
            >
              <span class="step-icon" aria-hidden="true">
                {look.icon}
              </span>
              <span class="step-label">{STEP_LABELS[step]}</span>
              <span class="step-state">
                {look.word}
                {event ? ` · ${Math.round(event.elapsedMs)} ms` : ''}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
