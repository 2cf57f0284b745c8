import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditPage } from '../../../components/audit/AuditPage';
import { type AuditRow, createAuditRow } from '../../../lib/audit/audit-row';
import type { AuditStore, RunPlan } from '../../../lib/audit/results';
import type { Report } from '../../../lib/report/types';
import { createDnsEvidence, HOSTILE_IMG, HOSTILE_SCRIPT } from '../../support/report-fixtures';
import { createAuditReport, createRow, errorFinding, warningFinding } from './audit-fixtures';

afterEach(() => {
  cleanup();
  delete (window as { __pwned?: boolean }).__pwned;
});

/** 2026-03-14 12:00 UTC: the same calendar day in every time zone from UTC−11 to UTC+11. */
const NOW = Date.UTC(2026, 2, 14, 12, 0, 0);

interface Call {
  domain: string;
  signal: AbortSignal;
  resolve(report: Report): void;
}

/** A runCheck whose calls the test answers by hand. */
function createFakeRunCheck() {
  const calls: Call[] = [];
  const runCheck = vi.fn(
    (domain: string, signal: AbortSignal) =>
      new Promise<Report>((resolve) => {
        calls.push({ domain, signal, resolve });
      }),
  );
  return { runCheck, calls };
}

/** An AuditStore in memory; `previous` is what previousRow answers. */
function createMemoryStore(
  init: {
    rows?: AuditRow[];
    previous?: AuditRow[];
    failSaves?: boolean;
    dropReports?: boolean;
    plan?: RunPlan | null;
  } = {},
) {
  let rows = init.rows ?? [];
  let plan = init.plan ?? null;
  const reports = new Map<string, Report>();
  const previous = new Map((init.previous ?? []).map((r) => [r.domain, r]));
  return {
    saveResult: vi.fn(async (row: AuditRow, report: Report) => {
      if (init.failSaves) throw new Error('QUOTA_BYTES quota exceeded');
      rows = [...rows.filter((r) => r.domain !== row.domain), row];
      if (!init.dropReports) reports.set(row.domain, report);
    }),
    loadRows: vi.fn(async () => rows),
    loadReports: vi.fn(async (domains: string[]) => domains.flatMap((d) => reports.get(d) ?? [])),
    previousRow: vi.fn(async (domain: string) => previous.get(domain) ?? null),
    startRun: vi.fn(async (_domains: string[], options?: { merge?: boolean }) => {
      if (!options?.merge) rows = [];
    }),
    clear: vi.fn(async () => {
      rows = [];
      reports.clear();
      plan = null;
    }),
    saveRunPlan: vi.fn(async (next: RunPlan | null) => {
      plan = next;
    }),
    loadRunPlan: vi.fn(async () => plan),
  } satisfies AuditStore;
}

function setup(
  options: { store?: ReturnType<typeof createMemoryStore>; runCheck?: (d: string) => Promise<Report> } = {},
) {
  const fake = createFakeRunCheck();
  const store = options.store ?? createMemoryStore();
  const openReport = vi.fn();
  const download = vi.fn();
  let clock = NOW;
  const view = render(
    <AuditPage
      runCheck={options.runCheck ?? fake.runCheck}
      store={store}
      openReport={openReport}
      download={download}
      now={() => clock}
    />,
  );
  return {
    ...view,
    ...fake,
    store,
    openReport,
    download,
    setClock: (ms: number) => {
      clock = ms;
    },
  };
}

const textarea = () => screen.getByTestId('audit-input') as HTMLTextAreaElement;
const enterList = (text: string) => fireEvent.input(textarea(), { target: { value: text } });
const runButton = () => screen.getByTestId('audit-run') as HTMLButtonElement;
const shownDomains = () => screen.queryAllByTestId('audit-row').map((r) => r.dataset.domain);
const bar = () => screen.getByRole('progressbar');
const count = (status: string) => screen.getByTestId(`audit-count-${status}`).textContent;
const startAudit = async (text: string, concurrency?: string) => {
  enterList(text);
  if (concurrency)
    fireEvent.input(screen.getByTestId('audit-concurrency'), { target: { value: concurrency } });
  fireEvent.click(runButton());
};
/** Every check answers at once, from this table or as a SUCCESS. */
const answerWith =
  (reports: Record<string, Report> = {}) =>
  async (domain: string) =>
    reports[domain] ?? createAuditReport(domain);

