// What the popup needs from the browser: which domain to check first, and a runCheck that talks to the
// background. Kept out of entrypoints/ so it can be tested with the fake browser.
import { browser } from 'wxt/browser';
import { isWebAddress, normalizeHostname } from '../lib/input/hostname';
import { CheckInterruptedError } from '../lib/report/interrupted';
import type { PresentedReport } from '../lib/report/presentation';
import type { StepProgress } from '../lib/report/types';
import { NoHostAccessError, requestPresentedCheck } from './check-client';
import { sendMessage } from './messaging';

export interface PopupTarget {
  /** What to check on open: the deep link's value as given, or the tab's registrable domain. */
  initialDomain: string | null;
  tab: { host: string; registrable: string } | null;
  tabId: number | undefined;
  hint?: string;
}

/**
 * The report view for one domain: the popup page with a deep link (used by the audit page and spot checks).
 * `fromAudit`: show the audit run's stored report for the domain instead of checking it again.
 */
export function createReportUrl(domain: string, options: { fromAudit?: boolean } = {}): string {
  const from = options.fromAudit ? '&from=audit' : '';
  return `${browser.runtime.getURL('/popup.html')}?domain=${encodeURIComponent(domain)}${from}`;
}

/** The stored audit report a `?domain=…&from=audit` link asks for, or null (then the popup checks live). */
export async function loadLinkedAuditReport(search: string): Promise<PresentedReport | null> {
  const params = new URLSearchParams(search);
  const domain = params.get('domain');
  if (params.get('from') !== 'audit' || domain === null) return null;
  try {
    return (await sendMessage('auditReport', { domain })) ?? null;
  } catch {
    return null;
  }
}

export const NON_WEB_HINT =
  'This tab is not a website. Type a domain, web address or e-mail address to check.';

/**
 * `popup.html?domain=NAME` checks NAME (normalised, not reduced); otherwise the active tab's registrable
 * domain, where its mail lives (www.vendor.com → vendor.com).
 */
export async function resolvePopupTarget(search: string): Promise<PopupTarget> {
  const deepLink = new URLSearchParams(search).get('domain');
  if (deepLink !== null) return { initialDomain: deepLink, tab: null, tabId: undefined };
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  const url = active?.url;
  if (!isWebAddress(url)) {
    return { initialDomain: null, tab: null, tabId: active?.id, hint: NON_WEB_HINT };
  }
  return targetOfTab(url, active?.id);
}

/** The registrable domain of a web tab's address, asked of the background (it holds the suffix list). */
async function targetOfTab(url: string, tabId: number | undefined): Promise<PopupTarget> {
  const n = await sendMessage('normalize', { input: url });
  if (!n.ok) return { initialDomain: null, tab: null, tabId, hint: NON_WEB_HINT };
  return { initialDomain: n.registrable, tab: { host: n.domain, registrable: n.registrable }, tabId };
}

type RunCheck = ReturnType<typeof createRunCheck>;

/** A check already sent, whose progress and verdict are kept until the popup takes it over. */
interface EarlyCheck {
  domain: string;
  report: Promise<PresentedReport | null>;
  progress: StepProgress[];
  verdict: PresentedReport | null;
  onProgress: ((p: StepProgress) => void) | null;
  onVerdict: ((r: PresentedReport) => void) | null;
}

function startEarly(
  domain: string,
  send: (
    onProgress: (p: StepProgress) => void,
    onVerdict: (r: PresentedReport) => void,
  ) => Promise<PresentedReport | null>,
): EarlyCheck {
  const early: EarlyCheck = {
    domain,
    report: Promise.resolve(null),
    progress: [],
    verdict: null,
    onProgress: null,
    onVerdict: null,
  };
  early.report = send(
    (p) => (early.onProgress ? early.onProgress(p) : early.progress.push(p)),
    (r) => {
      if (early.onVerdict) early.onVerdict(r);
      else early.verdict = r;
    },
  );
  // Unhandled until the popup takes it over; a rejection is given to the popup then.
  early.report.catch(() => {});
  return early;
}

/** runCheck whose first call for the early check's domain takes over the request already under way. */
function takeOver(early: EarlyCheck | null, runCheck: RunCheck): RunCheck {
  let pending = early;
  return (d, progressListener, options = {}) => {
    if (pending === null || d !== pending.domain || options.force)
      return runCheck(d, progressListener, options);
    const taken = pending;
    pending = null;
    taken.onProgress = progressListener;
    taken.onVerdict = options.onVerdict ?? null;
    for (const p of taken.progress) progressListener(p);
    if (taken.verdict) options.onVerdict?.(taken.verdict);
    return taken.report.then((report) => report ?? runCheck(d, progressListener, options));
  };
}

/** A first check whose answer is "no host access" (the background checked nothing) ends in null. */
function nullWithoutAccess(sent: Promise<PresentedReport>): Promise<PresentedReport | null> {
  return sent.catch((error: unknown) => {
    if (error instanceof NoHostAccessError) return null;
    throw error;
  });
}

