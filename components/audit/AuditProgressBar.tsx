// How far the audit is, how fast it goes and when it should end, with Pause / Resume / Cancel.
import type { AuditProgress } from '../../lib/audit/run-audit';

export interface AuditProgressBarProps {
  progress: AuditProgress;
  onPause(): void;
  onResume(): void;
  onCancel(): void;
}

export function formatEta(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return 'estimating the time left…';
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `about ${seconds} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  return `about ${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}

export function formatRate(ratePerSec: number): string {
  return `${(Number.isFinite(ratePerSec) ? ratePerSec : 0).toFixed(1)} domains/s`;
}

const STATE_WORD: Record<AuditProgress['state'], string> = {
  idle: 'Starting',
  running: 'Running',
  paused: 'Paused',
  cancelled: 'Cancelled',
  done: 'Finished',
};

export function AuditProgressBar({ progress, onPause, onResume, onCancel }: AuditProgressBarProps) {
  const { done, total, inFlight, state } = progress;
  const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
  const active = state === 'running' || state === 'paused' || state === 'idle';
  const doneText = `${done.toLocaleString('en')} of ${total.toLocaleString('en')}`;
  // The live region changes only with the state and every tenth of the way, so a screen reader is not
  // interrupted after every domain.
  const announcement = `Audit ${STATE_WORD[state].toLowerCase()}: ${Math.floor(percent / 10) * 10}% of ${total.toLocaleString('en')} domains checked.`;

  let detail: string;
  if (state === 'paused') {
    detail =
      inFlight > 0 ? `paused; ${inFlight} check${inFlight === 1 ? '' : 's'} still finishing` : 'paused';
  } else if (state === 'running' || state === 'idle') {
    detail = `${inFlight} in progress · ${formatRate(progress.ratePerSec)} · ${formatEta(progress.etaMs)}`;
  } else {
    detail = formatRate(progress.ratePerSec);
  }

  return (
    <section
      class="audit-progress"
      aria-labelledby="audit-progress-heading"
      data-testid="audit-progress"
      data-state={state}
    >
      <h2 id="audit-progress-heading">
        {STATE_WORD[state]} <span class="muted">— {doneText} domains checked</span>
      </h2>
      <div
        class="audit-bar"
        role="progressbar"
        aria-labelledby="audit-progress-heading"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${doneText} domains checked`}
      >
        <div class="audit-bar-fill" style={{ width: `${percent}%` }} />
      </div>
      <p class="audit-progress-detail" data-testid="audit-progress-detail">
        {percent}% · {detail}
      </p>
      <p class="visually-hidden" aria-live="polite" data-testid="audit-announcement">
        {announcement}
      </p>
      {active && (
        <div class="actions">
          {/* One button that changes its label keeps keyboard focus where it was. */}
          <button
            type="button"
            class="button"
            data-testid="audit-pause"
            onClick={state === 'paused' ? onResume : onPause}
          >
            {state === 'paused' ? 'Resume' : 'Pause'}
          </button>
          <button type="button" class="button" data-testid="audit-cancel" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}
