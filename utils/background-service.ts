// The background's behaviour, kept out of entrypoints/ so it can be unit-tested with the fake browser.
import { browser } from 'wxt/browser';
import type { TlsObserver } from '../lib/certificate/types';
import type { CheckDeps } from '../lib/check/check-domain';
import { createCheckService } from '../lib/check/service';
import { createHistory, type History } from '../lib/history/history';
import { normalizeDomain } from '../lib/input/domain';
import { isWebAddress } from '../lib/input/hostname';
import { createCheckFailedReport } from '../lib/report/empty';
import { CheckInterruptedError } from '../lib/report/interrupted';
import { presentReport } from '../lib/report/presentation';
import type { Report, Status, StepProgress } from '../lib/report/types';
import type { Settings } from '../lib/settings';
import { createStorageAuditStore } from './audit-store';
import { createStorageHistoryStore } from './history-store';
import { watchHostAccess } from './host-access';
import { type CheckResponse, onMessage, sendMessage } from './messaging';
import { type HeadersReceivedEvent, watchNextHopProtocols } from './next-hop';
import { createSettingsReader } from './settings';

/** Progress goes to the page at most this often per check: steps often finish within a millisecond. */
export const PROGRESS_INTERVAL_MS = 50;

/**
 * Sends a check's progress in batches, at most once per PROGRESS_INTERVAL_MS, so a burst of finished steps is one
 * message, not four queued ahead of the verdict. The first batch waits that long too: a check whose verdict comes
 * sooner (a fast resolver) sends none, and the popup goes straight from "Checking…" to the result instead of
 * drawing a step list a moment before. `close` drops what is left: the verdict or the report says more.
 */
