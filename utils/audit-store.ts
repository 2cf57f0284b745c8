// Where the bulk audit keeps its results: the latest run's row summaries under one key (so reopening the page
// shows them) and each domain's full report under its own key (for the JSON export). Kept out of entrypoints/
// so it can be tested with the fake browser.
//
// Rows and index carry a schema version ({ v: 2, … }); version 1 values (bare lists) are migrated as they are
// read. Every reader is tolerant: an unreadable row or report (null, truncated, another shape) is skipped and
// reported once, never shown or exported. A report whose index entry was lost (the page reloaded between the
// two writes) is swept when the store loads, and "Clear" removes every audit key, indexed or not.
import { browser } from 'wxt/browser';
import { type AuditRow, createAuditRow } from '../lib/audit/audit-row';
import type { AuditStore, RunPlan } from '../lib/audit/results';
import type { Report } from '../lib/report/types';
import { storedBytes } from '../lib/stored-size';
import { createUnreadableReporter, readStoredList } from './unreadable';

export interface StorageAuditStoreOptions {
  /**
   * Full reports kept at most; the oldest are evicted. Reports are a few kB each and storage.local has a
   * 10 MB quota in Chromium without `unlimitedStorage`, so a quota error also evicts (see saveResult).
   */
  maxReports?: number;
  /** Bytes of stored reports at most (JSON size); the oldest are evicted first. */
  maxBytes?: number;
  /** Told once per key about a stored value that could not be read (default: console.warn). */
  onUnreadable?: (key: string) => void;
  /** Milliseconds since the epoch (tests). */
  now?: () => number;
  /**
   * Row writes are coalesced: rewriting the whole row list after every one of 2,000 results would write
   * gigabytes. Results are written at most once per this many milliseconds.
   */
  flushDelayMs?: number;
}

export const ROWS_KEY = 'audit:rows';
export const RUN_KEY = 'audit:run';
export const INDEX_KEY = 'audit:index';
export const REPORT_KEY_PREFIX = 'audit:report:';
export const DEFAULT_MAX_REPORTS = 5000;
/** storage.local holds 10 MB in Chromium without unlimitedStorage; the audit's reports take at most 6 MB. */
export const DEFAULT_MAX_REPORT_BYTES = 6 * 1024 * 1024;
export const AUDIT_SCHEMA = 2;
const AUDIT_PREFIX = 'audit:';

export function reportKey(domain: string): string {
  return `${REPORT_KEY_PREFIX}${domain}`;
}

const STATUSES = new Set(['SUCCESS', 'WARNING', 'ERROR']);
const SEVERITIES = new Set(['error', 'warning', 'info']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const numberOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));

/** A row the results table and the CSV export can show: every field of the right type. */
export function isAuditRow(value: unknown): value is AuditRow {
  if (!isObject(value)) return false;
  const r = value;
  const top = r.topFinding;
  return (
    typeof r.domain === 'string' &&
    typeof r.status === 'string' &&
    STATUSES.has(r.status) &&
    (r.mode === null || typeof r.mode === 'string') &&
    numberOrNull(r.maxAge) &&
    // Unknown facts are null (the lookup failed), never a reason to drop the row.
    numberOrNull(r.mxTotal) &&
    numberOrNull(r.mxCovered) &&
    (r.tlsRpt === null || typeof r.tlsRpt === 'boolean') &&
    (r.dnssec === null || typeof r.dnssec === 'boolean') &&
    (r.policyId === null || typeof r.policyId === 'string') &&
    (top === null ||
      (isObject(top) &&
        typeof top.code === 'string' &&
        typeof top.severity === 'string' &&
        SEVERITIES.has(top.severity) &&
        typeof top.message === 'string')) &&
    Array.isArray(r.findingCodes) &&
    r.findingCodes.every((c) => typeof c === 'string') &&
    typeof r.checkedAt === 'string' &&
    typeof r.attempts === 'number' &&
    typeof r.changed === 'boolean'
  );
}

