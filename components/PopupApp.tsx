// The popup: a domain field, the live progress of a check, then the report. All I/O is injected, so the
// entrypoint wires browser APIs and tests pass fakes.
import { useEffect, useRef, useState } from 'preact/hooks';
import { normalizeHostname } from '../lib/hostname';
import type { Report, StepProgress } from '../lib/report';
import { getMxHostNames, isWithoutMtaSts } from '../lib/suggest';
import { DomainForm } from './DomainForm';
import { Evidence } from './Evidence';
import { FindingList } from './FindingList';
import { ReportActions } from './ReportActions';
import { RiskList } from './RiskList';
import { ScopeSwitch } from './ScopeSwitch';
import { StarterSet } from './StarterSet';
import { StatusHeader } from './StatusHeader';
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
    options?: { force?: boolean },
  ): Promise<Report>;
  openOptions(): void;
  copyText(text: string): Promise<void>;
  /** Clock for the report made when runCheck fails unexpectedly. */
  now?: () => Date;
}

type View =
  | { kind: 'idle' }
  | { kind: 'running'; domain: string; progress: StepProgress[] }
  | { kind: 'done'; report: Report };

/** runCheck should never reject; if it does (a bug), the user gets an ERROR report instead of a blank popup. */
function createFailedReport(domain: string, error: unknown, now: Date): Report {
  let detail: string;
  try {
    detail = error instanceof Error ? error.message : String(error);
  } catch {
    detail = 'unknown error';
  }
  return {
    domain,
    checkedAt: now.toISOString(),
    status: 'ERROR',
    summary: `The check of ${domain} stopped because of a bug in the extension, so this says nothing about the domain. Try again.`,
    findings: [
      {
        code: 'check.failed',
        severity: 'error',
        message: `The check stopped with an unexpected error: ${detail}`,
      },
    ],
    risks: [],
    evidence: {
      stsTxt: null,
      stsRecord: null,
      tlsRptTxt: null,
      tlsRptRecord: null,
      mx: null,
      mxHosts: [],
      nullMx: false,
      policyHostA: null,
      policyHostAAAA: null,
      policyFetch: null,
      policy: null,
    },
    timings: {},
    resolver: 'unknown',
  };
}

function checkTime(report: Report): Date {
  const t = new Date(report.checkedAt);
  return Number.isNaN(t.getTime()) ? new Date() : t;
}

export function PopupApp({
  initialDomain,
  tab,
  hint,
  runCheck,
  openOptions,
  copyText,
  now = () => new Date(),
}: PopupAppProps) {
  const [view, setView] = useState<View>({ kind: 'idle' });
  const [field, setField] = useState(initialDomain ?? '');
  const [fieldError, setFieldError] = useState<string | null>(null);
  // Each check gets a number; answers from an older check (the user started another) are dropped.
  const runId = useRef(0);

  const start = (domain: string, options?: { force?: boolean }) => {
    const id = ++runId.current;
    setView({ kind: 'running', domain, progress: [] });
    const onProgress = (p: StepProgress) => {
      if (id !== runId.current) return;
      setView((v) => (v.kind === 'running' ? { ...v, progress: [...v.progress, p] } : v));
    };
    // new Promise also turns a synchronous throw of runCheck into a rejection.
    new Promise<Report>((resolve) => resolve(runCheck(domain, onProgress, options))).then(
      (report) => {
        if (id === runId.current) setView({ kind: 'done', report });
      },
      (error: unknown) => {
        if (id === runId.current) setView({ kind: 'done', report: createFailedReport(domain, error, now()) });
      },
    );
  };

  // Runs once, for the domain the popup opened with.
  useEffect(() => {
    if (!initialDomain) return;
    const n = normalizeHostname(initialDomain);
    if (n.ok) {
      setField(n.domain);
      start(n.domain);
    } else {
      // The checker answers invalid input with a domain.invalid report; the field says why as well.
      setFieldError(n.error);
      start(initialDomain);
    }
  }, []);

  const submit = (input: string) => {
    const n = normalizeHostname(input);
    if (!n.ok) {
      // The message goes beside the field, and the result area says ERROR with a domain.invalid finding
      // (the checker answers invalid input at once, without any lookup), so the status never lies.
      setFieldError(n.error);
      start(input);
      return;
    }
    // Typed input is checked exactly as given (normalised, not reduced to the registrable domain).
    setFieldError(null);
    setField(n.domain);
    start(n.domain);
  };

  const switchTo = (domain: string) => {
    setFieldError(null);
    setField(domain);
    start(domain);
  };

  const current = view.kind === 'running' ? view.domain : view.kind === 'done' ? view.report.domain : null;

  return (
    <main class="popup">
      <h1 class="visually-hidden">MTA-STS Checker</h1>
      <DomainForm value={field} hint={hint} error={fieldError} onSubmit={submit} autoFocus={!initialDomain} />
      {/* One StatusHeader for running and done, so its live region stays in place and announces the result. */}
      {view.kind !== 'idle' && (
        <StatusHeader
          status={view.kind === 'running' ? 'RUNNING' : view.report.status}
          domain={current}
          summary={
            view.kind === 'running'
              ? `Checking the MTA-STS and TLS-RPT setup of ${view.domain}…`
              : view.report.summary
          }
        />
      )}
      <ScopeSwitch
        tabHost={tab?.host ?? null}
        registrable={tab?.registrable ?? null}
        current={current}
        onCheck={switchTo}
      />
      {view.kind === 'running' && <StepList progress={view.progress} />}
      {view.kind === 'done' && (
        <>
          <ReportActions
            report={view.report}
            copyText={copyText}
            onCheckAgain={() => start(view.report.domain, { force: true })}
            onOpenOptions={openOptions}
          />
          <RiskList risks={view.report.risks} status={view.report.status} />
          {isWithoutMtaSts(view.report) && (
            <StarterSet
              domain={view.report.domain}
              mxHosts={getMxHostNames(view.report)}
              now={checkTime(view.report)}
              copyText={copyText}
            />
          )}
          <FindingList report={view.report} copyText={copyText} />
          <Evidence report={view.report} />
        </>
      )}
    </main>
  );
}
