// How extension pages ask the background for a check: one message out, progress messages back, and a
// cancel message when the caller's signal aborts. Every page goes through here, so the background is the
// only place that runs checks and writes history.
import { CheckInterruptedError } from '../lib/report/empty';
import type { Report, StepProgress } from '../lib/report/types';
import { onMessage, sendMessage } from './messaging';

export interface CheckClientOptions {
  force?: boolean;
  fresh?: boolean;
  tabId?: number;
  signal?: AbortSignal;
  onProgress?: (progress: StepProgress) => void;
  /** The report as soon as its status is known (DANE still pending). */
  onVerdict?: (report: Report) => void;
  /** Check the registrable domain of this tab address instead (the background reduces it). */
  tabUrl?: string;
  /** With `tabUrl`: which domain that is, as soon as the background knows. */
  onTarget?: (target: { host: string; registrable: string }) => void;
}

/** A `tabUrl` check for an address that has no domain to check (a browser page, an IP address…). */
export class NotAWebsiteError extends Error {}

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

export async function requestCheck(domain: string, options: CheckClientOptions = {}): Promise<Report> {
  const requestId = `${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2)}`;
  const stopProgress = onMessage('checkProgress', (data) => {
    if (data.requestId === requestId) options.onProgress?.(data.progress);
    return undefined;
  });
  const stopVerdict = options.onVerdict
    ? onMessage('checkVerdict', (data) => {
        if (data.requestId === requestId) options.onVerdict?.(data.report);
        return undefined;
      })
    : () => {};
  const stopTarget = options.onTarget
    ? onMessage('checkTarget', (data) => {
        if (data.requestId === requestId)
          options.onTarget?.({ host: data.host, registrable: data.registrable });
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
        tabUrl: options.tabUrl,
      });
    } catch (error) {
      throw isInterruption(error) ? new CheckInterruptedError(error) : error;
    }
    // No answer at all: the worker went away with the message (Firefox resolves undefined then).
    if (response === undefined) throw new CheckInterruptedError();
    if (!response.ok)
      throw response.notAWebsite ? new NotAWebsiteError(response.error) : new Error(response.error);
    return response.report;
  } finally {
    stop();
    options.signal?.removeEventListener('abort', cancel);
  }
}
