// Stored data in another shape never breaks anything: every reader is fed old-format, null, truncated and
// foreign values; unreadable entries are skipped (and reported once), drift detection keeps working, a
// report orphaned by a reload is swept, caps count bytes, and "Clear" removes everything.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createAuditRow } from '../../lib/audit/audit-row';
import { createHistory } from '../../lib/history/history';
import type { Snapshot } from '../../lib/report/types';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import {
  createStorageAuditStore,
  INDEX_KEY,
  ORPHAN_GRACE_MS,
  REPORT_KEY_PREFIX,
  ROWS_KEY,
  reportKey,
} from '../../utils/audit-store';
import { createStorageHistoryStore } from '../../utils/history-store';
import { loadSettings } from '../../utils/settings';
import { createAuditReport } from '../component/audit/audit-fixtures';
import { successReport } from '../support/report-fixtures';

beforeEach(() => {
  vi.restoreAllMocks();
  fakeBrowser.reset();
});

const local = () => fakeBrowser.storage.local;
const D = successReport.domain;
const goodSnapshot: Snapshot = {
  at: '2026-03-01T00:00:00.000Z',
  status: 'SUCCESS',
  recordId: 'old',
  policyHash: null,
  mode: 'enforce',
  mx: ['mx1.example.com'],
  maxAge: 86400,
  mxHosts: ['mx1.example.com'],
};

// What a key may hold after an older version, a crash mid-write, or another extension's data.
const DAMAGED: ReadonlyArray<readonly [string, unknown]> = [
  ['null', null],
  ['a number', 42],
  ['a string', 'garbage'],
  ['a truncated JSON string', '{"v":2,"snapsh'],
  ['a list with null', [null]],
  ['an old-format snapshot (no status)', [{ at: '2026-01-01T00:00:00Z', recordId: 'x' }]],
  ['a snapshot with wrong field types', [{ ...goodSnapshot, mx: 'mx1', mxHosts: null, maxAge: 'x' }]],
  ['a foreign object', { hello: 'world' }],
  ['an envelope of garbage', { v: 2, snapshots: [1, 'x', null] }],
];

describe('history storage', () => {
  it.each(DAMAGED)(
    'keeps recording and comparing a domain whose stored snapshots are %s',
    async (_name, value) => {
      await local().set({ [`history:${D}`]: value });
      const onUnreadable = vi.fn();
      const history = createHistory(createStorageHistoryStore({ onUnreadable }));
      const first = await history.record(successReport);
      expect(first.current).not.toBeNull();
      // Drift detection still works for the next check.
      const second = await history.record({ ...successReport, checkedAt: '2026-03-15T09:30:05.000Z' });
      expect(second.previous?.at).toBe(successReport.checkedAt);
      expect((await history.get(D)).length).toBeGreaterThanOrEqual(2);
    },
  );

  it('reads an old-format snapshot tolerantly, unknown fields as unknown', async () => {
    await local().set({ [`history:${D}`]: [{ ...goodSnapshot, mx: undefined, policyHash: 7 }] });
    expect(await createStorageHistoryStore().getSnapshots(D)).toEqual([
      { ...goodSnapshot, mx: [], policyHash: null },
    ]);
  });

  it('migrates a version 1 bare list and a version 1 index as they are read', async () => {
    await local().set({ [`history:${D}`]: [goodSnapshot], 'history-index': { [D]: goodSnapshot.at } });
    const store = createStorageHistoryStore();
    expect(await store.getSnapshots(D)).toEqual([goodSnapshot]);
    expect(await store.listDomains()).toEqual([{ domain: D, lastAt: goodSnapshot.at, bytes: 0 }]);
  });

  it.each(DAMAGED)('lists domains from an index that is %s without throwing', async (_name, value) => {
    await local().set({ 'history-index': value });
    await expect(createStorageHistoryStore().listDomains()).resolves.toEqual(expect.any(Array));
  });

  it('reports an unreadable value once, not on every read', async () => {
    await local().set({ [`history:${D}`]: 'garbage' });
    const onUnreadable = vi.fn();
    const store = createStorageHistoryStore({ onUnreadable });
    await store.getSnapshots(D);
    await store.getSnapshots(D);
    expect(onUnreadable).toHaveBeenCalledTimes(1);
  });

  it('writes every value with a schema version', async () => {
    const history = createHistory(createStorageHistoryStore());
    await history.record(successReport);
    await history.settled();
    const all = await local().get(null);
    expect(all[`history:${D}`]).toMatchObject({ v: 2 });
    expect(all['history-index']).toMatchObject({ v: 2 });
  });

  it('evicts the domains checked longest ago when the stored bytes exceed the cap', async () => {
    const history = createHistory(createStorageHistoryStore(), { maxBytes: 1500 });
    for (let i = 0; i < 6; i++) {
      await history.record({
        ...successReport,
        domain: `d${i}.example`,
        checkedAt: `2026-03-1${i}T00:00:00.000Z`,
      });
    }
    await history.settled();
    const left = (await createStorageHistoryStore().listDomains()).map((d) => d.domain);
    expect(left.length).toBeLessThan(6);
    expect(left).toContain('d5.example');
    expect(left).not.toContain('d0.example');
  });
});