function createProgressSender(send: (batch: StepProgress[]) => void, now: () => number) {
  let pending: StepProgress[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = now();
  let closed = false;
  const flush = () => {
    timer = null;
    if (closed || pending.length === 0) return;
    last = now();
    const batch = pending;
    pending = [];
    send(batch);
  };
  return {
    add(progress: StepProgress) {
      if (closed) return;
      pending.push(progress);
      if (timer !== null) return;
      const wait = last + PROGRESS_INTERVAL_MS - now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    /** Sends what is waiting now, then nothing more. */
    finish() {
      if (timer !== null) clearTimeout(timer);
      flush();
      closed = true;
    },
    close() {
      if (timer !== null) clearTimeout(timer);
      closed = true;
      pending = [];
    },
  };
}

/** How long the background gathers history changes into one write (see StorageHistoryStoreOptions.batchMs). */
export const HISTORY_BATCH_MS = 250;

/** Reopening the popup within this window shows the last report at once. */
export const REPORT_CACHE_MS = 5 * 60 * 1000;

const BADGE: Record<Status, { text: string; color: string }> = {
  SUCCESS: { text: 'OK', color: '#1a7f37' },
  WARNING: { text: '!', color: '#9a6700' },
  ERROR: { text: 'ERR', color: '#cf222e' },
};

export interface BackgroundDeps {
  check?: (domain: string, deps: CheckDeps) => Promise<Report>;
  loadSettings?: () => Promise<Settings>;
  fetch?: typeof fetch;
  now?: () => number;
  history?: History;
  /** Firefox: reads the policy host's certificate during each check (see utils/firefox-tls.ts). */
  observeTls?: TlsObserver;
  /** Whether the extension may contact websites; no check runs without it. */
  hasHostAccess?: () => Promise<boolean>;
}

export const NO_ACCESS_ERROR = 'The extension has no access to websites yet.';

export async function setBadge(tabId: number, status: Status): Promise<void> {
  const badge = BADGE[status];
  await Promise.all([
    browser.action.setBadgeText({ tabId, text: badge.text }),
    browser.action.setBadgeBackgroundColor({ tabId, color: badge.color }),
  ]);
}

/** The history in storage, written in batches: a bulk audit records a domain every few milliseconds. */
function createBatchedHistory(): [History, () => void] {
  const store = createStorageHistoryStore({ batchMs: HISTORY_BATCH_MS });
  return [createHistory(store), () => store.stop()];
}

/**
 * The background answers every check: the popup's, the context menu's and the audit page's. It is therefore
 * the only writer of the check history, so concurrent checks cannot lose each other's history updates.
 */
export function registerBackground(deps: BackgroundDeps = {}): () => void {
  const settings = createSettingsReader();
  // Known before the first check asks (the answer is kept, and refreshed when a permission changes).
  const access = watchHostAccess();
  const hasHostAccess = deps.hasHostAccess ?? access.has;
  void hasHostAccess();
  // An HTTP/2 resolver takes a bulk audit's questions at once; an HTTP/1.1 one no more than the browser sends.
  const protocols = watchNextHopProtocols({
    // Firefox (Chrome's build has no webRequest): the status lines of the resolver's answers.
    headersReceived: (browser as unknown as { webRequest?: { onHeadersReceived?: HeadersReceivedEvent } })
      .webRequest?.onHeadersReceived,
  });
  const [history, stopHistory] = deps.history ? [deps.history, () => {}] : createBatchedHistory();
  const service = createCheckService({
    check: deps.check,
    fetch: deps.fetch ?? globalThis.fetch.bind(globalThis),
    getSettings: deps.loadSettings ?? settings.read,
    now: deps.now,
    history,
    reuseReportsForMs: REPORT_CACHE_MS,
    observeTls: deps.observeTls,
    dohInFlight: protocols.dohInFlight,
  });
  // Checks a page may still cancel (the audit page's Cancel), by request id.
  const cancellable = new Map<string, AbortController>();

  const removeNormalize = onMessage('normalize', ({ input }) => normalizeDomain(input));
  // The popup asks here for an audit row's stored report, so the audit store stays out of the popup's code.
  const removeAuditReport = onMessage('auditReport', async ({ domain }) => {
    const [report] = await createStorageAuditStore().loadReports([domain]);
    return report ? presentReport(report) : null;
  });
  const removeFailed = onMessage('failedReport', ({ domain, interrupted, reason }) =>
    presentReport(
      createCheckFailedReport(
        domain,
        interrupted ? new CheckInterruptedError() : new Error(reason),
        (deps.now ?? Date.now)(),
      ),
    ),
  );
  const removeCancel = onMessage('cancelCheck', ({ requestId }) => {
    cancellable.get(requestId)?.abort();
    return undefined;
  });
  const removeCheck = onMessage(
    'checkDomain',
    async ({
      domain: asked,
      requestId,
      force,
      fresh,
      tabId,
      verdict,
      progress: wantsProgress,
      activeTab,
      present,
      background,
    }): Promise<CheckResponse> => {
      const controller = new AbortController();
      cancellable.set(requestId, controller);
      try {
        let domain = asked;
        let badgeTab = tabId;
        if (activeTab) {
          // The toolbar popup's tab, read here (one round trip): in the worker the query takes about a
          // millisecond, in a popup that has just started about eight.
          const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
          badgeTab = tab?.id;
          const target = isWebAddress(tab?.url) ? normalizeDomain(tab.url) : null;
          if (!target?.ok) return { ok: false, error: target?.error ?? 'This tab is not a website.' };
          domain = target.registrable;
          // Not waited for: the check's first results come long after this message.
          sendMessage('checkTarget', {
            requestId,
            host: target.domain,
            registrable: target.registrable,
            tabId: badgeTab,
          }).catch(() => {});
        }
        // The one place that decides: without host access nothing is looked up or fetched. The popup sends its
        // first check without waiting for its own copy of this answer.
        if (!(await hasHostAccess())) return { ok: false, error: NO_ACCESS_ERROR, noAccess: true };
        // The page may have closed: nobody listening is fine.
        const progress = createProgressSender(
          (batch) => void sendMessage('checkProgress', { requestId, progress: batch }).catch(() => {}),
          deps.now ?? Date.now,
        );
        const { report, cached } = await service.check(domain, {
          force,
          fresh,
          background,
          signal: controller.signal,
          // Only for a page that shows the steps: each message reaches every extension page.
          onProgress: wantsProgress ? progress.add : undefined,
          onVerdict: verdict
            ? (early) => {
                // The verdict replaces the step list: progress still waiting is moot.
                progress.close();
                const view = present ? presentReport(early).view : undefined;
                sendMessage('checkVerdict', { requestId, report: early, ...(view ? { view } : {}) }).catch(
                  () => {},
                );
              }
            : undefined,
        });
        progress.finish();
        // The badge is not worth a wait before the popup gets its answer.
        if (badgeTab !== undefined) void setBadge(badgeTab, report.status).catch(() => {});
        return { ok: true, report, cached, ...(present ? { view: presentReport(report).view } : {}) };
      } catch (error) {
        // A bug, not a protocol outcome: it still travels as data so the popup can say so.
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      } finally {
        cancellable.delete(requestId);
      }
    },
  );
  return () => {
    settings.stop();
    access.stop();
    protocols.stop();
    stopHistory();
    removeNormalize();
    removeAuditReport();
    removeFailed();
    removeCancel();
    removeCheck();
  };
}