function expectInert(container: Element) {
  expect(container.querySelector('script')).toBeNull();
  expect(container.querySelector('img')).toBeNull();
  expect(container.querySelector('[onerror]')).toBeNull();
  expect((window as { __pwned?: boolean }).__pwned).toBeUndefined();
}

/** The same report with its MX lookup answered SERVFAIL: what the domain publishes there is unknown. */
function withFailedMx(report: Report): Report {
  const mx = createDnsEvidence({ name: report.domain, type: 'MX', rcode: 'SERVFAIL' });
  return { ...report, evidence: { ...report.evidence, mx, mxHosts: [] } };
}

// Rows that differ in every column, so each sort has one right order.
const SORT_ROWS: AuditRow[] = [
  createRow('a.example', { status: 'SUCCESS', mode: 'enforce', maxAge: 604800, mx: [true, true], id: '3' }),
  createRow('b.example', {
    status: 'WARNING',
    mode: 'testing',
    maxAge: 86400,
    mx: [true, false],
    tlsRpt: false,
    id: '1',
    findings: [warningFinding()],
  }),
  createRow('c.example', {
    status: 'ERROR',
    mode: null,
    mx: [null],
    tlsRpt: false,
    dnssec: null,
    id: null,
    findings: [errorFinding()],
  }),
  createRow('d.example', {
    status: 'WARNING',
    mode: 'none',
    maxAge: 3600,
    mx: [false],
    dnssec: false,
    id: '2',
    findings: [{ code: 'mx.uncovered', severity: 'warning', message: 'mx0.d.example is not covered.' }],
  }),
].map((r, i) => (i === 0 ? { ...r, dnssec: true } : r));

describe('AuditPage: input', () => {
  it('starts empty: nothing to check, no progress, no results', async () => {
    const { store } = setup();
    await waitFor(() => expect(store.loadRows).toHaveBeenCalled());
    expect(runButton().disabled).toBe(true);
    expect(screen.queryByTestId('audit-parse-summary')).toBeNull();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.queryByTestId('audit-results')).toBeNull();
    expect(screen.queryByTestId('audit-done')).toBeNull();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('MTA-STS audit');
  });

  it('shows the domain count, duplicates removed and each rejected line with its reason before running', () => {
    setup();
    enterList('a.example\nb.example, a.example\nexa_mple!.com\nhttps://www.c.example/x\nlocalhost');
    expect(screen.getByTestId('audit-parse-counts').textContent).toBe(
      '3 domains to check, 1 duplicate removed, 2 entries not usable.',
    );
    const rejected = screen.getAllByTestId('audit-rejected').map((li) => li.textContent);
    expect(rejected).toHaveLength(2);
    expect(rejected[0]).toMatch(/^Line 3: exa_mple!\.com — .*“_”/);
    expect(rejected[1]).toMatch(/^Line 5: localhost — .*single name/);
    expect(runButton().textContent).toBe('Check 3 domains');
    expect(runButton().disabled).toBe(false);
  });

  it.each([
    [false, ['c.example', 'mail.d.example']],
    [true, ['www.c.example', 'mail.d.example']],
  ])('with "Keep exact hosts" %s checks %j', async (keep, expected) => {
    const { calls } = setup();
    if (keep) fireEvent.click(screen.getByLabelText('Keep exact hosts'));
    await startAudit('https://www.c.example/x\nuser@mail.d.example');
    await waitFor(() => expect(calls.map((c) => c.domain)).toEqual(expected));
  });

  it.each(['0', '33', '1.5', 'many'])('refuses %s checks at a time', (value) => {
    setup();
    enterList('a.example');
    fireEvent.input(screen.getByTestId('audit-concurrency'), { target: { value } });
    expect(screen.getByRole('alert').textContent).toBe('Enter a whole number from 1 to 32.');
    expect(runButton().disabled).toBe(true);
  });

  it('runs as many checks at once as asked', async () => {
    const { calls } = setup();
    await startAudit('a.example b.example c.example d.example e.example f.example', '4');
    await waitFor(() => expect(calls).toHaveLength(4));
  });

  it('loads a CSV file, preselects the suggested column and lets another be chosen', async () => {
    setup();
    const file = new File(['Name,Website\nAcme,https://www.acme.example\nBeta,beta.example\n'], 'list.csv', {
      type: 'text/csv',
    });
    fireEvent.change(screen.getByTestId('audit-file'), { target: { files: [file] } });
    const column = (await screen.findByTestId('audit-column')) as HTMLSelectElement;
    expect(column.value).toBe('1');
    expect(column.selectedOptions[0]?.textContent).toBe('Website (e.g. https://www.acme.example)');
    expect(screen.getByTestId('audit-parse-counts').textContent).toBe('2 domains to check.');
    expect(screen.queryByTestId('audit-input')).toBeNull();

    fireEvent.change(column, { target: { value: '0' } });
    expect(screen.getByTestId('audit-parse-counts').textContent).toBe(
      '0 domains to check, 2 entries not usable.',
    );
    expect(runButton().disabled).toBe(true);
  });

  it('loads a .txt file into the text box', async () => {
    setup();
    const file = new File(['a.example\nb.example\n'], 'list.txt', { type: 'text/plain' });
    fireEvent.change(screen.getByTestId('audit-file'), { target: { files: [file] } });
    await waitFor(() => expect(textarea().value).toBe('a.example\nb.example\n'));
    expect(screen.getByTestId('audit-parse-counts').textContent).toBe('2 domains to check.');
  });
});