/** A report the audit can turn into a row and export. */
export function isReport(value: unknown): value is Report {
  if (!isObject(value)) return false;
  const r = value as Partial<Report>;
  return (
    typeof r.domain === 'string' &&
    typeof r.status === 'string' &&
    STATUSES.has(r.status) &&
    typeof r.checkedAt === 'string' &&
    Array.isArray(r.findings) &&
    r.findings.every(
      (f) =>
        isObject(f) &&
        typeof f.code === 'string' &&
        typeof f.message === 'string' &&
        SEVERITIES.has(f.severity),
    ) &&
    isObject(r.evidence) &&
    Array.isArray(r.evidence.mxHosts) &&
    r.evidence.mxHosts.every((h) => isObject(h) && typeof h.host === 'string')
  );
}

/** The stored plan of the run under way, or null for anything else (no plan, another shape, garbage). */
export function readRunPlan(value: unknown): RunPlan | null {
  if (!isObject(value) || value.v !== AUDIT_SCHEMA || !Array.isArray(value.domains)) return null;
  const domains = value.domains.filter((d): d is string => typeof d === 'string');
  const concurrency =
    typeof value.concurrency === 'number' && Number.isFinite(value.concurrency) ? value.concurrency : 8;
  return domains.length > 0 ? { domains, concurrency } : null;
}

/** Rows from any stored shape: v2 envelope, v1 bare list, garbage (none); unreadable rows are dropped. */
export function readStoredRows(value: unknown): { rows: AuditRow[]; damaged: boolean } {
  const { items, damaged } = readStoredList(value, 'rows', (r) => (isAuditRow(r) ? r : null));
  return { rows: items, damaged };
}

type IndexEntry = [domain: string, bytes: number];

/** Index from any stored shape: v2 [domain, bytes] pairs, v1 list of domains (size unknown: 0), garbage. */
export function readStoredReportIndex(value: unknown): { entries: IndexEntry[]; damaged: boolean } {
  const { items, damaged } = readStoredList(value, 'entries', (e): IndexEntry | null => {
    if (typeof e === 'string') return [e, 0];
    if (Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'number') return [e[0], e[1]];
    return null;
  });
  return { entries: items, damaged };
}

/**
 * A report without an index entry is swept only once it is this old: younger ones may belong to an audit still
 * running in another page (its index write follows its report writes by up to a flush delay), and the
 * background opens the store too whenever an audit row is shown in the popup.
 */
export const ORPHAN_GRACE_MS = 10 * 60 * 1000;

/** When a stored report was checked, or null when it does not say (then it is not worth keeping). */
function checkedAtOf(value: unknown): number | null {
  if (!isObject(value) || typeof value.checkedAt !== 'string') return null;
  const at = Date.parse(value.checkedAt);
  return Number.isFinite(at) ? at : null;
}

