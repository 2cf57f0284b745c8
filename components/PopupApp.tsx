// The popup: a domain field, the live progress of a check, then the report. All I/O is injected, so the
// entrypoint wires browser APIs and tests pass fakes.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { NormalizeDomainResult } from '../lib/input/domain';
import { normalizeHostname } from '../lib/input/hostname';
import { createCheckFailedReport } from '../lib/report/empty';
import { getNextStep, getSetupState } from '../lib/report/state';
import type { Report, StepProgress } from '../lib/report/types';
import { DomainForm } from './DomainForm';
import { ScopeSwitch } from './ScopeSwitch';
import { StatusHeader } from './StatusHeader';
import { StepList } from './StepList';

type ReportViewModule = typeof import('./ReportView');
// The report view (findings, evidence, fixes, the catalogue's texts) is half the popup's code. It loads in
// parallel with the check, so the running state paints sooner; the result is shown once both are ready.
let reportViewModule: ReportViewModule | null = null;
let reportViewLoading: Promise<ReportViewModule> | null = null;
function loadReportView(): Promise<ReportViewModule> {
  reportViewLoading ??= import('./ReportView').then((m) => {
    reportViewModule = m;
    return m;
  });
  return reportViewLoading;
}

// Start fetching it as soon as the popup's code runs, not after the first render.
if (typeof document !== 'undefined') loadReportView().catch(() => {});

function useReportView(): ReportViewModule | null {
  const [mod, setMod] = useState<ReportViewModule | null>(reportViewModule);
  useEffect(() => {
    if (!mod) loadReportView().then((m) => setMod(() => m));
  }, []);
  return mod;
}

export interface PopupAppProps {
  initialDomain: string | null;
  /**
   * The tab's exact host and its registrable domain, for ScopeSwitch. Worked out by the caller (the background
   * holds the Public Suffix List, which is too large for the popup bundle).
   */
  tab: { host: string; registrable: string } | null;
  hint?: string;
  runCheck(
    domain: string,
    onProgress: (p: StepProgress) => void,
    /** `onVerdict`: the report once its status is known, before the DANE lookups finish. */
    options?: { force?: boolean; onVerdict?: (report: Report) => void },
  ): Promise<Report>;
  openOptions(): void;
  /** Opens the bulk audit page; the footer link is hidden without it. */
  openAudit?(): void;
  copyText(text: string): Promise<void>;
  /** Clock for the report made when runCheck fails unexpectedly. */
  now?: () => Date;
  /**
   * Host and registrable domain of typed input (the Public Suffix List lives in the background). With it, a
   * typed web address is reduced to its registrable domain like the toolbar button, with the same switch to
   * the exact host; without it, typed input is checked exactly as given.
   */
  normalize?(input: string): Promise<NormalizeDomainResult>;
  /**
   * A stored report to show instead of a new check (an audit row opened from the audit page). "Check again"
   * then runs a live check; without one, the popup checks `initialDomain`.
   */
  storedReport?: Report | null;
}

// "mailto:a@b" and "a@b" are e-mail addresses: their domain is checked as it is, never reduced.
const isEmailAddress = (input: string) =>
  input.includes('@') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(input.trim());

type View =
  | { kind: 'idle' }
  | { kind: 'running'; domain: string; progress: StepProgress[] }
  | { kind: 'done'; report: Report };