describe('AuditPage: running', () => {
  it('shows progress with done/total, rate and ETA, and adds rows as results arrive', async () => {
    const { calls, setClock, store } = setup();
    await startAudit('a.example\nb.example\nc.example', '2');
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(store.startRun).toHaveBeenCalledWith(['a.example', 'b.example', 'c.example']);
    expect(bar().getAttribute('aria-valuenow')).toBe('0');
    expect(bar().getAttribute('aria-valuemax')).toBe('3');
    expect(screen.getByTestId('audit-progress-detail').textContent).toContain('estimating the time left');
    // The list cannot change under a running audit.
    expect(runButton().disabled).toBe(true);
    expect(textarea().closest('fieldset')?.disabled).toBe(true);

    setClock(NOW + 2000);
    calls[0]?.resolve(createAuditReport('a.example'));
    await waitFor(() => expect(bar().getAttribute('aria-valuenow')).toBe('1'));
    const detail = screen.getByTestId('audit-progress-detail').textContent;
    expect(detail).toContain('33%');
    expect(detail).toContain('0.5 domains/s');
    expect(detail).toContain('about 4 s left');
    expect(bar().getAttribute('aria-valuetext')).toBe('1 of 3 domains checked');
    expect(shownDomains()).toEqual(['a.example']);
    expect(count('SUCCESS')).toBe('1');
    expect(screen.getByTestId('audit-announcement').textContent).toBe(
      'Audit running: 30% of 3 domains checked.',
    );
    expect(store.saveResult).toHaveBeenCalledWith(
      expect.objectContaining({ domain: 'a.example' }),
      expect.objectContaining({ domain: 'a.example' }),
    );
    expect(screen.queryByTestId('audit-done')).toBeNull();
  });

  it('pauses (no new check starts) and resumes', async () => {
    const { calls } = setup();
    await startAudit('a.example\nb.example\nc.example', '1');
    await waitFor(() => expect(calls).toHaveLength(1));
    const pause = screen.getByTestId('audit-pause');
    fireEvent.click(pause);
    await waitFor(() => expect(screen.getByTestId('audit-progress').dataset.state).toBe('paused'));
    expect(pause.textContent).toBe('Resume');

    calls[0]?.resolve(createAuditReport('a.example'));
    await waitFor(() => expect(shownDomains()).toEqual(['a.example']));
    expect(calls).toHaveLength(1);
    expect(screen.getByTestId('audit-progress-detail').textContent).toContain('paused');

    fireEvent.click(screen.getByTestId('audit-pause'));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(screen.getByTestId('audit-progress').dataset.state).toBe('running');
    expect(screen.getByTestId('audit-pause').textContent).toBe('Pause');
  });

  it('cancels: aborts the checks in flight, keeps the results so far and offers the exports', async () => {
    const { calls } = setup();
    await startAudit('a.example\nb.example\nc.example', '2');
    await waitFor(() => expect(calls).toHaveLength(2));
    calls[0]?.resolve(createAuditReport('a.example'));
    await waitFor(() => expect(shownDomains()).toEqual(['a.example']));

    fireEvent.click(screen.getByTestId('audit-cancel'));
    const done = await screen.findByTestId('audit-done');
    expect(within(done).getByRole('heading').textContent).toBe('Audit cancelled');
    expect(screen.getByTestId('audit-done-summary').textContent).toBe(
      'Cancelled after 1 of 3 domains; the results so far are below.',
    );
    expect(calls[1]?.signal.aborted).toBe(true);
    expect(screen.queryByTestId('audit-pause')).toBeNull();
    // The buttons that had focus are gone: focus moves to the panel's heading.
    await waitFor(() => expect(document.activeElement).toBe(within(done).getByRole('heading')));
    expect(within(done).getByTestId('audit-export-csv')).toBeTruthy();
    expect(runButton().disabled).toBe(false);
  });

  it('finishes with counts per status', async () => {
    setup({
      runCheck: answerWith({
        'b.example': createAuditReport('b.example', { status: 'WARNING', findings: [warningFinding()] }),
        'c.example': createAuditReport('c.example', { status: 'ERROR', findings: [errorFinding()] }),
      }),
    });
    await startAudit('a.example\nb.example\nc.example');
    const done = await screen.findByTestId('audit-done');
    expect(within(done).getByRole('heading').textContent).toBe('Audit finished');
    expect(screen.getByTestId('audit-done-summary').textContent).toBe('All 3 domains checked.');
    expect([count('SUCCESS'), count('WARNING'), count('ERROR'), count('total')]).toEqual([
      '1',
      '1',
      '1',
      '3',
    ]);
    expect(bar().getAttribute('aria-valuenow')).toBe('3');
    expect(screen.getByTestId('audit-progress').dataset.state).toBe('done');
  });

  it('marks rows whose status, policy id, mode or MX coverage changed since the previous audit', async () => {
    const store = createMemoryStore({
      previous: [
        createRow('a.example', { status: 'SUCCESS', id: 'one' }),
        createRow('b.example', { status: 'SUCCESS', id: 'two' }),
        createRow('d.example', { status: 'SUCCESS', id: 'four', mx: [true, true] }),
      ],
    });
    setup({
      store,
      runCheck: answerWith({
        'a.example': createAuditReport('a.example', { status: 'WARNING', id: 'one' }),
        'b.example': createAuditReport('b.example', { status: 'SUCCESS', id: 'two' }),
        'd.example': createAuditReport('d.example', { status: 'SUCCESS', id: 'four', mx: [true, false] }),
      }),
    });
    await startAudit('a.example b.example c.example d.example');
    await screen.findByTestId('audit-done');
    const changed = screen
      .getAllByTestId('audit-row')
      .filter((r) => r.dataset.changed === 'true')
      .map((r) => r.dataset.domain);
    expect(changed).toEqual(['a.example', 'd.example']);
    const rowA = screen.getAllByTestId('audit-row').find((r) => r.dataset.domain === 'a.example');
    expect(within(rowA as HTMLElement).getByTestId('audit-changed').textContent).toContain('Changed');
    expect(store.saveResult).toHaveBeenCalledWith(
      expect.objectContaining({ domain: 'a.example', changed: true }),
      expect.anything(),
    );
  });

  it('says which results could not be saved', async () => {
    setup({ store: createMemoryStore({ failSaves: true }), runCheck: answerWith() });
    await startAudit('a.example b.example');
    await screen.findByTestId('audit-done');
    expect((await screen.findByTestId('audit-save-failures')).textContent).toMatch(
      /^2 results could not be saved/,
    );
    expect(shownDomains()).toEqual(['a.example', 'b.example']);
  });

  it('checks 2,000 domains and renders only one page of rows', async () => {
    const domains = Array.from({ length: 2000 }, (_, i) => `d${String(i).padStart(4, '0')}.example`);
    setup({ runCheck: answerWith() });
    await startAudit(domains.join('\n'), '32');
    await screen.findByTestId('audit-done', {}, { timeout: 20000 });
    expect(count('total')).toBe('2,000');
    expect(screen.getAllByTestId('audit-row')).toHaveLength(100);
    expect(screen.getByTestId('audit-page-info').textContent).toBe('Showing 1–100 of 2,000.');
  }, 30000);
});

