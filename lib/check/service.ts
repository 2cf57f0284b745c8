// The one check service behind the background, the audit page (through the background) and the CLI:
// settings → resolver, one DNS cache per resolver, history, a short-lived report cache, and one run per
// domain at a time (two simultaneous checks of the same domain share it).

import type { TlsObserver } from '../certificate/types';
import { createDnsCache, type DnsCache } from '../dns/cache';
import { createPriority, type RaisablePriority } from '../dns/limiter';
import { applyHistoryFindings, type History, withHistory } from '../history/history';
import type { Report, Snapshot, StepProgress } from '../report/types';
import { resolverKey, type Settings, toResolverSetting } from '../settings';
import { type CheckDeps, checkDomain } from './check-domain';

export interface CheckServiceDeps {
  /** The fetch for DoH and the policy file. */
  fetch: typeof fetch;
  /** Read before every check, so a change of settings applies to the next check. */
  getSettings: () => Settings | Promise<Settings>;
  /** Where drift is kept; none in the CLI. */
  history?: History;
  now?: () => number;
  /** Replaces checkDomain (tests). */
  check?: (domain: string, deps: CheckDeps) => Promise<Report>;
  /** A report younger than this is given again without a new check (unless forced). 0: never. */
  reuseReportsForMs?: number;
  /** Observes the policy host's certificate during each check (Firefox). */
  observeTls?: TlsObserver;
  /** DoH requests the client can have in flight to a resolver at once (ResolverDeps.dohInFlight). */
  dohInFlight?: (serverUrl: string) => number;
}

export interface CheckRequest {
  /** Look everything up afresh: "Check again" must see the records the admin just fixed. */
  force?: boolean;
  /** Never answer from the report cache (the bulk audit wants each row checked now). */
  fresh?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: StepProgress) => void;
  /** The report once the first round is in (DANE pending); its status is final. */
  onVerdict?: (report: Report) => void;
  /**
   * Nobody is waiting to see this report now (a bulk audit): its DNS questions wait behind other checks'.
   * A check someone watches that joins such a run raises it: its questions still waiting go first.
   */
  background?: boolean;
}

/** A caller cancelled its wait for a check that others still wait for (the check goes on for them). */
export class CheckCancelledError extends Error {
  constructor() {
    super('The check was cancelled.');
    this.name = 'CheckCancelledError';
  }
}

export interface CheckOutcome {
  report: Report;
  /** The report was given from the cache, not checked again. */
  cached: boolean;
}

export interface CheckService {
  check(domain: string, request?: CheckRequest): Promise<CheckOutcome>;
}

