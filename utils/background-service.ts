// The background's behaviour, kept out of entrypoints/ so it can be unit-tested with the fake browser.
import { browser } from 'wxt/browser';
import { type CheckDeps, checkDomain } from '../lib/check/check-domain';
import { createDnsCache } from '../lib/dns/cache';
import { createHistory, type History, withHistory } from '../lib/history/history';
import { normalizeDomain } from '../lib/input/domain';
import type { Report, Status } from '../lib/report/types';
import { createStorageHistoryStore } from './history-store';
import { type CheckResponse, onMessage, sendMessage } from './messaging';
import { loadSettings, resolverKey, type Settings, toResolverSetting } from './settings';

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
}

export async function setBadge(tabId: number, status: Status): Promise<void> {
  const badge = BADGE[status];
  await Promise.all([
    browser.action.setBadgeText({ tabId, text: badge.text }),
    browser.action.setBadgeBackgroundColor({ tabId, color: badge.color }),
  ]);
}

export function registerBackground(deps: BackgroundDeps = {}): () => void {
  const check = deps.check ?? checkDomain;
  const getSettings = deps.loadSettings ?? loadSettings;
  const now = deps.now ?? Date.now;
  const history = deps.history ?? createHistory(createStorageHistoryStore());
  const reports = new Map<string, { report: Report; at: number }>();
  // One DNS cache per resolver, so TTLs are honoured across checks of related domains.
  const dnsCaches = new Map<string, ReturnType<typeof createDnsCache>>();

  const removeNormalize = onMessage('normalize', ({ input }) => normalizeDomain(input));
  const removeCheck = onMessage(
    'checkDomain',
    async ({ domain, requestId, force, tabId }): Promise<CheckResponse> => {
      try {
        const settings = await getSettings();
        const resolver = resolverKey(settings);
        const key = `${resolver}|${domain}`;
        const hit = reports.get(key);
        let response: CheckResponse;
        if (!force && hit && now() - hit.at < REPORT_CACHE_MS) {
          response = { ok: true, report: hit.report, cached: true };
        } else {
          // "Check again" must see the domain's current records, not our own cached answers to its last check.
          let dnsCache = force ? undefined : dnsCaches.get(resolver);
          if (!dnsCache) {
            dnsCache = createDnsCache();
            dnsCaches.set(resolver, dnsCache);
          }
          const checked = await check(domain, {
            fetch: deps.fetch ?? globalThis.fetch.bind(globalThis),
            resolverSetting: toResolverSetting(settings),
            dnsCache,
            dnsTimeoutMs: settings.dnsTimeoutMs,
            policyTimeoutMs: settings.policyTimeoutMs,
            now,
            onProgress: (progress) => {
              // The popup may have closed: nobody listening is fine.
              sendMessage('checkProgress', { requestId, progress }).catch(() => {});
            },
          });
          const report = await withHistory(history, checked);
          reports.set(key, { report, at: now() });
          response = { ok: true, report, cached: false };
        }
        if (tabId !== undefined) await setBadge(tabId, response.report.status).catch(() => {});
        return response;
      } catch (error) {
        // A bug, not a protocol outcome: it still travels as data so the popup can say so.
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
  );
  return () => {
    removeNormalize();
    removeCheck();
  };
}
