import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createHistory } from '../../lib/history/history';
import type { Snapshot } from '../../lib/report/types';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import { createStorageHistoryStore } from '../../utils/history-store';
import { saveSettings } from '../../utils/settings';
import { successReport } from '../support/report-fixtures';

const snap = (at: string): Snapshot => ({
  at,
  status: 'SUCCESS',
  recordId: 'id1',
  policyHash: null,
  mode: 'enforce',
  mx: ['mx1.example.com'],
  maxAge: 86400,
  mxHosts: ['mx1.example.com'],
});
const A1 = snap('2026-11-20T08:00:00.000Z');
const A2 = snap('2026-11-21T08:00:00.000Z');
const B1 = snap('2026-11-22T08:00:00.000Z');

beforeEach(() => {
  fakeBrowser.reset();
});

const rawKeys = async () => Object.keys(await fakeBrowser.storage.local.get(null)).sort();

describe('createStorageHistoryStore', () => {
  it('returns no snapshots for a domain it has never seen', async () => {
    expect(await createStorageHistoryStore().getSnapshots('example.com')).toEqual([]);
  });

  it('stores each domain under its own key, plus an index with the time of the last snapshot', async () => {
    const store = createStorageHistoryStore();
    await store.setSnapshots('a.example', [A1, A2]);
    await store.setSnapshots('b.example', [B1]);
    expect(await rawKeys()).toEqual(['history-index', 'history:a.example', 'history:b.example']);
    expect(await store.getSnapshots('a.example')).toEqual([A1, A2]);
    expect(await store.listDomains()).toEqual([
      { domain: 'a.example', lastAt: A2.at, bytes: expect.any(Number) },
      { domain: 'b.example', lastAt: B1.at, bytes: expect.any(Number) },
    ]);
  });

  it('is shared by every store instance, as between the background and the audit page', async () => {
    await createStorageHistoryStore().setSnapshots('a.example', [A1]);
    expect(await createStorageHistoryStore().getSnapshots('a.example')).toEqual([A1]);
  });

  it('forgets a domain set to an empty list', async () => {
    const store = createStorageHistoryStore();
    await store.setSnapshots('a.example', [A1]);
    await store.setSnapshots('a.example', []);
    expect(await rawKeys()).toEqual(['history-index']);
    expect(await store.listDomains()).toEqual([]);
  });

  it('removes the given domains and only those', async () => {
    const store = createStorageHistoryStore();
    await store.setSnapshots('a.example', [A1]);
    await store.setSnapshots('b.example', [B1]);
    await store.setSnapshots('c.example', [B1]);
    await store.removeDomains(['a.example', 'c.example']);
    expect(await rawKeys()).toEqual(['history-index', 'history:b.example']);
    expect((await store.listDomains()).map((d) => d.domain)).toEqual(['b.example']);
  });

  it('keeps every domain in the index when writes overlap', async () => {
    const store = createStorageHistoryStore();
    const domains = Array.from({ length: 10 }, (_, i) => `d${i}.example`);
    await Promise.all(domains.map((d) => store.setSnapshots(d, [A1])));
    expect((await store.listDomains()).map((d) => d.domain).sort()).toEqual(domains.sort());
  });

  it('clears all history, even keys the index lost, and nothing else', async () => {
    await saveSettings(DEFAULT_SETTINGS);
    const store = createStorageHistoryStore();
    await store.setSnapshots('a.example', [A1]);
    await fakeBrowser.storage.local.set({ 'history:orphan.example': [B1] });
    await store.clear();
    expect(await rawKeys()).toEqual(['settings']);
    expect(await store.listDomains()).toEqual([]);
  });

  it('backs createHistory: a second check is compared with the first', async () => {
    const history = createHistory(createStorageHistoryStore());
    await history.record(successReport);
    const second = await history.record({
      ...successReport,
      checkedAt: '2026-03-15T09:30:05.000Z',
      evidence: { ...successReport.evidence, stsRecord: { version: 'STSv1', id: 'new1', extensions: {} } },
    });
    expect(second.previous?.at).toBe(successReport.checkedAt);
    expect(second.findings.map((f) => f.code)).toEqual(['history.id-changed']);
    expect(await history.usage()).toMatchObject({ domains: 1, snapshots: 2 });
  });
});