describe('AuditPage: results table', () => {
  const setupWithRows = async (rows: AuditRow[] = SORT_ROWS) => {
    const result = setup({ store: createMemoryStore({ rows }) });
    await screen.findByTestId('audit-results');
    return result;
  };
  const header = (name: string) => screen.getByRole('button', { name }).closest('th') as HTMLElement;

  it('shows the last saved results on open, with their exports, before any run', async () => {
    await setupWithRows();
    expect(screen.getByTestId('audit-saved')).toBeTruthy();
    expect(screen.queryByTestId('audit-done')).toBeNull();
    expect(shownDomains()).toEqual(['a.example', 'b.example', 'c.example', 'd.example']);
    expect([count('SUCCESS'), count('WARNING'), count('ERROR')]).toEqual(['1', '2', '1']);
  });

  it.each<[string, string[]]>([
    ['Domain', ['a.example', 'b.example', 'c.example', 'd.example']],
    ['Status', ['a.example', 'b.example', 'd.example', 'c.example']],
    ['Mode', ['a.example', 'b.example', 'd.example', 'c.example']],
    ['max_age', ['d.example', 'b.example', 'a.example', 'c.example']],
    ['MX coverage', ['d.example', 'b.example', 'a.example', 'c.example']],
    // c.example ended in ERROR: its TLS-RPT record is unknown, not "no", so it sorts with the empty values.
    ['TLS-RPT', ['b.example', 'a.example', 'd.example', 'c.example']],
    ['DNSSEC', ['b.example', 'd.example', 'a.example', 'c.example']],
    ['Policy id', ['b.example', 'd.example', 'a.example', 'c.example']],
    ['Top finding', ['c.example', 'd.example', 'b.example', 'a.example']],
  ])('sorts by %s (ascending, empty values last)', async (column, expected) => {
    await setupWithRows();
    // Domain is the default order: one click on it reverses, so click it twice.
    fireEvent.click(screen.getByRole('button', { name: column }));
    if (column === 'Domain') fireEvent.click(screen.getByRole('button', { name: column }));
    expect(header(column).getAttribute('aria-sort')).toBe('ascending');
    expect(shownDomains()).toEqual(expected);
    // Only the sorted column says so.
    expect(document.querySelectorAll('th[aria-sort]')).toHaveLength(1);
  });

  it.each<[string, string[]]>([
    ['Status', ['c.example', 'b.example', 'd.example', 'a.example']],
    ['max_age', ['a.example', 'b.example', 'd.example', 'c.example']],
    ['Domain', ['d.example', 'c.example', 'b.example', 'a.example']],
  ])('sorts by %s descending on a second click, keeping empty values last', async (column, expected) => {
    await setupWithRows();
    fireEvent.click(screen.getByRole('button', { name: column }));
    if (column !== 'Domain') fireEvent.click(screen.getByRole('button', { name: column }));
    expect(header(column).getAttribute('aria-sort')).toBe('descending');
    expect(shownDomains()).toEqual(expected);
  });

  it.each<[string, string[]]>([
    ['WARNING', ['b.example', 'd.example']],
    ['ERROR', ['c.example']],
    ['SUCCESS', ['a.example']],
    ['ALL', ['a.example', 'b.example', 'c.example', 'd.example']],
  ])('filters by status %s', async (status, expected) => {
    await setupWithRows();
    fireEvent.change(screen.getByTestId('audit-filter'), { target: { value: status } });
    expect(shownDomains()).toEqual(expected);
    expect(
      screen.getAllByTestId('audit-row').every((r) => status === 'ALL' || r.dataset.status === status),
    ).toBe(true);
  });

  it.each<[string, string[]]>([
    ['B.EXAMPLE', ['b.example']],
    ['mx.uncovered', ['d.example']],
    ['fetched', ['c.example']],
    ['testing', ['b.example']],
  ])('searches for %s in domains, policy ids, modes and findings', async (query, expected) => {
    await setupWithRows();
    fireEvent.input(screen.getByTestId('audit-search'), { target: { value: query } });
    expect(shownDomains()).toEqual(expected);
  });

  it('says when nothing matches the search', async () => {
    await setupWithRows();
    fireEvent.input(screen.getByTestId('audit-search'), { target: { value: 'zzz' } });
    expect(shownDomains()).toEqual([]);
    expect(screen.getByTestId('audit-page-info').textContent).toBe('No results match the status and search.');
  });

  it('pages 2,000 rows 100 at a time', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => createRow(`d${String(i).padStart(4, '0')}.example`));
    await setupWithRows(rows);
    expect(shownDomains()).toHaveLength(100);
    expect(shownDomains()[0]).toBe('d0000.example');
    expect(screen.getByTestId('audit-page').textContent).toBe('Page 1 of 20');
    expect((screen.getByTestId('audit-prev-page') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByTestId('audit-next-page'));
    expect(shownDomains()).toHaveLength(100);
    expect(shownDomains()[0]).toBe('d0100.example');
    expect(screen.getByTestId('audit-page-info').textContent).toBe('Showing 101–200 of 2,000.');

    // A new sort starts again at the first page.
    fireEvent.click(screen.getByRole('button', { name: 'Domain' }));
    expect(shownDomains()[0]).toBe('d1999.example');
    expect(screen.getByTestId('audit-page').textContent).toBe('Page 1 of 20');
  });

  it.each<[string, AuditRow, string]>([
    ['covered of total', createRow('a.example', { mx: [true, false] }), '1 / 2'],
    [
      'unknown coverage without a policy',
      createRow('a.example', { mode: null, mx: [null, null] }),
      '—not known / 2',
    ],
    ['no MX when the lookup worked', createRow('a.example', { mx: [], dnssec: false }), 'no MX'],
    [
      'unknown when the lookup failed',
      createAuditRow(withFailedMx(createAuditReport('a.example', { mx: [] }))),
      '? unknown',
    ],
  ])('shows MX coverage as %s', async (_what, row, expected) => {
    await setupWithRows([row]);
    const cell = screen.getByTestId('audit-row').querySelectorAll('td')[4];
    expect(cell?.textContent).toBe(expected);
  });

  it('opens the full report of a row', async () => {
    const { openReport } = await setupWithRows();
    fireEvent.click(screen.getByRole('button', { name: 'b.example (open the full report)' }));
    expect(openReport).toHaveBeenCalledWith('b.example');
  });

  it('forgets the saved results only after a confirmation', async () => {
    const { store } = await setupWithRows();
    fireEvent.click(screen.getByTestId('audit-clear'));
    expect(store.clear).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('audit-clear-confirm'));
    expect(store.clear).toHaveBeenCalled();
    expect(screen.queryByTestId('audit-results')).toBeNull();
  });
});

