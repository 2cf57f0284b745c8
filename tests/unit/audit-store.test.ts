import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { type AuditRow, createAuditRow } from '../../lib/audit/audit-row';
import { getErrorDomains, isRowChanged, mergeRows } from '../../lib/audit/results';
import {
  createStorageAuditStore,
  INDEX_KEY,
  REPORT_KEY_PREFIX,
  ROWS_KEY,
  RUN_KEY,
  readRunPlan,
  reportKey,
} from '../../utils/audit-store';
import { type AuditReportOptions, createAuditReport, createRow } from '../component/audit/audit-fixtures';

beforeEach(() => {
  vi.restoreAllMocks();
  fakeBrowser.reset();
});

const newStore = (maxReports?: number) => createStorageAuditStore({ maxReports, flushDelayMs: 0 });

async function save(store: ReturnType<typeof newStore>, domain: string, options: AuditReportOptions = {}) {
  const report = createAuditReport(domain, options);
  await store.saveResult(createAuditRow(report), report);
  return report;
}

async function storedReportDomains(): Promise<string[]> {
  const all = await fakeBrowser.storage.local.get(null);
  return Object.keys(all)
    .filter((k) => k.startsWith(REPORT_KEY_PREFIX))
    .map((k) => k.slice(REPORT_KEY_PREFIX.length))
    .sort();
}

describe('isRowChanged', () => {
  const base = createRow('a.example', { status: 'SUCCESS', id: 'one', mode: 'enforce', mx: [true, true] });
  it.each<[string, Partial<AuditRow>, boolean]>([
    ['the status', { status: 'WARNING' }, true],
    ['the policy id', { policyId: 'two' }, true],
    ['the mode', { mode: 'testing' }, true],
    ['the number of covered MX hosts', { mxCovered: 1 }, true],
    ['the number of MX hosts', { mxTotal: 3 }, true],
    ['only the check time', { checkedAt: '2030-01-01T00:00:00.000Z' }, false],
    ['only the attempts', { attempts: 2 }, false],
    ['only TLS-RPT', { tlsRpt: false }, false],
  ])('flags a change of %s: %s', (_what, change, expected) => {
    expect(isRowChanged(base, { ...base, ...change })).toBe(expected);
  });

  it('does not flag a domain that was never checked before', () => {
    expect(isRowChanged(null, base)).toBe(false);
  });
});