describe('audit storage', () => {
  const row = createAuditRow(createAuditReport('a.example'));
  const newStore = (options = {}) =>
    createStorageAuditStore({ flushDelayMs: 0, onUnreadable: () => {}, ...options });

  it.each<[string, unknown]>([
    ['a row without status', [{ ...row, status: undefined }]],
    ['a row with an unknown status', [{ ...row, status: 'MAYBE' }]],
    ['a row with null finding codes', [{ ...row, findingCodes: null }]],
    ['a truncated row', [{ domain: 'b.example' }]],
    ['null in the list', [null]],
    ['an envelope of garbage', { v: 2, rows: [1, 'x'] }],
  ])('shows only the readable rows when the stored rows hold %s', async (_name, bad) => {
    const rows = Array.isArray(bad) ? [row, ...bad] : bad;
    await local().set({ [ROWS_KEY]: rows });
    const loaded = await newStore().loadRows();
    expect(loaded.every((r) => typeof r.status === 'string')).toBe(true);
    expect(loaded.map((r) => r.domain)).toEqual(Array.isArray(bad) ? ['a.example'] : []);
  });

  it.each(DAMAGED)(
    'skips a stored report that is %s in the export and the previous row',
    async (_name, value) => {
      await local().set({ [reportKey('a.example')]: value, [INDEX_KEY]: ['a.example'] });
      const store = newStore();
      expect(await store.loadReports(['a.example'])).toEqual([]);
      expect(await store.previousRow('a.example')).toBeNull();
    },
  );

  it('migrates version 1 rows and index (bare lists) and writes version 2', async () => {
    const report = createAuditReport('a.example');
    await local().set({ [ROWS_KEY]: [row], [INDEX_KEY]: ['a.example'], [reportKey('a.example')]: report });
    const store = newStore();
    expect(await store.loadRows()).toEqual([row]);
    await store.saveResult(createAuditRow(createAuditReport('b.example')), createAuditReport('b.example'));
    const all = await local().get(null);
    expect(all[ROWS_KEY]).toMatchObject({ v: 2 });
    expect(all[INDEX_KEY]).toMatchObject({
      v: 2,
      entries: [
        ['a.example', 0],
        ['b.example', expect.any(Number)],
      ],
    });
    expect(await store.loadReports(['a.example'])).toEqual([report]);
  });

  it('sweeps a report orphaned by a reload between its write and the index write', async () => {
    await local().set({ [reportKey('orphan.example')]: createAuditReport('orphan.example') });
    const store = newStore();
    await store.loadRows();
    const keys = Object.keys(await local().get(null));
    expect(keys.filter((k) => k.startsWith(REPORT_KEY_PREFIX))).toEqual([]);
  });

  it("leaves a recent report without an index entry alone: another page's running audit has not written its index yet", async () => {
    const report = { ...createAuditReport('running.example'), checkedAt: '2026-11-30T12:00:00.000Z' };
    await local().set({ [reportKey('running.example')]: report });
    const at = Date.parse(report.checkedAt);
    await createStorageAuditStore({ now: () => at + 60_000 }).loadRows();
    expect(await local().get(reportKey('running.example'))).toEqual({
      [reportKey('running.example')]: report,
    });
    await createStorageAuditStore({ now: () => at + ORPHAN_GRACE_MS + 1 }).loadRows();
    expect(await local().get(null)).toEqual({});
  });

  it('clears every audit key, orphaned reports included', async () => {
    const store = newStore();
    await store.saveResult(row, createAuditReport('a.example'));
    await local().set({ [reportKey('late.example')]: createAuditReport('late.example') });
    await store.clear();
    expect(await local().get(null)).toEqual({});
  });

  it('evicts the oldest reports when their bytes exceed the cap', async () => {
    const size = new TextEncoder().encode(JSON.stringify(createAuditReport('d0.example'))).length;
    const store = newStore({ maxBytes: size * 3 + 10 });
    for (let i = 0; i < 5; i++) {
      const report = createAuditReport(`d${i}.example`);
      await store.saveResult(createAuditRow(report), report);
    }
    const kept = Object.keys(await local().get(null))
      .filter((k) => k.startsWith(REPORT_KEY_PREFIX))
      .sort();
    expect(kept).toEqual(['d2.example', 'd3.example', 'd4.example'].map(reportKey));
  });
});

describe('settings storage', () => {
  it.each(DAMAGED)('falls back to the defaults for settings that are %s', async (_name, value) => {
    await local().set({ settings: value });
    const settings = await loadSettings();
    expect(Object.keys(settings).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
  });
});