describe('AuditPage: exports', () => {
  it('exports CSV and JSON with dated file names and the full reports from the store', async () => {
    const { download, store } = setup({
      runCheck: answerWith({ 'b.example': createAuditReport('b.example', { status: 'WARNING' }) }),
    });
    await startAudit('b.example a.example');
    const done = await screen.findByTestId('audit-done');

    fireEvent.click(within(done).getByTestId('audit-export-csv'));
    expect(download).toHaveBeenCalledTimes(1);
    const [csvName, csvMime, csv] = download.mock.calls[0] as [string, string, string];
    expect(csvName).toBe('mta-sts-audit-2026-03-14.csv');
    expect(csvMime).toBe('text/csv;charset=utf-8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toMatch(
      /^\ufeffdomain,status,mode,max_age,mx_total,mx_covered,tls_rpt,dnssec,policy_id,/,
    );
    expect(lines.slice(1, 3).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      'a.example,SUCCESS',
      'b.example,WARNING',
    ]);

    fireEvent.click(within(done).getByTestId('audit-export-json'));
    await waitFor(() => expect(download).toHaveBeenCalledTimes(2));
    const [jsonName, jsonMime, json] = download.mock.calls[1] as [string, string, string];
    expect(jsonName).toBe('mta-sts-audit-2026-03-14.json');
    expect(jsonMime).toBe('application/json');
    const parsed = JSON.parse(json) as { count: number; reports: Report[] };
    expect(store.loadReports).toHaveBeenCalledWith(['a.example', 'b.example']);
    expect(parsed.count).toBe(2);
    expect(parsed.reports.map((r) => [r.domain, r.status])).toEqual([
      ['a.example', 'SUCCESS'],
      ['b.example', 'WARNING'],
    ]);
    expect(screen.getByTestId('audit-export-note').textContent).toBe('Exported 2 full reports.');
  });

  it('says how many full reports the JSON export lacks', async () => {
    const { download } = setup({ store: createMemoryStore({ dropReports: true }), runCheck: answerWith() });
    await startAudit('a.example');
    fireEvent.click(within(await screen.findByTestId('audit-done')).getByTestId('audit-export-json'));
    await waitFor(() => expect(download).toHaveBeenCalledTimes(1));
    expect(screen.getByTestId('audit-export-note').textContent).toMatch(
      /^1 full report was no longer stored in this browser, so the file holds 0 reports for 1 domain\./,
    );
  });
});