describe('createStorageAuditStore', () => {
  it('keeps the latest run rows so a new page (a new store) shows them', async () => {
    const store = newStore();
    await store.startRun(['a.example', 'b.example']);
    await save(store, 'a.example');
    await save(store, 'b.example', { status: 'WARNING' });
    const reopened = newStore();
    expect((await reopened.loadRows()).map((r) => [r.domain, r.status])).toEqual([
      ['a.example', 'SUCCESS'],
      ['b.example', 'WARNING'],
    ]);
  });

  it('stores each full report under its own key and returns them in the order asked, skipping unknown ones', async () => {
    const store = newStore();
    const a = await save(store, 'a.example');
    const b = await save(store, 'b.example');
    expect(await fakeBrowser.storage.local.get(reportKey('a.example'))).toEqual({
      'audit:report:a.example': a,
    });
    expect(await store.loadReports(['b.example', 'missing.example', 'a.example'])).toEqual([b, a]);
    expect(await store.loadReports([])).toEqual([]);
  });

  it('starts a run with no rows', async () => {
    const store = newStore();
    await save(store, 'a.example');
    await store.startRun(['b.example']);
    expect(await store.loadRows()).toEqual([]);
    expect(await newStore().loadRows()).toEqual([]);
  });

  it("gives the previous run's row for a domain, even after this run saved a new one", async () => {
    const first = newStore();
    await first.startRun(['a.example']);
    await save(first, 'a.example', { status: 'SUCCESS', id: 'old' });

    const second = newStore();
    await second.startRun(['a.example']);
    await save(second, 'a.example', { status: 'WARNING', id: 'new' });
    expect(await second.previousRow('a.example')).toMatchObject({ status: 'SUCCESS', policyId: 'old' });
  });

  it('falls back to the stored report for a domain checked before the last run', async () => {
    const store = newStore();
    await store.startRun(['a.example']);
    await save(store, 'a.example', { id: 'older', mode: 'testing' });
    await store.startRun(['b.example']);
    await save(store, 'b.example');
    await store.startRun(['a.example', 'b.example']);
    expect(await store.previousRow('a.example')).toMatchObject({ policyId: 'older', mode: 'testing' });
    // Saving in this run keeps the earlier result as "previous".
    await save(store, 'a.example', { id: 'newer' });
    expect(await store.previousRow('a.example')).toMatchObject({ policyId: 'older' });
  });

  it('answers null for a domain never checked', async () => {
    const store = newStore();
    await store.startRun(['new.example']);
    expect(await store.previousRow('new.example')).toBeNull();
    await save(store, 'new.example');
    expect(await store.previousRow('new.example')).toBeNull();
  });

  it('evicts the oldest reports beyond the cap', async () => {
    const store = newStore(3);
    for (const d of ['a.example', 'b.example', 'c.example', 'd.example', 'e.example']) await save(store, d);
    expect(await storedReportDomains()).toEqual(['c.example', 'd.example', 'e.example']);
    expect((await store.loadReports(['a.example', 'e.example'])).map((r) => r.domain)).toEqual(['e.example']);
  });

  it('counts a report saved again as new, so it is not the next one evicted', async () => {
    const store = newStore(3);
    for (const d of ['a.example', 'b.example', 'c.example', 'a.example', 'd.example']) await save(store, d);
    expect(await storedReportDomains()).toEqual(['a.example', 'c.example', 'd.example']);
  });

  it('makes room and retries when the storage is full', async () => {
    const store = newStore();
    for (const d of ['a.example', 'b.example', 'c.example']) await save(store, d);
    const set = fakeBrowser.storage.local.set.bind(fakeBrowser.storage.local);
    let failures = 1;
    vi.spyOn(fakeBrowser.storage.local, 'set').mockImplementation(async (items) => {
      if (reportKey('d.example') in items && failures-- > 0) throw new Error('QUOTA_BYTES quota exceeded');
      return set(items);
    });
    await save(store, 'd.example');
    // The oldest report went to make room; the new one is stored.
    expect(await storedReportDomains()).toEqual(['b.example', 'c.example', 'd.example']);
  });

  it('keeps the row but drops a stale report when the storage stays full', async () => {
    const store = newStore();
    await save(store, 'a.example', { id: 'stale' });
    await store.startRun(['a.example']);
    const set = fakeBrowser.storage.local.set.bind(fakeBrowser.storage.local);
    vi.spyOn(fakeBrowser.storage.local, 'set').mockImplementation(async (items) => {
      if (reportKey('a.example') in items) throw new Error('QUOTA_BYTES quota exceeded');
      return set(items);
    });
    await save(store, 'a.example', { id: 'fresh' });
    expect((await newStore().loadRows()).map((r) => r.policyId)).toEqual(['fresh']);
    expect(await store.loadReports(['a.example'])).toEqual([]);
  });

  it('writes the row list once for results saved together, not once per result', async () => {
    const store = newStore();
    await store.startRun([]);
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    const domains = Array.from({ length: 20 }, (_, i) => `d${i}.example`);
    await Promise.all(
      domains.map((d) => {
        const report = createAuditReport(d);
        return store.saveResult(createAuditRow(report), report);
      }),
    );
    const rowWrites = set.mock.calls.filter(([items]) => ROWS_KEY in items);
    expect(rowWrites).toHaveLength(1);
    expect((await newStore().loadRows()).map((r) => r.domain)).toEqual(domains);
  });

  it('forgets every row and report on clear', async () => {
    const store = newStore();
    await save(store, 'a.example');
    await save(store, 'b.example');
    await store.clear();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await store.loadRows()).toEqual([]);
    expect(await store.previousRow('a.example')).toBeNull();
  });

  it.each([
    ['not a list', { [ROWS_KEY]: 'garbage', [INDEX_KEY]: 42 }],
    ['a list of non-rows', { [ROWS_KEY]: [1, null, 'x'], [INDEX_KEY]: [1, 2] }],
  ])('ignores stored rows that are %s', async (_what, stored) => {
    await fakeBrowser.storage.local.set(stored);
    expect(await newStore().loadRows()).toEqual([]);
  });

  it('skips a stored report that is not a report', async () => {
    await fakeBrowser.storage.local.set({ [reportKey('a.example')]: { hello: 'world' } });
    const store = newStore();
    expect(await store.loadReports(['a.example'])).toEqual([]);
    expect(await store.previousRow('a.example')).toBeNull();
  });
});

