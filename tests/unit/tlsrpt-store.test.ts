import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readTlsReport } from '../../lib/tls-rpt/reports/parse';
import type { ImportedReport } from '../../lib/tls-rpt/reports/summary';
import { boundReports, createTlsRptStore, MAX_STORED_REPORTS, TLSRPT_SCHEMA } from '../../utils/tlsrpt-store';
import { createReportJson } from '../support/tlsrpt-fixtures';

const RAW_KEY = 'tlsrpt:reports';

function imported(id: string): ImportedReport {
  const r = readTlsReport(createReportJson({ id }));
  if (!r.ok) throw new Error(r.error);
  return { fileName: `${id}.json`, report: r.report, warnings: [] };
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('createTlsRptStore', () => {
  it('keeps imported reports for the next visit, with a schema version, and clears them', async () => {
    const store = createTlsRptStore();
    expect(await store.load()).toEqual([]);
    await store.save([imported('a'), imported('b')]);
    expect((await store.load()).map((r) => r.report.reportId)).toEqual(['a', 'b']);
    const raw = (await fakeBrowser.storage.local.get(RAW_KEY))[RAW_KEY] as { schema: number };
    expect(raw.schema).toBe(TLSRPT_SCHEMA);
    await store.clear();
    expect(await store.load()).toEqual([]);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it.each([
    ['a newer schema', { schema: TLSRPT_SCHEMA + 1, reports: [imported('a')] }, []],
    ['no report list', { schema: TLSRPT_SCHEMA, reports: 'oops' }, []],
    ['a plain string', 'garbage', []],
    [
      'a mix of good and broken entries',
      {
        schema: TLSRPT_SCHEMA,
        reports: [imported('a'), { fileName: 1 }, null, { fileName: 'x', report: {} }],
      },
      ['a'],
    ],
  ])('reads %s without failing, keeping only what it recognises', async (_name, value, ids) => {
    await fakeBrowser.storage.local.set({ [RAW_KEY]: value });
    expect((await createTlsRptStore().load()).map((r) => r.report.reportId)).toEqual(ids);
  });

  it('keeps at most the newest imports', () => {
    const many = Array.from({ length: MAX_STORED_REPORTS + 3 }, (_, i) => imported(String(i)));
    const kept = boundReports(many);
    expect(kept).toHaveLength(MAX_STORED_REPORTS);
    expect(kept[0]?.report.reportId).toBe('3');
    expect(kept.at(-1)?.report.reportId).toBe(String(MAX_STORED_REPORTS + 2));
  });
});