describe('createStorageHistoryStore with batched writes (the background)', () => {
  const historySets = (spy: { mock: { calls: unknown[][] } }) =>
    spy.mock.calls.filter(([items]) => Object.keys(items as object).includes('history-index'));

  it('writes the changes of a batch, values and index, in one call, and reads them back before that', async () => {
    const store = createStorageHistoryStore({ batchMs: 50 });
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    const domains = Array.from({ length: 20 }, (_, i) => `d${i}.example`);
    for (const d of domains) await store.setSnapshots(d, [A1]);
    // Answered before the write: this store already sees every change, storage none yet.
    expect(await rawKeys()).toEqual([]);
    expect(await store.getSnapshots('d3.example')).toEqual([A1]);
    expect((await store.listDomains()).map((d) => d.domain).sort()).toEqual([...domains].sort());
    await store.settled();
    expect(historySets(set)).toHaveLength(1);
    expect(Object.keys(historySets(set)[0]?.[0] as object).sort()).toEqual(
      ['history-index', ...domains.map((d) => `history:${d}`)].sort(),
    );
    // Another page reads what this one wrote.
    expect(await createStorageHistoryStore().getSnapshots('d3.example')).toEqual([A1]);
    expect(await createStorageHistoryStore().listDomains()).toHaveLength(20);
  });

  it('removes and replaces within a batch: the last change of a domain wins', async () => {
    const store = createStorageHistoryStore({ batchMs: 50 });
    await createStorageHistoryStore().setSnapshots('gone.example', [A1]);
    await store.setSnapshots('a.example', [A1]);
    await store.setSnapshots('a.example', [A1, A2]);
    await store.removeDomains(['gone.example']);
    expect(await store.getSnapshots('gone.example')).toEqual([]);
    await store.settled();
    expect(await rawKeys()).toEqual(['history-index', 'history:a.example']);
    expect(await createStorageHistoryStore().getSnapshots('a.example')).toEqual([A1, A2]);
    expect((await createStorageHistoryStore().listDomains()).map((d) => d.domain)).toEqual(['a.example']);
  });

  it("reads the index again after another page changed it (the options page's Clear), keeping its own changes", async () => {
    const background = createStorageHistoryStore({ batchMs: 20 });
    await background.setSnapshots('old.example', [A1]);
    await background.settled();
    await createStorageHistoryStore().clear();
    await vi.waitFor(async () => expect(await background.listDomains()).toEqual([]));
    await background.setSnapshots('new.example', [B1]);
    await background.settled();
    // The cleared domain is not written back by the background's kept copy of the index.
    expect((await createStorageHistoryStore().listDomains()).map((d) => d.domain)).toEqual(['new.example']);
    expect(await rawKeys()).toEqual(['history-index', 'history:new.example']);
  });

  it('writes a waiting batch at once when stopped', async () => {
    const store = createStorageHistoryStore({ batchMs: 60_000 });
    await store.setSnapshots('a.example', [A1]);
    store.stop();
    await store.settled();
    expect(await createStorageHistoryStore().getSnapshots('a.example')).toEqual([A1]);
  });

  it('lets createHistory.settled wait for the batch', async () => {
    const history = createHistory(createStorageHistoryStore({ batchMs: 50 }));
    await history.record(successReport);
    await history.settled();
    expect(await createStorageHistoryStore().listDomains()).toEqual([
      { domain: successReport.domain, lastAt: successReport.checkedAt, bytes: expect.any(Number) },
    ]);
  });
});