describe('mergeRows', () => {
  const r = (domain: string, status: AuditRow['status']) => createRow(domain, { status });
  it.each<[string, AuditRow[], AuditRow[], Array<[string, string]>]>([
    [
      'replaces a re-checked row in place',
      [r('a.x', 'SUCCESS'), r('b.x', 'ERROR')],
      [r('b.x', 'WARNING')],
      [
        ['a.x', 'SUCCESS'],
        ['b.x', 'WARNING'],
      ],
    ],
    [
      'appends a new domain',
      [r('a.x', 'SUCCESS')],
      [r('c.x', 'ERROR')],
      [
        ['a.x', 'SUCCESS'],
        ['c.x', 'ERROR'],
      ],
    ],
    ['starts from nothing', [], [r('a.x', 'SUCCESS')], [['a.x', 'SUCCESS']]],
  ])('%s', (_what, rows, updates, expected) => {
    expect(mergeRows(rows, updates).map((x) => [x.domain, x.status])).toEqual(expected);
  });

  it('lists the ERROR rows for a re-check', () => {
    expect(getErrorDomains([r('a.x', 'ERROR'), r('b.x', 'SUCCESS'), r('c.x', 'ERROR')])).toEqual([
      'a.x',
      'c.x',
    ]);
  });
});

describe('a merging run (re-check errors)', () => {
  it('keeps every row that is not re-checked, and compares the re-checked ones with their last result', async () => {
    const store = newStore();
    await store.startRun(['a.example', 'b.example']);
    await save(store, 'a.example');
    await save(store, 'b.example', { status: 'ERROR', id: null, mode: null });
    await store.startRun(['b.example'], { merge: true });
    expect((await store.loadRows()).map((x) => x.domain)).toEqual(['a.example', 'b.example']);
    expect(await store.previousRow('b.example')).toMatchObject({ status: 'ERROR' });
    await save(store, 'b.example', { status: 'SUCCESS' });
    const rows = await store.loadRows();
    expect(rows.map((x) => [x.domain, x.status])).toEqual([
      ['a.example', 'SUCCESS'],
      ['b.example', 'SUCCESS'],
    ]);
  });
});

describe('the plan of the run under way (resume after a reload)', () => {
  it('keeps the plan across store instances, forgets it on null and on Clear', async () => {
    const plan = { domains: ['a.example', 'b.example'], concurrency: 4 };
    await newStore().saveRunPlan?.(plan);
    expect(await newStore().loadRunPlan?.()).toEqual(plan);
    await newStore().saveRunPlan?.(null);
    expect(await newStore().loadRunPlan?.()).toBeNull();
    await newStore().saveRunPlan?.(plan);
    await newStore().clear();
    expect(await newStore().loadRunPlan?.()).toBeNull();
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['a bare list (another shape)', ['a.example']],
    ['an unknown schema', { v: 99, domains: ['a.example'], concurrency: 2 }],
    ['no domains', { v: 2, domains: [], concurrency: 2 }],
    ['domains of the wrong type', { v: 2, domains: [1, null], concurrency: 2 }],
  ])('reads %s as no plan', async (_, stored) => {
    expect(readRunPlan(stored)).toBeNull();
    if (stored !== undefined) await fakeBrowser.storage.local.set({ [RUN_KEY]: stored });
    expect(await createStorageAuditStore({ onUnreadable: () => {} }).loadRunPlan?.()).toBeNull();
  });

  it('falls back to the default concurrency when the stored one is unusable', () => {
    expect(readRunPlan({ v: 2, domains: ['a.example'], concurrency: 'fast' })).toEqual({
      domains: ['a.example'],
      concurrency: 8,
    });
  });
});

describe('rows with unknown facts', () => {
  it('keeps a row whose MX and TLS-RPT lookups failed across a reload (unknown is null, not unreadable)', async () => {
    const unreadable: string[] = [];
    const report = createAuditReport('failed.example');
    const row = {
      ...createAuditRow(report),
      mxTotal: null,
      mxCovered: null,
      tlsRpt: null,
      dnssec: null,
      unknown: ['mx' as const, 'tlsRpt' as const],
    };
    await newStore().startRun(['failed.example']);
    await newStore().saveResult(row, report);
    const rows = await createStorageAuditStore({ onUnreadable: (k) => unreadable.push(k) }).loadRows();
    expect(rows.map((r) => [r.domain, r.mxTotal, r.tlsRpt])).toEqual([['failed.example', null, null]]);
    expect(unreadable).toEqual([]);
  });
});