/**
 * runCheck that has already sent the check of the popup's first domain, from the earliest point of start-up
 * (not after the first paint, and not after the page's own host-access question: the background asks its own,
 * kept answer and checks nothing without access). The popup's first call for that domain takes over the
 * running request, with the progress and verdict that arrived before it.
 */
export function createEarlyRunCheck(initialDomain: string | null, tabId: number | undefined): RunCheck {
  const runCheck = createRunCheck(tabId);
  const opening = initialDomain === null ? null : normalizeHostname(initialDomain);
  if (!opening?.ok) return runCheck;
  const domain = opening.domain;
  // Without host access the background checks nothing: the gate asks, and the popup checks once it is granted.
  const early = startEarly(domain, (onProgress, onVerdict) =>
    nullWithoutAccess(requestPresentedCheck(domain, { tabId, onProgress, onVerdict })),
  );
  return takeOver(early, runCheck);
}

/**
 * Everything the popup needs to open: what to check and a runCheck. For the toolbar button the check goes out
 * first thing, in one message: the background reads the active tab (faster than the popup can), reduces its
 * address to the registrable domain, says which, and checks it. The popup's own tab query, made meanwhile, must
 * name the same tab; if it does not (the popup is in a window that was not the last focused), the popup checks
 * its own tab instead. A deep link (`?domain=`) is checked as given; `stored` (an audit row's stored report is
 * shown) sends nothing.
 */
export async function startPopup(
  search: string,
  options: { stored?: boolean } = {},
): Promise<{ target: PopupTarget; runCheck: RunCheck }> {
  const deepLink = new URLSearchParams(search).get('domain');
  if (deepLink !== null) {
    const target: PopupTarget = { initialDomain: deepLink, tab: null, tabId: undefined };
    const runCheck = options.stored ? createRunCheck(undefined) : createEarlyRunCheck(deepLink, undefined);
    return { target, runCheck };
  }
  /** The tab and domain the background checks, or null when it named none. */
  type Announced = { host: string; registrable: string; tabId: number | undefined } | null;
  let announce: (t: Announced) => void = () => {};
  const announced = new Promise<Announced>((resolve) => {
    announce = resolve;
  });
  const cancel = new AbortController();
  // Without host access the background names the domain and checks nothing; the gate then asks for access.
  const early = startEarly('', (onProgress, onVerdict) =>
    nullWithoutAccess(
      requestPresentedCheck('', {
        activeTab: true,
        signal: cancel.signal,
        onProgress,
        onVerdict,
        onTarget: announce,
      }),
    ),
  );
  // The background names the domain before it checks; an answer without that means it had none to check (a
  // browser page, an address with no domain) or failed first (e.g. the worker restarted).
  early.report.then(
    () => announce(null),
    () => announce(null),
  );
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  const url = active?.url;
  const tabId = active?.id;
  const runCheck = createRunCheck(tabId);
  if (!isWebAddress(url)) {
    cancel.abort();
    return { target: { initialDomain: null, tab: null, tabId, hint: NON_WEB_HINT }, runCheck };
  }
  const tab = await announced;
  if (tab !== null && tab.tabId === tabId) {
    early.domain = tab.registrable;
    const { host, registrable } = tab;
    return {
      target: { initialDomain: registrable, tab: { host, registrable }, tabId },
      runCheck: takeOver(early, runCheck),
    };
  }
  // The background read another tab or named none: work it out from the popup's own tab (a normalize message),
  // which also tells an address with no domain.
  cancel.abort();
  return { target: await targetOfTab(url, tabId), runCheck };
}

/**
 * runCheck for PopupApp: the check runs in the background; progress arrives as messages. Without host access
 * the background checks nothing and answers so (NoHostAccessError): the page's gate asks for access.
 */
export function createRunCheck(tabId: number | undefined) {
  return async (
    domain: string,
    onProgress: (p: StepProgress) => void,
    options: { force?: boolean; onVerdict?: (report: PresentedReport) => void } = {},
  ): Promise<PresentedReport> =>
    requestPresentedCheck(domain, { force: options.force, tabId, onProgress, onVerdict: options.onVerdict });
}

/**
 * The ERROR report for a check that ended without one (the worker was stopped mid-check, or a bug), made by
 * the background like every report, so its status, cause and next step read as every other report's.
 */
export function presentFailure(domain: string, error: unknown): Promise<PresentedReport> {
  let reason: string;
  try {
    reason = error instanceof Error ? error.message : String(error);
  } catch {
    reason = '';
  }
  return sendMessage('failedReport', {
    domain,
    interrupted: error instanceof CheckInterruptedError,
    reason,
  });
}

export async function copyText(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
}

export function openOptions(): Promise<void> {
  return browser.runtime.openOptionsPage();
}

export async function openAudit(): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL('/audit.html') });
}