export function PopupApp({
  initialDomain,
  tab,
  hint,
  runCheck,
  openOptions,
  openAudit,
  copyText,
  now = () => new Date(),
  normalize,
  storedReport = null,
}: PopupAppProps) {
  // The first paint already shows the running state for the domain the popup opened with: the check starts
  // in an effect, which runs only after that paint.
  const [opening] = useState(() => {
    if (!initialDomain) return null;
    const n = normalizeHostname(initialDomain);
    return n.ok ? { domain: n.domain, error: null } : { domain: initialDomain, error: n.error };
  });
  const [view, setView] = useState<View>(
    storedReport
      ? { kind: 'done', report: storedReport }
      : opening
        ? { kind: 'running', domain: opening.domain, progress: [] }
        : { kind: 'idle' },
  );
  // The stored report stays marked as such until another check replaces it.
  const [showingStored, setShowingStored] = useState(storedReport !== null);
  const [field, setField] = useState(opening && !opening.error ? opening.domain : (initialDomain ?? ''));
  const [fieldError, setFieldError] = useState<string | null>(opening?.error ?? null);
  // The exact host and registrable domain the scope switch offers: the tab's, or a typed web address's.
  const [scope, setScope] = useState(tab);
  // Each check gets a number; answers from an older check (the user started another) are dropped.
  const runId = useRef(0);

  const start = (domain: string, options?: { force?: boolean }) => {
    const id = ++runId.current;
    setShowingStored(false);
    setView({ kind: 'running', domain, progress: [] });
    const onProgress = (p: StepProgress) => {
      if (id !== runId.current) return;
      setView((v) => (v.kind === 'running' ? { ...v, progress: [...v.progress, p] } : v));
    };
    // The status is final after the first round: show it then, and the full report (DANE) when it comes.
    const onVerdict = (report: Report) => {
      if (id === runId.current) setView((v) => (v.kind === 'running' ? { kind: 'done', report } : v));
    };
    // new Promise also turns a synchronous throw of runCheck into a rejection.
    new Promise<Report>((resolve) => resolve(runCheck(domain, onProgress, { ...options, onVerdict }))).then(
      (report) => {
        if (id === runId.current) setView({ kind: 'done', report });
      },
      (error: unknown) => {
        if (id === runId.current)
          setView({ kind: 'done', report: createCheckFailedReport(domain, error, now().getTime()) });
      },
    );
  };

  // Runs once, for the domain the popup opened with.
  useEffect(() => {
    // The checker answers invalid input with a domain.invalid report; the field says why as well.
    if (opening && !storedReport) start(opening.domain);
  }, []);

  const submit = (input: string) => {
    const n = normalizeHostname(input);
    if (!n.ok) {
      // Inline field validation: the message goes beside the field and no check runs, so there is no report
      // (and nothing to copy) for text that is not a domain. The ?domain= deep link still ends in ERROR.
      setFieldError(n.error);
      return;
    }
    setFieldError(null);
    if (!normalize || isEmailAddress(input)) {
      setScope(null);
      setField(n.domain);
      start(n.domain);
      return;
    }
    const typed = n.domain;
    normalize(input).then(
      (r) => {
        const registrable = r.ok ? r.registrable : typed;
        setScope(registrable !== typed ? { host: typed, registrable } : null);
        setField(registrable);
        start(registrable);
      },
      () => {
        setScope(null);
        setField(typed);
        start(typed);
      },
    );
  };

  const switchTo = (domain: string) => {
    setFieldError(null);
    setField(domain);
    start(domain);
  };

  const reportView = useReportView();
  // A finished check shows as finished only when its report can be rendered with it.
  const shown: View =
    view.kind === 'done' && !reportView
      ? { kind: 'running', domain: view.report.domain, progress: [] }
      : view;
  const current =
    shown.kind === 'running' ? shown.domain : shown.kind === 'done' ? shown.report.domain : null;

  return (
    <main class="popup">
      <h1 class="visually-hidden">MTA-STS Checker</h1>
      <DomainForm value={field} hint={hint} error={fieldError} onSubmit={submit} autoFocus={!initialDomain} />
      {/* One StatusHeader for running and done, so its live region stays in place and announces the result. */}
      {shown.kind !== 'idle' && (
        <StatusHeader
          status={shown.kind === 'running' ? 'RUNNING' : shown.report.status}
          domain={current}
          summary={
            shown.kind === 'running'
              ? `Checking the MTA-STS and TLS-RPT setup of ${shown.domain}…`
              : shown.report.summary
          }
          state={shown.kind === 'done' ? getSetupState(shown.report.status, shown.report.findings) : null}
          nextStep={shown.kind === 'done' ? getNextStep(shown.report) : null}
        />
      )}
      <ScopeSwitch
        tabHost={scope?.host ?? null}
        registrable={scope?.registrable ?? null}
        current={current}
        onCheck={switchTo}
      />
      {shown.kind === 'running' && <StepList progress={view.kind === 'running' ? view.progress : []} />}
      {shown.kind === 'done' && showingStored && (
        <p class="stored-report muted" data-testid="stored-report">
          The result of the audit run of {shown.report.checkedAt.slice(0, 16).replace('T', ' ')} UTC, as
          stored. Check again for today's.
        </p>
      )}
      {shown.kind === 'done' && reportView && (
        <reportView.ReportView
          report={shown.report}
          copyText={copyText}
          onCheckAgain={() => start(shown.report.domain, { force: true })}
          onOpenOptions={openOptions}
          parentDomain={scope && current === scope.host ? scope.registrable : null}
          onCheckDomain={switchTo}
        />
      )}
      <footer class="popup-footer">
        <p class="about muted" data-testid="about">
          What is MTA-STS? A DNS record and a policy file with which a domain tells senders to deliver its
          mail only over verified TLS (
          <a href="https://www.rfc-editor.org/rfc/rfc8461" target="_blank" rel="noreferrer">
            RFC 8461
          </a>
          ).
        </p>
        {/* With a report on screen, its actions carry the Options link. */}
        {shown.kind !== 'done' && (
          <a
            href="/options.html"
            onClick={(e) => {
              e.preventDefault();
              openOptions();
            }}
          >
            Options
          </a>
        )}
        {openAudit && (
          <a
            href="/audit.html"
            onClick={(e) => {
              e.preventDefault();
              openAudit();
            }}
          >
            Audit a list of domains
          </a>
        )}
      </footer>
    </main>
  );
}
