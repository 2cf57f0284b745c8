// One typed protocol between extension pages and the background service worker.
// Hand-written instead of @webext-core/messaging: v4 calls the callback-style `chrome.*` APIs directly, which
// neither Firefox's promise API nor the fake browser used in unit tests emulate; this is ~40 lines over the
// promise-based `browser.runtime` and errors travel as data.
import { type Browser, browser } from 'wxt/browser';
import type { NormalizeDomainResult } from '../lib/input/domain';
import type { PresentedReport, ReportPresentation } from '../lib/report/presentation';
import type { Report, StepProgress } from '../lib/report/types';

export type CheckResponse =
  /** `view`: what to show of the report, when the request asked for it (`present`). */
  | { ok: true; report: Report; view?: ReportPresentation; cached: boolean }
  /**
   * `noAccess`: the extension may not contact websites, so nothing was checked (the page asks for access). An
   * `activeTab` check of a tab with no domain to check (a browser page, an IP address) fails with a sentence.
   */
  | { ok: false; error: string; noAccess?: boolean };

export interface ProtocolMap {
  /**
   * Check a domain (already normalised by the caller). Progress arrives as `checkProgress` messages if asked.
   * `force`: look everything up afresh; `fresh`: never answer from the report cache; `tabId`: badge that tab.
   */
  checkDomain: {
    data: {
      domain: string;
      requestId: string;
      force?: boolean;
      fresh?: boolean;
      tabId?: number;
      /** Send the verdict after the first round as a `checkVerdict` message. */
      verdict?: boolean;
      /**
       * Send the steps as they finish as `checkProgress` messages. A caller that shows no steps (the bulk audit)
       * leaves it out: every message reaches every extension page, a few per check.
       */
      progress?: boolean;
      /**
       * The toolbar popup's tab, read here: the background asks for the active tab of the last focused window
       * (the popup's: a click on the toolbar button focuses it), reduces its address to the registrable domain
       * (the Public Suffix List lives here), names both in a `checkTarget` message and checks it; `domain` is
       * then ignored. The popup sends its check before its own, slower tab query answers.
       */
      activeTab?: boolean;
      /**
       * Send what to show of the report with it (lib/report/presentation.ts): the popup renders it without
       * loading the catalogue, the fix builders or the Markdown writer.
       */
      present?: boolean;
      /** A bulk audit's check: its DNS questions wait behind those of checks someone is watching. */
      background?: boolean;
    };
    result: CheckResponse;
  };
  /** Abort a check started with this request id (the audit page's Cancel). */
  cancelCheck: { data: { requestId: string }; result: undefined };
  /** Domain and registrable domain of a URL or input: the Public Suffix List lives in the background only. */
  normalize: { data: { input: string }; result: NormalizeDomainResult };
  /** The bulk audit's stored report for a domain (an audit row opened from the audit page), or null. */
  auditReport: { data: { domain: string }; result: PresentedReport | null };
  /**
   * The ERROR report for a check that ended without a report: `interrupted` when the worker was stopped
   * mid-check (the next message starts it again), else a bug whose message is `reason`.
   */
  failedReport: { data: { domain: string; interrupted: boolean; reason: string }; result: PresentedReport };
  /** Steps finished since the last such message (they often finish together). */
  checkProgress: { data: { requestId: string; progress: StepProgress[] }; result: undefined };
  /** The tab an `activeTab` check is about and its domain, sent before the check starts. */
  checkTarget: {
    data: { requestId: string; host: string; registrable: string; tabId: number | undefined };
    result: undefined;
  };
  /** The verdict after the first round (DANE pending); the checkDomain answer follows with the full report. */
  checkVerdict: {
    data: { requestId: string; report: Report; view?: ReportPresentation };
    result: undefined;
  };
}

interface Envelope<K extends keyof ProtocolMap> {
  type: K;
  data: ProtocolMap[K]['data'];
}

type Sender = Browser.runtime.MessageSender;

/**
 * Only the extension's own pages and worker may talk to the background: same extension id, and when the
 * sender names a page, a page of this extension (a content script in a web page, which the extension does not
 * have today, would carry the web page's URL). Nothing outside can reach runtime.onMessage now; this is
 * insurance for the day a content script is added.
 */
export function isOwnSender(sender: Sender | undefined, own: { id: string; origin: string }): boolean {
  if (!sender || sender.id !== own.id) return false;
  if (sender.url !== undefined && !sender.url.startsWith(own.origin)) return false;
  if (sender.tab !== undefined && (sender.url === undefined || !sender.url.startsWith(own.origin)))
    return false;
  return true;
}

function isEnvelope(message: unknown, type: string): message is Envelope<keyof ProtocolMap> {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
}

export function sendMessage<K extends keyof ProtocolMap>(
  type: K,
  data: ProtocolMap[K]['data'],
): Promise<ProtocolMap[K]['result']> {
  return browser.runtime.sendMessage({ type, data } satisfies Envelope<K>) as Promise<
    ProtocolMap[K]['result']
  >;
}

/** Registers a handler; returns a function that removes it. Messages of other types are left to others. */
export function onMessage<K extends keyof ProtocolMap>(
  type: K,
  handler: (data: ProtocolMap[K]['data']) => ProtocolMap[K]['result'] | Promise<ProtocolMap[K]['result']>,
): () => void {
  const own = { id: browser.runtime.id, origin: browser.runtime.getURL('/') };
  const listener = (message: unknown, sender: Sender) => {
    if (!isEnvelope(message, type) || !isOwnSender(sender, own)) return undefined;
    return Promise.resolve(handler(message.data as ProtocolMap[K]['data']));
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
