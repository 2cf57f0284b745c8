// The bulk audit: a list of domains in, one check each with a bounded number at a time, a sortable table out.
// All I/O is injected (the check, the storage, opening a report, saving a file), so tests pass fakes. Only
// row summaries live in component state; full reports go straight to the store.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AuditRow } from '../../lib/audit/audit-row';
import { createCsvExport, createExportFileName, createJsonExport } from '../../lib/audit/export';
import {
  type AuditStore,
  getErrorDomains,
  isRowChanged,
  mergeRows,
  remainingDomains,
} from '../../lib/audit/results';
import {
  type AuditProgress,
  type AuditRun,
  createAuditRun,
  DEFAULT_CONCURRENCY,
} from '../../lib/audit/run-audit';
import type { Report } from '../../lib/report/types';
import { AuditExportPanel } from './AuditExportPanel';
import { AuditInput } from './AuditInput';
import { AuditProgressBar } from './AuditProgressBar';
import { AuditResults } from './AuditResults';

export interface AuditPageProps {
  runCheck(domain: string, signal: AbortSignal): Promise<Report>;
  store: AuditStore;
  openReport(domain: string): void;
  download(fileName: string, mime: string, text: string): void;
  /** Milliseconds since the epoch: the run's rate and ETA, and the date in export file names. */
  now?: () => number;
}

/**
 * Results and progress reach the screen at most this often: re-sorting and re-rendering the table after each
 * of 2,000 fast results (cached or failing lookups) would freeze the page.
 */
export const UI_BATCH_MS = 200;

interface UiBatch {
  rows: AuditRow[];
  progress: AuditProgress | null;
  timer: ReturnType<typeof setTimeout> | null;
}

function createInitialProgress(total: number): AuditProgress {
  return {
    done: 0,
    total,
    inFlight: 0,
    counts: { SUCCESS: 0, WARNING: 0, ERROR: 0 },
    ratePerSec: 0,
    etaMs: null,
    state: 'idle',
  };
}

function byDomain(a: AuditRow, b: AuditRow): number {
  return a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0;
}

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

