// Shown when a run has ended (or saved results were reopened): what happened and the exports.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

export interface AuditExportPanelProps {
  testId: string;
  heading: string;
  children: ComponentChildren;
  /** Buttons shown first in the panel's row of actions (e.g. "Re-check errors"). */
  actions?: ComponentChildren;
  onExportCsv(): void;
  /** Reads the full reports from storage, so it may take a moment. Resolves with a note to show, if any. */
  onExportJson(): Promise<string | null>;
  onClear(): void;
  /** Move focus here when the panel appears at the end of a run (the Pause/Cancel buttons are gone). */
  focusOnMount?: boolean;
}

export function AuditExportPanel({
  testId,
  heading,
  children,
  actions,
  onExportCsv,
  onExportJson,
  onClear,
  focusOnMount = false,
}: AuditExportPanelProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  // Forgetting cannot be undone, so it takes a second click.
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    if (focusOnMount) headingRef.current?.focus();
  }, []);

  const exportJson = () => {
    setBusy(true);
    setNote(null);
    onExportJson().then(
      (n) => {
        setBusy(false);
        setNote(n);
      },
      () => {
        setBusy(false);
        setNote('The full reports could not be read from the browser storage.');
      },
    );
  };

  return (
    <section class="audit-done" data-testid={testId} aria-labelledby={`${testId}-heading`}>
      <h2 id={`${testId}-heading`} ref={headingRef} tabIndex={-1}>
        {heading}
      </h2>
      {children}
      <div class="actions">
        {actions}
        <button type="button" class="button" data-testid="audit-export-csv" onClick={onExportCsv}>
          Export CSV
        </button>
        <button
          type="button"
          class="button"
          data-testid="audit-export-json"
          onClick={exportJson}
          disabled={busy}
        >
          {busy ? 'Preparing JSON…' : 'Export JSON'}
        </button>
        {!confirming && (
          <button
            type="button"
            class="button-link"
            data-testid="audit-clear"
            onClick={() => setConfirming(true)}
          >
            Forget saved results
          </button>
        )}
      </div>
      {confirming && (
        <fieldset class="actions audit-confirm">
          <legend class="visually-hidden">Confirm forgetting the saved results</legend>
          <span>Remove these results and their full reports from this browser?</span>
          <button
            type="button"
            class="button"
            data-testid="audit-clear-confirm"
            onClick={() => {
              setConfirming(false);
              onClear();
            }}
          >
            Forget them
          </button>
          <button type="button" class="button" onClick={() => setConfirming(false)}>
            Keep them
          </button>
        </fieldset>
      )}
      <p role="status" class="muted" data-testid="audit-export-note">
        {note}
      </p>
    </section>
  );
}
