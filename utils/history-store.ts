// The check history in browser.storage.local: one key per domain plus a small index of domains and the time
// of their last snapshot. The background (after each check) and the audit page write concurrently; separate
// keys mean they only ever race on the index, and only for a moment.
import { storage } from 'wxt/utils/storage';
import type { HistoryStore } from '../lib/history/history';
import type { Snapshot } from '../lib/report/types';

const PREFIX = 'history:';
/** Not under PREFIX, so no domain name can collide with it. */
const INDEX_KEY = 'local:history-index';

type Index = Record<string, string>;

const domainKey = (domain: string) => `local:${PREFIX}${domain}` as const;

export function createStorageHistoryStore(): HistoryStore {
  // Index updates are read-modify-write: serialise them within this context so none is lost here.
  let queue: Promise<unknown> = Promise.resolve();
  const updateIndex = (change: (index: Index) => void): Promise<void> => {
    const run = queue.then(async () => {
      const index = { ...((await storage.getItem<Index>(INDEX_KEY)) ?? {}) };
      change(index);
      await storage.setItem<Index>(INDEX_KEY, index);
    });
    queue = run.catch(() => {});
    return run;
  };

  return {
    async getSnapshots(domain) {
      const value = await storage.getItem<Snapshot[]>(domainKey(domain));
      return Array.isArray(value) ? value : [];
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
      await storage.setItem(domainKey(domain), snapshots);
      await updateIndex((index) => {
        index[domain] = last.at;
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
      const index = (await storage.getItem<Index>(INDEX_KEY)) ?? {};
      return Object.entries(index).map(([domain, lastAt]) => ({ domain, lastAt }));
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
