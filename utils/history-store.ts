// The check history in browser.storage.local: one key per domain plus a small index of domains, the time of
// their last snapshot and their size. The background (after each check) and the audit page write
// concurrently; separate keys mean they only ever race on the index, and only for a moment.
//
// Every value carries a schema version ({ v: 2, … }). Readers are tolerant: a value from version 1 (a bare
// list / a domain → time map) is migrated as it is read; anything unreadable (null, truncated, another
// extension's shape) is skipped and reported once, so it can never crash a page or stop drift detection.
import { storage } from 'wxt/utils/storage';
import type { HistoryStore } from '../lib/history/history';
import { readSnapshot } from '../lib/history/snapshot';
import type { Snapshot } from '../lib/report/types';
import { storedBytes } from '../lib/stored-size';
import { createUnreadableReporter, readStoredList } from './unreadable';

const PREFIX = 'history:';
/** Not under PREFIX, so no domain name can collide with it. */
const INDEX_KEY = 'local:history-index';
export const HISTORY_SCHEMA = 2;

interface IndexEntry {
  lastAt: string;
  /** Bytes of the domain's stored value (JSON), for the byte cap. */
  bytes: number;
}
type Index = Record<string, IndexEntry>;
interface StoredIndex {
  v: typeof HISTORY_SCHEMA;
  domains: Index;
}
interface StoredSnapshots {
  v: typeof HISTORY_SCHEMA;
  snapshots: Snapshot[];
}

const domainKey = (domain: string) => `local:${PREFIX}${domain}` as const;

export interface StorageHistoryStoreOptions {
  /** Told once per key and context about a stored value that could not be read (default: console.warn). */
  onUnreadable?: (key: string) => void;
}

/** Snapshots from any stored shape: v2 envelope, v1 bare list, or garbage (none). */
export function readStoredSnapshots(value: unknown): { snapshots: Snapshot[]; damaged: boolean } {
  const { items, damaged } = readStoredList(value, 'snapshots', readSnapshot);
  return { snapshots: items, damaged };
}

/** The index from any stored shape: v2 envelope, v1 map of domain → time, or garbage (empty). */
export function readStoredHistoryIndex(value: unknown): { index: Index; damaged: boolean } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { index: {}, damaged: value !== null && value !== undefined };
  }
  const v2 = (value as Partial<StoredIndex>).v === HISTORY_SCHEMA;
  const raw = (v2 ? (value as StoredIndex).domains : value) as Record<string, unknown>;
  const index: Index = {};
  let damaged = v2 && (typeof raw !== 'object' || raw === null);
  for (const [domain, entry] of Object.entries(raw ?? {})) {
    if (typeof entry === 'string') index[domain] = { lastAt: entry, bytes: 0 };
    else if (
      typeof entry === 'object' &&
      entry !== null &&
      typeof (entry as IndexEntry).lastAt === 'string' &&
      typeof (entry as IndexEntry).bytes === 'number'
    )
      index[domain] = { lastAt: (entry as IndexEntry).lastAt, bytes: (entry as IndexEntry).bytes };
    else damaged = true;
  }
  return { index, damaged };
}

export function createStorageHistoryStore(options: StorageHistoryStoreOptions = {}): HistoryStore {
  const unreadable = createUnreadableReporter(options.onUnreadable);
  const readIndex = async (): Promise<Index> => {
    const { index, damaged } = readStoredHistoryIndex(
      await storage.getItem<unknown>(INDEX_KEY).catch(() => null),
    );
    if (damaged) unreadable(INDEX_KEY);
    return index;
  };

  // Index updates are read-modify-write: serialise them within this context so none is lost here.
  let queue: Promise<unknown> = Promise.resolve();
  const updateIndex = (change: (index: Index) => void): Promise<void> => {
    const run = queue.then(async () => {
      const index = await readIndex();
      change(index);
      await storage.setItem<StoredIndex>(INDEX_KEY, { v: HISTORY_SCHEMA, domains: index });
    });
    queue = run.catch(() => {});
    return run;
  };

  return {
    async getSnapshots(domain) {
      const key = domainKey(domain);
      const value = await storage.getItem<unknown>(key).catch(() => null);
      const { snapshots, damaged } = readStoredSnapshots(value);
      if (damaged) unreadable(key);
      return snapshots;
    },
    async setSnapshots(domain, snapshots) {
      const last = snapshots.at(-1);
      if (!last) {
        await storage.removeItem(domainKey(domain));
        await updateIndex((index) => {
          delete index[domain];
        });
        return;
      }
      const stored: StoredSnapshots = { v: HISTORY_SCHEMA, snapshots };
      await storage.setItem(domainKey(domain), stored);
      await updateIndex((index) => {
        index[domain] = { lastAt: last.at, bytes: storedBytes(stored) };
      });
    },
    async removeDomains(domains) {
      if (domains.length === 0) return;
      await storage.removeItems(domains.map(domainKey));
      await updateIndex((index) => {
        for (const d of domains) delete index[d];
      });
    },
    async listDomains() {
      const index = await readIndex();
      return Object.entries(index).map(([domain, e]) => ({ domain, lastAt: e.lastAt, bytes: e.bytes }));
    },
    async clear() {
      // Every history key, not only the indexed ones: a lost index update must not leave data behind.
      const all = await storage.snapshot('local');
      const keys = Object.keys(all)
        .filter((k) => k.startsWith(PREFIX))
        .map((k) => `local:${k}` as const);
      await storage.removeItems([...keys, INDEX_KEY]);
    },
  };
}
