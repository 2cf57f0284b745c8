import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TlsRptPage, type TlsRptReportStore } from '../../../components/tlsrpt/TlsRptPage';
import type { Report } from '../../../lib/report/types';
import { readTlsReport } from '../../../lib/tls-rpt/reports/parse';
import type { ImportedReport } from '../../../lib/tls-rpt/reports/summary';
import { createPolicyFetch, createReport, HOSTILE_IMG, HOSTILE_SCRIPT } from '../../support/report-fixtures';
import { createReportJson, gzipBytes, type ReportInput, toBytes } from '../../support/tlsrpt-fixtures';

afterEach(() => {
  delete (window as { __pwned?: boolean }).__pwned;
});

const NOW = Date.UTC(2026, 11, 1, 12);

function createMemoryStore(saved: ImportedReport[] = []) {
  let kept = saved;
  return {
    load: vi.fn(async () => kept),
    save: vi.fn(async (reports: ImportedReport[]) => {
      kept = reports;
    }),
    clear: vi.fn(async () => {
      kept = [];
    }),
  } satisfies TlsRptReportStore;
}

function file(name: string, bytes: Uint8Array): File {
  return new File([bytes as BlobPart], name);
}

function imported(input: ReportInput): ImportedReport {
  const r = readTlsReport(createReportJson(input));
  if (!r.ok) throw new Error(r.error);
  return { fileName: `${input.id}.json`, report: r.report, warnings: [] };
}

const mismatch = {
  'result-type': 'certificate-host-mismatch',
  'failed-session-count': 4,
  'receiving-mx-hostname': 'mx2.example.com',
  'sending-mta-ip': '192.0.2.1',
};

function setup(options: { saved?: ImportedReport[]; runCheck?: (domain: string) => Promise<Report> } = {}) {
  const store = createMemoryStore(options.saved);
  const download = vi.fn();
  const runCheck = vi.fn(options.runCheck ?? (async () => createReport()));
  render(<TlsRptPage store={store} runCheck={runCheck} download={download} now={() => NOW} />);
  return { store, download, runCheck };
}

function drop(files: File[]) {
  const input = screen.getByTestId('tlsrpt-file') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  fireEvent.change(input);
}

const card = (domain: string) =>
  document.querySelector(`[data-testid="tlsrpt-domain"][data-domain="${domain}"]`) as HTMLElement;