export function createCheckService(deps: CheckServiceDeps): CheckService {
  const now = deps.now ?? Date.now;
  const check = deps.check ?? checkDomain;
  const reuseMs = deps.reuseReportsForMs ?? 0;
  const reports = new Map<string, { report: Report; at: number }>();
  const dnsCaches = new Map<string, DnsCache>();
  interface Run {
    promise: Promise<Report>;
    listeners: Set<(p: StepProgress) => void>;
    verdictListeners: Set<(r: Report) => void>;
    verdict: Report | null;
    /** Stops the run: only once every caller has cancelled. */
    controller: AbortController;
    /** Background while only background callers wait for it. */
    priority: RaisablePriority;
    callers: number;
  }
  const running = new Map<string, Run>();

  /**
   * Waits for a run as one of its callers. A caller that cancels stops waiting (CheckCancelledError) and the run
   * goes on for the others; when the last caller cancels, the run itself stops and ends with what it has (its
   * lookups cancelled), as an unshared check would.
   */
  function attend(entry: Run, signal: AbortSignal | undefined): Promise<Report> {
    entry.callers += 1;
    return new Promise<Report>((resolve, reject) => {
      let left = false;
      const leave = () => {
        if (left) return;
        left = true;
        entry.callers -= 1;
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        if (entry.callers === 1) {
          entry.controller.abort();
          return;
        }
        leave();
        reject(new CheckCancelledError());
      };
      entry.promise.then(
        (report) => {
          leave();
          resolve(report);
        },
        (error: unknown) => {
          leave();
          reject(error);
        },
      );
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** The early report with the drift findings the final one will carry, so the status shown never changes. */
  async function withPreview(report: Report, stored: Promise<Snapshot[]> | undefined): Promise<Report> {
    if (!deps.history) return report;
    try {
      return applyHistoryFindings(report, await deps.history.preview(report, stored));
    } catch {
      return report;
    }
  }

  async function run(
    key: string,
    resolver: string,
    domain: string,
    settings: Settings,
    request: CheckRequest,
  ) {
    let dnsCache = request.force ? undefined : dnsCaches.get(resolver);
    if (!dnsCache) {
      dnsCache = createDnsCache();
      dnsCaches.set(resolver, dnsCache);
    }
    // The domain's history, read now so the verdict does not wait for it; not when another check of the domain
    // is still running (its record could land in between, and the verdict must carry the final report's drift).
    const stored =
      deps.history && request.onVerdict && ![...running.keys()].some((k) => k.endsWith(`|${domain}`))
        ? deps.history.get(domain)
        : undefined;
    stored?.catch(() => {});
    const listeners = new Set<(p: StepProgress) => void>();
    if (request.onProgress) listeners.add(request.onProgress);
    const verdictListeners = new Set<(r: Report) => void>();
    if (request.onVerdict) verdictListeners.add(request.onVerdict);
    const entry: Run = {
      promise: Promise.resolve(null as unknown as Report),
      listeners,
      verdictListeners,
      verdict: null,
      controller: new AbortController(),
      priority: createPriority(request.background === true),
      callers: 0,
    };
    let finished = false;
    const promise = (async () => {
      const checked = await check(domain, {
        fetch: deps.fetch,
        resolverSetting: toResolverSetting(settings),
        dnsCache,
        dnsTimeoutMs: settings.dnsTimeoutMs,
        policyTimeoutMs: settings.policyTimeoutMs,
        now,
        signal: entry.controller.signal,
        priority: entry.priority,
        observeTls: deps.observeTls,
        dohInFlight: deps.dohInFlight,
        onProgress: (progress) => {
          for (const listener of listeners) listener(progress);
        },
        onVerdict: (early) => {
          void withPreview(early, stored).then((shown) => {
            if (finished) return;
            entry.verdict = shown;
            for (const listener of verdictListeners) listener(shown);
          });
        },
      });
      finished = true;
      const report = deps.history ? await withHistory(deps.history, checked) : checked;
      if (reuseMs > 0) reports.set(key, { report, at: now() });
      return report;
    })();
    entry.promise = promise;
    running.set(key, entry);
    const forget = () => {
      if (running.get(key) === entry) running.delete(key);
    };
    promise.then(forget, forget);
    return attend(entry, request.signal);
  }

  return {
    async check(domain, request = {}) {
      const settings = await deps.getSettings();
      const resolver = resolverKey(settings);
      const key = `${resolver}|${domain}`;
      const hit = reports.get(key);
      if (!request.force && !request.fresh && hit && now() - hit.at < reuseMs) {
        return { report: hit.report, cached: true };
      }
      // A check of the same domain already under way (and not stopped by its callers) is shared.
      const shared = running.get(key);
      if (shared && !request.force && !shared.controller.signal.aborted) {
        if (!request.background) shared.priority.raise();
        if (request.onProgress) shared.listeners.add(request.onProgress);
        if (request.onVerdict) {
          if (shared.verdict) request.onVerdict(shared.verdict);
          shared.verdictListeners.add(request.onVerdict);
        }
        try {
          return { report: await attend(shared, request.signal), cached: false };
        } finally {
          if (request.onProgress) shared.listeners.delete(request.onProgress);
          if (request.onVerdict) shared.verdictListeners.delete(request.onVerdict);
        }
      }
      return { report: await run(key, resolver, domain, settings, request), cached: false };
    },
  };
}