export function AuditPage({ runCheck, store, openReport, download, now = Date.now }: AuditPageProps) {
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [progress, setProgress] = useState<AuditProgress | null>(null);
  const [ended, setEnded] = useState<'done' | 'cancelled' | null>(null);
  const [restored, setRestored] = useState(false);
  // A run the page was reloaded in the middle of: what is left of it, to resume.
  const [interrupted, setInterrupted] = useState<{ domains: string[]; concurrency: number } | null>(null);
  const [saveFailures, setSaveFailures] = useState(0);
  const [formOpen, setFormOpen] = useState(true);
  const run = useRef<AuditRun | null>(null);
  const started = useRef(false);
  // Saves still being written: the next run and the JSON export wait for them.
  const saves = useRef(new Set<Promise<void>>());
  // Rows and progress waiting for the next screen update (see UI_BATCH_MS).
  const pending = useRef<UiBatch>({ rows: [], progress: null, timer: null });
  const shownState = useRef<AuditProgress['state'] | null>(null);

  const flushUi = () => {
    const p = pending.current;
    if (p.timer !== null) clearTimeout(p.timer);
    p.timer = null;
    if (p.rows.length > 0) {
      const batch = p.rows;
      p.rows = [];
      // A re-check replaces the rows of its domains; a fresh run starts from no rows.
      setRows((rs) => mergeRows(rs, batch));
    }
    if (p.progress) {
      setProgress(p.progress);
      shownState.current = p.progress.state;
      p.progress = null;
    }
  };
  const scheduleUi = () => {
    pending.current.timer ??= setTimeout(flushUi, UI_BATCH_MS);
  };

  useEffect(() => {
    Promise.all([store.loadRows(), store.loadRunPlan?.().catch(() => null) ?? null]).then(
      ([saved, plan]) => {
        if (started.current) return;
        if (saved.length > 0) {
          setRows(saved);
          setRestored(true);
        }
        const left = plan ? remainingDomains(plan, saved) : [];
        if (plan && left.length > 0) setInterrupted({ domains: left, concurrency: plan.concurrency });
      },
      () => undefined, // Nothing saved that can be read: the page starts empty.
    );
    return () => {
      run.current?.cancel();
      if (pending.current.timer !== null) clearTimeout(pending.current.timer);
    };
  }, []);

  const running = progress !== null && ended === null;
  const lastConcurrency = useRef(DEFAULT_CONCURRENCY);

  /**
   * `inputs[i]`: where domains[i] came from. `merge`: re-check these domains of the rows on screen (the
   * others stay); otherwise a fresh run.
   */
  const startAudit = async (
    domains: string[],
    concurrency: number,
    inputs: ReadonlyArray<string | null> = [],
    merge = false,
  ) => {
    if (running) return;
    started.current = true;
    lastConcurrency.current = concurrency;
    const sources = new Map(domains.map((d, i) => [d, inputs[i] ?? null]));
    if (!merge) setRows([]);
    setEnded(null);
    setRestored(false);
    setInterrupted(null);
    setSaveFailures(0);
    // A fresh batch object per run: a result of a cancelled run arriving late cannot land in this one.
    const batch: UiBatch = { rows: [], progress: null, timer: null };
    pending.current = batch;
    shownState.current = 'idle';
    setProgress(createInitialProgress(domains.length));
    await Promise.allSettled([...saves.current]);
    try {
      await (merge ? store.startRun(domains, { merge: true }) : store.startRun(domains));
      // Kept until the run ends, so a reload in the middle can offer to resume it.
      await store.saveRunPlan?.({ domains, concurrency });
    } catch {
      // Storage failing only costs the "changed" markers and the saved copy; the audit itself can run.
    }
    const current = createAuditRun(domains, {
      concurrency,
      check: runCheck,
      now,
      onProgress: (p) => {
        if (pending.current !== batch) return;
        batch.progress = p;
        // Pause and resume show at once; counts and rate can wait for the next batch.
        if (p.state !== shownState.current) flushUi();
        else scheduleUi();
      },
      // Awaited by the run, so the row is in the table before the run counts as finished.
      onResult: async (row, report) => {
        let previous: AuditRow | null = null;
        try {
          previous = await store.previousRow(row.domain);
        } catch {
          previous = null;
        }
        const marked: AuditRow = {
          ...row,
          input: sources.get(row.domain) ?? previous?.input ?? null,
          changed: isRowChanged(previous, row),
        };
        if (pending.current === batch) {
          batch.rows.push(marked);
          scheduleUi();
        }
        // Not awaited: row writes are batched by the store and must not hold a check slot.
        const save = store.saveResult(marked, report).catch(() => setSaveFailures((n) => n + 1));
        saves.current.add(save);
        void save.finally(() => saves.current.delete(save));
      },
    });
    run.current = current;
    const final = await current.start();
    run.current = null;
    // Finished or cancelled on purpose: nothing to resume.
    void store.saveRunPlan?.(null).catch(() => undefined);
    if (pending.current !== batch) return;
    batch.progress = final;
    flushUi();
    setEnded(final.state === 'cancelled' ? 'cancelled' : 'done');
    setFormOpen(false);
  };

  const exportCsv = () => {
    // BOM: Excel reads the file as UTF-8 only with it.
    const csv = createCsvExport([...rows].sort(byDomain), { bom: true });
    download(createExportFileName('csv', new Date(now())), 'text/csv;charset=utf-8', csv);
  };

  const exportJson = async (): Promise<string | null> => {
    await Promise.allSettled([...saves.current]);
    const domains = [...rows].sort(byDomain).map((r) => r.domain);
    const reports = await store.loadReports(domains);
    const at = new Date(now());
    download(createExportFileName('json', at), 'application/json', createJsonExport(reports, at));
    const missing = domains.length - reports.length;
    return missing > 0
      ? `${count(missing, 'full report was', 'full reports were')} no longer stored in this browser, so the file holds ${count(reports.length, 'report', 'reports')} for ${count(domains.length, 'domain', 'domains')}. Check those domains again to include them.`
      : `Exported ${count(reports.length, 'full report', 'full reports')}.`;
  };

  const errorDomains = getErrorDomains(rows);
  const recheckErrors = () => {
    const inputs = new Map(rows.map((r) => [r.domain, r.input ?? null]));
    void startAudit(
      errorDomains,
      lastConcurrency.current,
      errorDomains.map((d) => inputs.get(d) ?? null),
      true,
    );
  };
  const recheckButton =
    errorDomains.length > 0 && !running ? (
      <button type="button" class="button" data-testid="audit-recheck-errors" onClick={recheckErrors}>
        Re-check errors ({errorDomains.length.toLocaleString('en')})
      </button>
    ) : null;

  const clearSaved = () => {
    void store.clear().catch(() => undefined);
    setInterrupted(null);
    setRows([]);
    setRestored(false);
    setEnded(null);
    setProgress(null);
  };

  const latestCheck = new Date(rows.reduce((max, r) => Math.max(max, Date.parse(r.checkedAt) || 0), 0));

  return (
    <main class="audit">
      <header>
        <h1>MTA-STS audit</h1>
        <p class="muted">
          Checks the MTA-STS and TLS-RPT setup of many domains at once, exactly as the popup checks one: DNS
          queries go to the DNS-over-HTTPS resolver chosen in the options, and one HTTPS request goes to each
          domain's policy host. Results stay in this browser.
        </p>
        <p class="muted">
          Received TLS-RPT reports for your own domains?{' '}
          <a href="/tlsrpt.html">Read them on the TLS reports page</a>.
        </p>
      </header>

      {/* After a run the list folds away, so the results are in view; one click opens it again. */}
      <details
        class="audit-form"
        data-testid="audit-form"
        open={formOpen}
        onToggle={(e) => setFormOpen(e.currentTarget.open)}
      >
        <summary>{formOpen ? 'Hide the list' : 'Change the list of domains'}</summary>
        <AuditInput
          disabled={running}
          onRun={(domains, concurrency, inputs) => void startAudit(domains, concurrency, inputs)}
        />
      </details>

      {progress && (
        <AuditProgressBar
          progress={progress}
          onPause={() => run.current?.pause()}
          onResume={() => run.current?.resume()}
          onCancel={() => run.current?.cancel()}
        />
      )}

      {ended && progress && (
        <AuditExportPanel
          testId="audit-done"
          heading={ended === 'done' ? 'Audit finished' : 'Audit cancelled'}
          actions={recheckButton}
          onExportCsv={exportCsv}
          onExportJson={exportJson}
          onClear={clearSaved}
          focusOnMount
        >
          <p data-testid="audit-done-summary">
            {ended === 'done' && progress.total < rows.length
              ? `Re-checked ${count(progress.total, 'domain', 'domains')}; the other results are unchanged.`
              : ended === 'done'
                ? `All ${count(progress.total, 'domain', 'domains')} checked.`
                : `Cancelled after ${progress.done.toLocaleString('en')} of ${count(progress.total, 'domain', 'domains')}; the results so far are below.`}
          </p>
          {saveFailures > 0 && (
            <p class="text-error" data-testid="audit-save-failures">
              {count(saveFailures, 'result', 'results')} could not be saved in the browser storage: they are
              in the table and the CSV export, but not in the JSON export and not kept for the next audit.
            </p>
          )}
        </AuditExportPanel>
      )}

      {interrupted && !running && (
        <section class="audit-interrupted" data-testid="audit-interrupted" aria-live="polite">
          <p>
            The last run was interrupted (the page was closed or reloaded) with{' '}
            {count(interrupted.domains.length, 'domain', 'domains')} left to check.
          </p>
          <button
            type="button"
            class="button"
            data-testid="audit-resume"
            onClick={() => void startAudit(interrupted.domains, interrupted.concurrency, [], true)}
          >
            Resume ({interrupted.domains.length.toLocaleString('en')} left)
          </button>
        </section>
      )}

      {restored && !progress && (
        <AuditExportPanel
          testId="audit-saved"
          heading="Results of the last audit"
          actions={recheckButton}
          onExportCsv={exportCsv}
          onExportJson={exportJson}
          onClear={clearSaved}
        >
          <p>
            {count(rows.length, 'domain', 'domains')} saved in this browser
            {latestCheck.getTime() > 0 && <>, last checked {latestCheck.toLocaleString()}</>}.
          </p>
        </AuditExportPanel>
      )}

      {(progress || rows.length > 0) && <AuditResults rows={rows} openReport={openReport} />}
    </main>
  );
}