describe('AuditPage: hostile content', () => {
  it('shows markup in findings, policy ids, domains and rejected lines as text', async () => {
    const { container } = setup({
      store: createMemoryStore(),
      runCheck: answerWith({
        'evil.example': createAuditReport('evil.example', {
          status: 'WARNING',
          id: HOSTILE_IMG,
          findings: [warningFinding(HOSTILE_SCRIPT)],
        }),
      }),
    });
    enterList(`x"><img src=x onerror="window.__pwned = true">\n${HOSTILE_SCRIPT}`);
    expect(screen.getAllByTestId('audit-rejected').length).toBeGreaterThan(0);
    expectInert(container);

    await startAudit('evil.example');
    await screen.findByTestId('audit-done');
    expectInert(container);
    // The row shows the finding's short label; the message (with the markup) is its tooltip, as text.
    const titles = [...container.querySelectorAll('[title]')].map((el) => el.getAttribute('title'));
    expect(titles).toContain(HOSTILE_SCRIPT);
    expect(container.textContent).toContain(HOSTILE_IMG);
  });

  it('shows a stored row with a hostile domain as text', async () => {
    const { container } = setup({ store: createMemoryStore({ rows: [createRow(HOSTILE_IMG)] }) });
    await screen.findByTestId('audit-results');
    expectInert(container);
    expect(shownDomains()).toEqual([HOSTILE_IMG]);
  });
});