export function createStorageAuditStore(options: StorageAuditStoreOptions = {}): AuditStore {
  const now = options.now ?? Date.now;
  const maxReports = Math.max(1, options.maxReports ?? DEFAULT_MAX_REPORTS);
  const maxBytes = Math.max(1, options.maxBytes ?? DEFAULT_MAX_REPORT_BYTES);
  const unreadable = createUnreadableReporter(options.onUnreadable);
  const flushDelayMs = options.flushDelayMs ?? 500;
  const local = browser.storage.local;

  interface State {
    /** The current run's rows by domain, in the order they were saved. */
    rows: Map<string, AuditRow>;
    /** Domains with a stored report, oldest first: the eviction order. */
    index: string[];
    /** Stored size of each indexed report, in bytes. */
    sizes: Map<string, number>;
    /** Results from before the current run, captured before this run overwrote them. */
    previous: Map<string, AuditRow>;
  }
  let loaded: Promise<State> | null = null;

  const load = (): Promise<State> => {
    loaded ??= local.get(null).then(async (all) => {
      const rows = readStoredRows(all[ROWS_KEY]);
      if (rows.damaged) unreadable(ROWS_KEY);
      const stored = readStoredReportIndex(all[INDEX_KEY]);
      if (stored.damaged) unreadable(INDEX_KEY);
      const sizes = new Map(stored.entries);
      // Reports without an index entry (written just before a reload) are swept: nothing would evict them. Not
      // the recent ones: another page's audit may have written them and not yet its index.
      const orphans = Object.keys(all).filter((k) => {
        if (!k.startsWith(REPORT_KEY_PREFIX) || sizes.has(k.slice(REPORT_KEY_PREFIX.length))) return false;
        const at = checkedAtOf(all[k]);
        return at === null || now() - at > ORPHAN_GRACE_MS;
      });
      if (orphans.length > 0) await local.remove(orphans).catch(() => undefined);
      return {
        rows: new Map(rows.rows.map((r) => [r.domain, r])),
        index: [...sizes.keys()],
        sizes,
        previous: new Map(),
      };
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
        await local.set({
          [ROWS_KEY]: { v: AUDIT_SCHEMA, rows: [...state.rows.values()] },
          [INDEX_KEY]: { v: AUDIT_SCHEMA, entries: state.index.map((d) => [d, state.sizes.get(d) ?? 0]) },
        });
      }),
    );
    return pendingFlush;
  };

  const readReport = async (domain: string): Promise<Report | null> => {
    const key = reportKey(domain);
    const got = await local.get(key);
    if (got[key] === undefined) return null;
    if (isReport(got[key])) return got[key];
    unreadable(key);
    return null;
  };

  /** Removes the oldest reports so at most `keep` remain and, with `room` more bytes, they fit the byte cap. */
  const evict = async (state: State, keep: number, room = 0): Promise<void> => {
    let excess = Math.max(0, state.index.length - keep);
    let bytes = room;
    for (const d of state.index) bytes += state.sizes.get(d) ?? 0;
    for (let i = 0; i < excess; i++) bytes -= state.sizes.get(state.index[i] as string) ?? 0;
    while (bytes > maxBytes && excess < state.index.length) {
      bytes -= state.sizes.get(state.index[excess] as string) ?? 0;
      excess += 1;
    }
    if (excess <= 0) return;
    const gone = state.index.splice(0, excess);
    for (const d of gone) state.sizes.delete(d);
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
        state.sizes.delete(domain);
        const size = storedBytes(report);
        await evict(state, maxReports - 1, size);
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
        state.sizes.set(domain, size);
      });
      await requestFlush();
    },

    async saveRunPlan(plan) {
      if (plan === null) await local.remove(RUN_KEY);
      else await local.set({ [RUN_KEY]: { v: AUDIT_SCHEMA, ...plan } });
    },

    async loadRunPlan() {
      const got = await local.get(RUN_KEY);
      const plan = readRunPlan(got[RUN_KEY]);
      if (plan === null && got[RUN_KEY] !== undefined) unreadable(RUN_KEY);
      return plan;
    },

    async loadRows() {
      const state = await load();
      return [...state.rows.values()];
    },

    async loadReports(domains) {
      if (domains.length === 0) return [];
      const keys = domains.map(reportKey);
      const got = await local.get(keys);
      return keys.flatMap((k) => {
        if (got[k] === undefined) return [];
        if (isReport(got[k])) return [got[k]];
        unreadable(k);
        return [];
      });
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
        await local.set({ [ROWS_KEY]: { v: AUDIT_SCHEMA, rows: [] } });
      });
    },

    async clear() {
      await enqueue(async () => {
        const state = await load();
        // Every audit key, indexed or not: a lost index update must not leave reports behind.
        const all = await local.get(null);
        const keys = Object.keys(all).filter((k) => k.startsWith(AUDIT_PREFIX));
        await local.remove([
          ...new Set([ROWS_KEY, INDEX_KEY, RUN_KEY, ...keys, ...state.index.map(reportKey)]),
        ]);
        state.rows = new Map();
        state.index = [];
        state.sizes = new Map();
        state.previous = new Map();
      });
    },
  };
}
