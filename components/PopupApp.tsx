// The popup: a domain field, the live progress of a check, then the report. All I/O is injected, so the
// entrypoint wires browser APIs and tests pass fakes.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { NormalizeDomainResult } from '../lib/input/domain';
import { normalizeHostname } from '../lib/input/hostname';
import type { PresentedReport } from '../lib/report/presentation';
import type { StepProgress } from '../lib/report/types';
import { DomainForm } from './DomainForm';
import { PopupFooter } from './PopupFooter';
import { ReportView } from './ReportView';
import { ScopeSwitch } from './ScopeSwitch';
import { StatusHeader, type StatusHeaderProps } from './StatusHeader';
import { StepList } from './StepList';

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
    options?: { force?: boolean; onVerdict?: (report: PresentedReport) => void },
  ): Promise<PresentedReport>;
  /**
   * The ERROR report for a check that ended without one (the worker was stopped mid-check, or a bug). When
   * even that fails, the popup says the extension's background did not answer.
   */
  presentFailure(domain: string, error: unknown): Promise<PresentedReport>;
  openOptions(): void;
  /** Opens the bulk audit page; the footer link is hidden without it. */
  openAudit?(): void;
  copyText(text: string): Promise<void>;
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
  storedReport?: PresentedReport | null;
}

/** Runs `f` before the next paint (or soon, where frames are not drawn). */
const nextFrame = (f: () => void) =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => f()) : setTimeout(f, 16);

// "mailto:a@b" and "a@b" are e-mail addresses: their domain is checked as it is, never reduced.
const isEmailAddress = (input: string) =>
  input.includes('@') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(input.trim());

type View =
  | { kind: 'idle' }
  | { kind: 'running'; domain: string; progress: StepProgress[] }
  | { kind: 'done'; presented: PresentedReport }
  /** Not even an ERROR report could be had: the background did not answer. */
  | { kind: 'broken'; domain: string };

/** What the status card says in each state of the popup (nothing while idle). */
function headerOf(view: View): Omit<StatusHeaderProps, 'domain'> | null {
  switch (view.kind) {
    case 'idle':
      return null;
    case 'running':
      return { status: 'RUNNING', summary: `Checking the MTA-STS and TLS-RPT setup of ${view.domain}…` };
    case 'broken':
      return {
        status: 'ERROR',
        summary: `Nothing is known about ${view.domain}: the extension's background did not answer.`,
        nextStep: 'Close this window and open it again.',
      };
    case 'done':
      return {
        status: view.presented.report.status,
        summary: view.presented.report.summary,
        state: view.presented.view.state,
        nextStep: view.presented.view.nextStep,
      };
  }
}

export function PopupApp({
  initialDomain,
  tab,
  hint,
  runCheck,
  openOptions,
  openAudit,
  copyText,
  presentFailure,
  normalize,
  storedReport = null,
}: PopupAppProps) {
  // The first render already shows the running state for the domain the popup opened with.
  const [opening] = useState(() => {
    if (!initialDomain) return null;
    const n = normalizeHostname(initialDomain);
    return n.ok ? { domain: n.domain, error: null } : { domain: initialDomain, error: n.error };
  });
  const [view, setView] = useState<View>(
    storedReport
      ? { kind: 'done', presented: storedReport }
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
    // Steps often finish within a millisecond of each other, just before the verdict: their progress is drawn
    // at most once per frame, so drawing it never holds up the verdict (which makes it moot).
    let batch: StepProgress[] = [];
    const drawProgress = () => {
      const steps = batch;
      batch = [];
      if (id === runId.current)
        setView((v) => (v.kind === 'running' ? { ...v, progress: [...v.progress, ...steps] } : v));
    };
    const onProgress = (p: StepProgress) => {
      if (id !== runId.current) return;
      batch.push(p);
      if (batch.length === 1) nextFrame(drawProgress);
    };
    // The status is final after the first round: show it then, and the full report (DANE) when it comes.
    const onVerdict = (presented: PresentedReport) => {
      if (id === runId.current) setView((v) => (v.kind === 'running' ? { kind: 'done', presented } : v));
    };
    const show = (presented: PresentedReport) => {
      if (id === runId.current) setView({ kind: 'done', presented });
    };
    // new Promise also turns a synchronous throw into a rejection.
    new Promise<PresentedReport>((resolve) =>
      resolve(runCheck(domain, onProgress, { ...options, onVerdict })),
    )
      .catch(
        (error: unknown) => new Promise<PresentedReport>((resolve) => resolve(presentFailure(domain, error))),
      )
      .then(show, () => {
        if (id === runId.current) setView({ kind: 'broken', domain });
      });
  };

  // Runs once, for the domain the popup opened with, right after the first render: the check itself was sent
  // before (popup-wiring's early check), and an answer that is already here (a cached report) is shown at once
  // instead of a frame later, which is when a plain effect would run.
  useLayoutEffect(() => {
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

  const current =
    view.kind === 'running' || view.kind === 'broken'
      ? view.domain
      : view.kind === 'done'
        ? view.presented.report.domain
        : null;
  const header = headerOf(view);

  return (
    <main class="popup">
      <h1 class="visually-hidden">MTA-STS Checker</h1>
      <DomainForm value={field} hint={hint} error={fieldError} onSubmit={submit} autoFocus={!initialDomain} />
      {/* One StatusHeader for running and done, so its live region stays in place and announces the result. */}
      {header && <StatusHeader {...header} domain={current} />}
      <ScopeSwitch
        tabHost={scope?.host ?? null}
        registrable={scope?.registrable ?? null}
        current={current}
        onCheck={switchTo}
      />
      {view.kind === 'running' && <StepList progress={view.progress} />}
      {view.kind === 'done' && showingStored && (
        <p class="stored-report muted" data-testid="stored-report">
          The result of the audit run of {view.presented.report.checkedAt.slice(0, 16).replace('T', ' ')} UTC,
          as stored. Check again for today's.
        </p>
      )}
      {view.kind === 'done' && (
        <ReportView
          presented={view.presented}
          copyText={copyText}
          onCheckAgain={() => start(view.presented.report.domain, { force: true })}
          onOpenOptions={openOptions}
          parentDomain={scope && current === scope.host ? scope.registrable : null}
          onCheckDomain={switchTo}
        />
      )}
      {/* With a report on screen, its actions carry the Options link. */}
      <PopupFooter showOptions={view.kind !== 'done'} openOptions={openOptions} openAudit={openAudit} />
    </main>
  );
}
