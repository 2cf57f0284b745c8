// How extension pages ask the background for a check: one message out, progress messages back, and a
// cancel message when the caller's signal aborts. Every page goes through here, so the background is the
// only place that runs checks and writes history.
import { CheckInterruptedError } from '../lib/report/interrupted';
import type { PresentedReport, ReportPresentation } from '../lib/report/presentation';
import type { Report, StepProgress } from '../lib/report/types';
import { onMessage, sendMessage } from './messaging';

/** `T`: a Report, or a PresentedReport for the popup (what to show comes worked out with it). */
export interface CheckClientOptions<T = Report> {
  force?: boolean;
  fresh?: boolean;
  tabId?: number;
  signal?: AbortSignal;
  onProgress?: (progress: StepProgress) => void;
  /** The report as soon as its status is known (DANE still pending). */
  onVerdict?: (report: T) => void;
  /** Check the registrable domain of the active tab instead, which the background reads (ProtocolMap.checkDomain). */
  activeTab?: boolean;
  /** With `activeTab`: which tab and domain that is, once the background knows. */
  onTarget?: (target: { host: string; registrable: string; tabId: number | undefined }) => void;
  /** A bulk audit's check: its DNS questions wait behind those of checks someone is watching. */
  background?: boolean;
}

/** The background checked nothing: the extension may not contact websites (host access withheld). */
export class NoHostAccessError extends Error {}

let counter = 0;

/**
 * What the browser says when the background stopped before answering (Chrome: the port or channel closed;
 * Firefox: the message manager disconnected; either: no receiving end while the worker restarts).
 */
const INTERRUPTED =
  /message port closed|message channel closed|receiving end does not exist|message manager disconnected|extension context invalidated/i;

export function isInterruption(error: unknown): boolean {
  return error instanceof Error && INTERRUPTED.test(error.message);
}

export function requestCheck(domain: string, options: CheckClientOptions = {}): Promise<Report> {
  return sendCheck(domain, options, false, (report) => report);
}

/** requestCheck for the popup: the report with what to show of it (lib/report/presentation.ts). */
export function requestPresentedCheck(
  domain: string,
  options: CheckClientOptions<PresentedReport> = {},
): Promise<PresentedReport> {
  return sendCheck(domain, options, true, (report, view) => {
    if (!view) throw new Error('The background answered without the report view.');
    return { report, view };
  });
}

async function sendCheck<T>(
  domain: string,
  options: CheckClientOptions<T>,
  present: boolean,
  take: (report: Report, view: ReportPresentation | undefined) => T,
): Promise<T> {
  const requestId = `${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2)}`;
  const stopProgress = options.onProgress
    ? onMessage('checkProgress', (data) => {
        if (data.requestId === requestId) for (const p of data.progress) options.onProgress?.(p);
        return undefined;
      })
    : () => {};
  const stopVerdict = options.onVerdict
    ? onMessage('checkVerdict', (data) => {
        if (data.requestId === requestId) options.onVerdict?.(take(data.report, data.view));
        return undefined;
      })
    : () => {};
  const stopTarget = options.onTarget
    ? onMessage('checkTarget', (data) => {
        if (data.requestId === requestId)
          options.onTarget?.({ host: data.host, registrable: data.registrable, tabId: data.tabId });
        return undefined;
      })
    : () => {};
  const stop = () => {
    stopProgress();
    stopVerdict();
    stopTarget();
  };
  const cancel = () => void sendMessage('cancelCheck', { requestId }).catch(() => {});
  options.signal?.addEventListener('abort', cancel, { once: true });
  try {
    let response: Awaited<ReturnType<typeof sendMessage<'checkDomain'>>>;
    try {
      response = await sendMessage('checkDomain', {
        domain,
        requestId,
        force: options.force,
        fresh: options.fresh,
        tabId: options.tabId,
        verdict: options.onVerdict !== undefined,
        progress: options.onProgress !== undefined,
        ...(options.activeTab ? { activeTab: true } : {}),
        ...(present ? { present } : {}),
        ...(options.background ? { background: true } : {}),
      });
    } catch (error) {
      throw isInterruption(error) ? new CheckInterruptedError(error) : error;
    }
    // No answer at all: the worker went away with the message (Firefox resolves undefined then).
    if (response === undefined) throw new CheckInterruptedError();
    if (!response.ok) {
      if (response.noAccess) throw new NoHostAccessError(response.error);
      throw new Error(response.error);
    }
    return take(response.report, response.view);
  } finally {
    stop();
    options.signal?.removeEventListener('abort', cancel);
  }
}