describe('AuditPage: re-check errors', () => {
  it('re-runs only the ERROR rows and merges their results, losing no row', async () => {
    const answers: Record<string, Report> = {
      'b.example': createAuditReport('b.example', { status: 'ERROR', findings: [errorFinding()] }),
      'c.example': createAuditReport('c.example', { status: 'ERROR', findings: [errorFinding()] }),
    };
    const runCheck = vi.fn(async (domain: string) => answers[domain] ?? createAuditReport(domain));
    const { store } = setup({ store: createMemoryStore(), runCheck });
    await startAudit('a.example\nb.example\nc.example\nd.example');
    await screen.findByTestId('audit-done');
    await waitFor(() => expect(shownDomains()).toHaveLength(4));
    expect(screen.getByTestId('audit-recheck-errors').textContent).toBe('Re-check errors (2)');

    // b recovers; c still fails.
    delete answers['b.example'];
    runCheck.mockClear();
    fireEvent.click(screen.getByTestId('audit-recheck-errors'));
    await waitFor(() =>
      expect(screen.getByTestId('audit-recheck-errors').textContent).toBe('Re-check errors (1)'),
    );
    // Only the ERROR rows are checked again (the run retries a failing check once, so c twice).
    expect([...new Set(runCheck.mock.calls.map(([d]) => d))].sort()).toEqual(['b.example', 'c.example']);
    expect(store.startRun).toHaveBeenLastCalledWith(['b.example', 'c.example'], { merge: true });
    expect(shownDomains()).toEqual(['a.example', 'b.example', 'c.example', 'd.example']);
    const statuses = screen.getAllByTestId('audit-row').map((r) => r.dataset.status);
    expect(statuses).toEqual(['SUCCESS', 'SUCCESS', 'ERROR', 'SUCCESS']);
    expect(screen.getByTestId('audit-done-summary').textContent).toMatch(/Re-checked 2 domains/);
  });

  it('offers no re-check when no row ended in ERROR', async () => {
    setup({ store: createMemoryStore(), runCheck: answerWith() });
    await startAudit('a.example\nb.example');
    await screen.findByTestId('audit-done');
    expect(screen.queryByTestId('audit-recheck-errors')).toBeNull();
  });

  it('keeps where each domain came from in its row', async () => {
    setup({ store: createMemoryStore(), runCheck: answerWith() });
    await startAudit('https://www.vendor.example/pricing');
    await screen.findByTestId('audit-done');
    await waitFor(() =>
      expect(screen.getByTestId('audit-row-input').textContent).toBe(
        'from https://www.vendor.example/pricing',
      ),
    );
  });
});