describe('TlsRptPage', () => {
  it('reads dropped files, counts a duplicate once and lists a refused file with its reason', async () => {
    const { store } = setup();
    const day1 = toBytes(createReportJson({ id: 'r1', day: '2026-11-01', failures: [mismatch] }));
    drop([
      file('r1.json', day1),
      file('r1-again.json.gz', gzipBytes(day1)),
      file('r2.json.gz', gzipBytes(toBytes(createReportJson({ id: 'r2', day: '2026-11-02' })))),
      file('notes.txt', new TextEncoder().encode('hello')),
    ]);
    await screen.findByTestId('tlsrpt-counts');
    expect(screen.getAllByTestId('tlsrpt-report').map((r) => r.dataset.reportId)).toEqual(['r1', 'r2']);
    expect(screen.getAllByTestId('tlsrpt-duplicate')).toHaveLength(1);
    expect(screen.getByTestId('tlsrpt-rejected').textContent).toMatch(/notes\.txt.*not a TLS report/);
    expect(card('example.com').dataset).toMatchObject({ success: '200', failure: '4' });
    expect(within(card('example.com')).getByTestId('tlsrpt-verdict').dataset.verdict).toBe('not-ready');
    await waitFor(() => expect(store.save).toHaveBeenCalledTimes(1));
  });

  it('shows an unknown session total as empty, never as 0', async () => {
    const json = createReportJson({ id: 'r1' });
    const policy = (json.policies as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    policy.summary = { 'total-successful-session-count': 5 };
    setup();
    drop([file('r1.json', toBytes(json))]);
    await screen.findByTestId('tlsrpt-domain');
    expect(card('example.com').getAttribute('data-success')).toBe('5');
    expect(card('example.com').getAttribute('data-failure')).toBe('');
    expect(card('example.com').textContent).toMatch(/Failed sessionsunknown/);
  });

  it('renders report text as text, never as HTML', async () => {
    setup();
    const json = createReportJson({
      id: HOSTILE_SCRIPT,
      org: HOSTILE_IMG,
      failures: [{ ...mismatch, 'receiving-mx-hostname': HOSTILE_IMG }],
    });
    drop([file(`${HOSTILE_IMG}.json`, toBytes(json))]);
    await screen.findByTestId('tlsrpt-domain');
    expect(document.querySelector('img')).toBeNull();
    expect(document.querySelector('main script')).toBeNull();
    expect(document.body.textContent).toContain(HOSTILE_IMG);
    expect((window as { __pwned?: boolean }).__pwned).toBeUndefined();
  });

  it('names bidi and invisible characters in report text instead of letting them act', async () => {
    setup();
    const spoof = '\u202Emoc.elgoog.xm';
    const json = createReportJson({
      id: `id${spoof}`,
      org: `Org${spoof}`,
      failures: [{ ...mismatch, 'receiving-mx-hostname': spoof }],
    });
    drop([file(`report${spoof}.json`, toBytes(json))]);
    await screen.findByTestId('tlsrpt-domain');
    const text = document.body.textContent ?? '';
    expect(text).not.toContain('\u202E');
    expect(text).toContain('⟨U+202E⟩moc.elgoog.xm');
  });

  it('puts today’s check next to the reports: hosts the policy no longer lists and the drift', async () => {
    const live = createReport({
      evidence: {
        ...createReport().evidence,
        policyFetch: createPolicyFetch(),
        policy: { version: 'STSv1', mode: 'enforce', mx: ['mx1.example.com'], maxAge: 604800 },
      },
    });
    const { runCheck } = setup({
      saved: [imported({ id: 'r1', failures: [mismatch] })],
      runCheck: async () => live,
    });
    const button = await screen.findByTestId('tlsrpt-crosscheck-run');
    fireEvent.click(button);
    const result = await screen.findByTestId('tlsrpt-crosscheck-result');
    expect(runCheck).toHaveBeenCalledWith('example.com');
    expect(within(result).getByTestId('tlsrpt-crosscheck-mode').dataset.mode).toBe('enforce');
    expect(within(result).getByTestId('tlsrpt-crosscheck-hosts').textContent).toContain(
      'mx2.example.com (4)',
    );
    expect(within(result).getByTestId('tlsrpt-crosscheck-drift').textContent).toMatch(/modetestingenforce/);
  });

  it('says so when today’s check fails, and the button can be tried again', async () => {
    setup({
      saved: [imported({ id: 'r1' })],
      runCheck: async () => {
        throw new Error('The extension has no access to websites yet.');
      },
    });
    fireEvent.click(await screen.findByTestId('tlsrpt-crosscheck-run'));
    await screen.findByText(/did not complete: The extension has no access/);
    expect((screen.getByTestId('tlsrpt-crosscheck-run') as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows the reports saved last time, exports them and clears them', async () => {
    const { store, download } = setup({ saved: [imported({ id: 'r1', failures: [mismatch] })] });
    await screen.findByTestId('tlsrpt-domain');
    fireEvent.click(screen.getByTestId('tlsrpt-export-csv'));
    const [name, mime, csv] = download.mock.calls[0] as [string, string, string];
    expect(name).toMatch(/^tls-reports-2026-12-0\d\.csv$/);
    expect(mime).toMatch(/^text\/csv/);
    expect(csv.split('\r\n')[1]).toMatch(
      /^r1,Google Inc\.,2026-11-01T00:00:00Z,.*certificate-host-mismatch,4,mx2\.example\.com/,
    );
    fireEvent.click(screen.getByTestId('tlsrpt-export-json'));
    expect(JSON.parse((download.mock.calls[1] as string[])[2] as string)).toMatchObject({ count: 1 });
    fireEvent.click(screen.getByTestId('tlsrpt-clear'));
    await waitFor(() => expect(screen.queryByTestId('tlsrpt-domain')).toBeNull());
    expect(store.clear).toHaveBeenCalled();
  });
});
