// Where the bulk audit keeps its results: the latest run's row summaries under one key (so reopening the page
// shows them) and each domain's full report under its own key (for the JSON export). Kept out of entrypoints/
// so it can be tested with the fake browser.
import { browser } from 'wxt/browser';
import { type AuditRow, createAuditRow } from '../lib/audit/audit-row';
import type { AuditStore } from '../lib/audit/results';
import type { Report } from '../lib/report/types';

export interface StorageAuditStoreOptions {
  /**
   * Full reports kept at most; the oldest are evicted. Reports are a few kB each and storage.local has a
   * 10 MB quota in Chromium without `unlimitedStorage`, so a quota error also evicts (see saveResult).
   */
  maxReports?: number;
  /**
   * Row writes are coalesced: rewriting the whole row list after every one of 2,000 results would write
   * gigabytes. Results are written at most once per this many milliseconds.
   */
  flushDelayMs?: number;
}

export const ROWS_KEY = 'audit:rows';
export const INDEX_KEY = 'audit:index';
export const REPORT_KEY_PREFIX = 'audit:report:';
export const DEFAULT_MAX_REPORTS = 5000;

export function reportKey(domain: string): string {
  return `${REPORT_KEY_PREFIX}${domain}`;
}

function isRowArray(value: unknown): value is AuditRow[] {
  return Array.isArray(value) && value.every((r) => typeof r === 'object' && r !== null && 'domain' in r);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((s) => typeof s === 'string');
}

function isReport(value: unknown): value is Report {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Report).domain === 'string' &&
    typeof (value as Report).status === 'string' &&
    Array.isArray((value as Report).findings)
  );
}

export function createStorageAuditStore(options: StorageAuditStoreOptions = {}): AuditStore {
  const maxReports = Math.max(1, options.maxReports ?? DEFAULT_MAX_REPORTS);
  const flushDelayMs = options.flushDelayMs ?? 500;
  const local = browser.storage.local;

  interface State {
    /** The current run's rows by domain, in the order they were saved. */
    rows: Map<string, AuditRow>;
    /** Domains with a stored report, oldest first: the eviction order. */
    index: string[];
    /** Results from before the current run, captured before this run overwrote them. */
    previous: Map<string, AuditRow>;
  }
  let loaded: Promise<State> | null = null;

  const load = (): Promise<State> => {
    loaded ??= local.get([ROWS_KEY, INDEX_KEY]).then((got) => {
      const rows = isRowArray(got[ROWS_KEY]) ? got[ROWS_KEY] : [];
      const index = isStringArray(got[INDEX_KEY]) ? got[INDEX_KEY] : [];
      return { rows: new Map(rows.map((r) => [r.domain, r])), index, previous: new Map() };
    });
    return loaded;
  };

  // Every storage write goes through one queue, so a report's write and its eviction never race.
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(op: () => Promise<T>): Promise<T> => {
    const result = queue.then(op);
    queue = result.catch(() => undefined);
    return result;
  };

  let pendingFlush: Promise<void> | null = null;
  /** Writes rows and index; callers arriving while a write is waiting share it. */
  const requestFlush = (): Promise<void> => {
    pendingFlush ??= new Promise<void>((resolve) => setTimeout(resolve, flushDelayMs)).then(() =>
      enqueue(async () => {
        // From here on, new changes need a new write.
        pendingFlush = null;
        const state = await load();
        await local.set({ [ROWS_KEY]: [...state.rows.values()], [INDEX_KEY]: state.index });
      }),
    );
    return pendingFlush;
  };

  const readReport = async (domain: string): Promise<Report | null> => {
    const key = reportKey(domain);
    const got = await local.get(key);
    return isReport(got[key]) ? got[key] : null;
  };

  /** Removes the oldest reports so at most `keep` remain. */
  const evict = async (state: State, keep: number): Promise<void> => {
    const excess = state.index.length - keep;
    if (excess <= 0) return;
    const gone = state.index.splice(0, excess);
    await local.remove(gone.map(reportKey));
  };

  return {
    async saveResult(row, report) {
      await enqueue(async () => {
        const state = await load();
        const { domain } = row;
        // First result for this domain in the run: keep what was stored before, for previousRow.
        if (!state.rows.has(domain) && !state.previous.has(domain)) {
          const old = await readReport(domain);
          if (old) state.previous.set(domain, createAuditRow(old));
        }
        state.rows.set(domain, row);
        state.index = state.index.filter((d) => d !== domain);
        await evict(state, maxReports - 1);
        try {
          await local.set({ [reportKey(domain)]: report });
        } catch {
          // Most likely the storage quota: make room by dropping the oldest tenth and try once more. If that
          // fails too, the row is still kept; only the JSON export lacks this report.
          await evict(state, Math.floor(state.index.length * 0.9));
          try {
            await local.set({ [reportKey(domain)]: report });
          } catch {
            // An older report left under the key would be exported as if it were this run's.
            await local.remove(reportKey(domain)).catch(() => undefined);
            return;
          }
        }
        state.index.push(domain);
      });
      await requestFlush();
    },

    async loadRows() {
      const state = await load();
      return [...state.rows.values()];
    },

    async loadReports(domains) {
      if (domains.length === 0) return [];
      const keys = domains.map(reportKey);
      const got = await local.get(keys);
      return keys.map((k) => got[k]).filter(isReport);
    },

    async previousRow(domain) {
      const state = await load();
      const kept = state.previous.get(domain);
      if (kept) return kept;
      // Saved in this run with nothing stored before it.
      if (state.rows.has(domain)) return null;
      const old = await readReport(domain);
      return old ? createAuditRow(old) : null;
    },

    async startRun(domains, options = {}) {
      await enqueue(async () => {
        const state = await load();
        const wanted = new Set(domains);
        // Last run's rows are the freshest "before" for their domains; older ones come from stored reports.
        state.previous = new Map([...state.rows].filter(([d]) => wanted.has(d)));
        // A merging run (re-check errors) keeps every other row; its results replace their own rows.
        if (options.merge) return;
        state.rows = new Map();
        await local.set({ [ROWS_KEY]: [] });
      });
    },

    async clear() {
      await enqueue(async () => {
        const state = await load();
        await local.remove([ROWS_KEY, INDEX_KEY, ...state.index.map(reportKey)]);
        state.rows = new Map();
        state.index = [];
        state.previous = new Map();
      });
    },
  };
}