describe('AuditPage: after a run', () => {
  it('folds the list away and moves focus to the results panel, so the results are in view', async () => {
    setup({ store: createMemoryStore(), runCheck: answerWith() });
    const form = screen.getByTestId('audit-form') as HTMLDetailsElement;
    expect(form.open).toBe(true);
    await startAudit('a.example');
    await screen.findByTestId('audit-done');
    await waitFor(() => expect(form.open).toBe(false));
    expect(form.querySelector('summary')?.textContent).toBe('Change the list of domains');
    const done = screen.getByTestId('audit-done');
    await waitFor(() => expect(document.activeElement).toBe(within(done).getByRole('heading')));
  });
});

describe('a run interrupted by a reload', () => {
  it('offers to resume the domains left, checks only those and keeps every row', async () => {
    const store = createMemoryStore({
      rows: [createRow('a.example')],
      plan: { domains: ['a.example', 'b.example', 'c.example'], concurrency: 2 },
    });
    const runCheck = vi.fn(answerWith());
    setup({ store, runCheck });
    const resume = await screen.findByTestId('audit-resume');
    expect(resume.textContent).toBe('Resume (2 left)');
    fireEvent.click(resume);
    await screen.findByTestId('audit-done');
    expect(runCheck).toHaveBeenCalledTimes(2);
    expect((runCheck as ReturnType<typeof vi.fn>).mock.calls.map(([d]) => d).sort()).toEqual([
      'b.example',
      'c.example',
    ]);
    expect(shownDomains().sort()).toEqual(['a.example', 'b.example', 'c.example']);
    expect(store.saveRunPlan).toHaveBeenLastCalledWith(null);
    expect(screen.queryByTestId('audit-resume')).toBeNull();
  });

  it.each([
    ['no plan', null],
    ['a plan whose every domain has a row', { domains: ['a.example'], concurrency: 8 }],
  ])('offers nothing with %s', async (_, plan) => {
    setup({ store: createMemoryStore({ rows: [createRow('a.example')], plan }) });
    await screen.findAllByTestId('audit-row');
    expect(screen.queryByTestId('audit-resume')).toBeNull();
  });

  it('keeps the plan while a run is under way and clears it when the run ends', async () => {
    const store = createMemoryStore();
    setup({ store, runCheck: answerWith() });
    await startAudit('x.example y.example');
    await screen.findByTestId('audit-done');
    expect(store.saveRunPlan).toHaveBeenNthCalledWith(1, {
      domains: ['x.example', 'y.example'],
      concurrency: 8,
    });
    expect(store.saveRunPlan).toHaveBeenLastCalledWith(null);
  });
});
