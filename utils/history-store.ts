// The check history in browser.storage.local: one key per domain plus an index of domains, the time of their
// last snapshot and their size. The background writes after each check, in batches; the options page writes
// when someone removes or clears history. Each store keeps the index in memory and reads it again when
// another page has written it, so neither writes back a stale copy.
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
  /** Which store wrote it (a random id per page): another page's write makes a kept index stale. */
  writer?: string;
}
interface StoredSnapshots {
  v: typeof HISTORY_SCHEMA;
  snapshots: Snapshot[];
}

const domainKey = (domain: string) => `local:${PREFIX}${domain}` as const;

export interface StorageHistoryStoreOptions {
  /** Told once per key and context about a stored value that could not be read (default: console.warn). */
  onUnreadable?: (key: string) => void;
  /**
   * Milliseconds to gather changes into one write (the background, where a bulk audit records a domain every
   * few milliseconds: writing the index, which names every domain, for each of them cost more than the checks).
   * A batched change is answered at once and is in storage within this time; `settled` waits for it. A
   * worker stopped meanwhile loses the batch, values and index alike. 0 (the default): each change is written
   * before it is answered.
   */
  batchMs?: number;
}

export interface StorageHistoryStore extends HistoryStore {
  /** Resolves once every change made so far is in storage. */
  settled(): Promise<void>;
  /** Stops the pending write and the watch on the index. */
  stop(): void;
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

/** A domain's change not yet in storage: its new value and index entry, or null to remove it. */
type Change = { stored: StoredSnapshots; entry: IndexEntry } | null;

function applyChange(index: Index, domain: string, change: Change): void {
  if (change) index[domain] = change.entry;
  else delete index[domain];
}

export function createStorageHistoryStore(options: StorageHistoryStoreOptions = {}): StorageHistoryStore {
  const unreadable = createUnreadableReporter(options.onUnreadable);
  const batchMs = options.batchMs ?? 0;
  /** Tells this store's index writes from another page's (which make the kept index stale). */
  const writer = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  /** The index as this store knows it, its own changes included; null until read, or once another page wrote it. */
  let index: Index | null = null;
  /** Changes not yet in storage, by domain (null: remove it), with the index entry each gives. */
  const pending = new Map<string, Change>();

  const readIndex = async (): Promise<Index> => {
    if (index !== null) return index;
    const { index: stored, damaged } = readStoredHistoryIndex(
      await storage.getItem<unknown>(INDEX_KEY).catch(() => null),
    );
    if (damaged) unreadable(INDEX_KEY);
    // Read afresh (first use, or another page changed it): this store's own changes still count.
    for (const [domain, change] of pending) applyChange(stored, domain, change);
    index ??= stored;
    return index;
  };
  // Another page's write of the index (the options page's Clear, say): read it again before the next use.
  const unwatch = storage.watch<StoredIndex>(INDEX_KEY, (value) => {
    if ((value as Partial<StoredIndex> | null)?.writer !== writer) index = null;
  });

  // Writes run one at a time: a flush never overtakes another, nor Clear.
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => {});
    return run;
  };
  let flushed: Promise<void> | null = null;
  /** Ends the wait of a batch at once. */
  let wake: (() => void) | null = null;
  /** Writes every pending change and the index: removals first, then values and index in one call. */
  const flush = (): Promise<void> =>
    enqueue(async () => {
      wake = null;
      flushed = null;
      if (pending.size === 0) return;
      // The index first: read afresh, it takes in the pending changes, which must still be there.
      const current = await readIndex();
      const changes = [...pending];
      pending.clear();
      const removed = changes.filter(([, change]) => change === null).map(([domain]) => domainKey(domain));
      // Interrupted between the two, the index still names the removed domains (read as empty), and no value is
      // left that the index does not name.
      if (removed.length > 0) await storage.removeItems(removed);
      await storage.setItems([
        ...changes.flatMap(([domain, change]) =>
          change ? [{ key: domainKey(domain), value: change.stored }] : [],
        ),
        { key: INDEX_KEY, value: { v: HISTORY_SCHEMA, domains: current, writer } satisfies StoredIndex },
      ]);
    });
  /** Resolves once the change just made is in storage; with `batchMs`, changes made meanwhile share one write. */
  const schedule = (): Promise<void> => {
    if (batchMs <= 0) return flush();
    flushed ??= new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, batchMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).then(flush);
    return flushed;
  };
  /** Takes changes into the index and the pending batch; answered as `batchMs` says. */
  const stage = async (changes: Array<[string, Change]>) => {
    if (changes.length === 0) return;
    const current = await readIndex();
    for (const [domain, change] of changes) {
      pending.set(domain, change);
      applyChange(current, domain, change);
    }
    const written = schedule();
    // Batched: the caller goes on at once (settled() waits for the write); unbatched, it waits for it.
    if (batchMs <= 0) await written;
    else written.catch(() => {});
  };

  return {
    async getSnapshots(domain) {
      const waiting = pending.get(domain);
      if (waiting !== undefined) return waiting ? [...waiting.stored.snapshots] : [];
      const key = domainKey(domain);
      const value = await storage.getItem<unknown>(key).catch(() => null);
      const { snapshots, damaged } = readStoredSnapshots(value);
      if (damaged) unreadable(key);
      return snapshots;
    },
    async setSnapshots(domain, snapshots) {
      const last = snapshots.at(-1);
      if (!last) return stage([[domain, null]]);
      const stored: StoredSnapshots = { v: HISTORY_SCHEMA, snapshots };
      return stage([[domain, { stored, entry: { lastAt: last.at, bytes: storedBytes(stored) } }]]);
    },
    async removeDomains(domains) {
      return stage(domains.map((domain) => [domain, null]));
    },
    async listDomains() {
      const current = await readIndex();
      return Object.entries(current).map(([domain, e]) => ({ domain, lastAt: e.lastAt, bytes: e.bytes }));
    },
    clear: () =>
      enqueue(async () => {
        // A batch still waiting finds nothing to write.
        pending.clear();
        index = {};
        // Every history key, not only the indexed ones: a lost index update must not leave data behind.
        const all = await storage.snapshot('local');
        const keys = Object.keys(all)
          .filter((k) => k.startsWith(PREFIX))
          .map((k) => `local:${k}` as const);
        await storage.removeItems([...keys, INDEX_KEY]);
      }),
    settled: async () => {
      await (flushed ?? Promise.resolve());
      await enqueue(async () => {});
    },
    stop() {
      // A batch still waiting is written now.
      wake?.();
      unwatch();
    },
  };
}
