// The TLS reports page: files in, read locally, a summary per policy domain with the enforce verdict, today's
// check on request, exports. All I/O (storage, the check, downloads) comes in as props.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Report } from '../../lib/report/types';
import { crossCheck } from '../../lib/tls-rpt/reports/cross-check';
import { MAX_INPUT_BYTES } from '../../lib/tls-rpt/reports/decode';
import { createTlsRptCsv, createTlsRptFileName, createTlsRptJson } from '../../lib/tls-rpt/reports/export';
import { parseTlsRptReport } from '../../lib/tls-rpt/reports/parse';
import { assessReadiness } from '../../lib/tls-rpt/reports/readiness';
import {
  type DuplicateReport,
  type ImportedReport,
  mergeReports,
  summarizeReports,
} from '../../lib/tls-rpt/reports/summary';
import type { CrossCheckState } from './TlsRptCrossCheck';
import { TlsRptDomain } from './TlsRptDomain';
import { TlsRptDropZone } from './TlsRptDropZone';
import { type RejectedFile, TlsRptFileList } from './TlsRptFileList';

/** Where imported reports are kept between visits (see utils/tlsrpt-store.ts). */
export interface TlsRptReportStore {
  load(): Promise<ImportedReport[]>;
  save(reports: ImportedReport[]): Promise<void>;
  clear(): Promise<void>;
}

export interface TlsRptPageProps {
  store: TlsRptReportStore;
  /** Today's check of a domain (the same check as the popup's). */
  runCheck(domain: string): Promise<Report>;
  download(fileName: string, mime: string, text: string): void;
  now?: () => number;
}

const MIB = 1024 * 1024;
const PROGRESS_MS = 100;
const READ_CONCURRENCY = 8;

async function readOne(
  file: File,
): Promise<{ ok: true; item: ImportedReport } | { ok: false; rejected: RejectedFile }> {
  if (file.size > MAX_INPUT_BYTES) {
    return {
      ok: false,
      rejected: {
        fileName: file.name,
        error: `The file is ${(file.size / MIB).toFixed(1)} MB; TLS reports are far smaller, so files over ${MAX_INPUT_BYTES / MIB} MB are refused.`,
      },
    };
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    return { ok: false, rejected: { fileName: file.name, error: 'The browser could not read this file.' } };
  }
  const result = await parseTlsRptReport(bytes);
  return result.ok
    ? { ok: true, item: { fileName: file.name, report: result.report, warnings: result.warnings } }
    : { ok: false, rejected: { fileName: file.name, error: result.error } };
}

export function TlsRptPage({ store, runCheck, download, now = Date.now }: TlsRptPageProps) {
  const [reports, setReports] = useState<ImportedReport[]>([]);
  const [rejected, setRejected] = useState<RejectedFile[]>([]);
  const [duplicates, setDuplicates] = useState<DuplicateReport[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [restored, setRestored] = useState(false);
  const [saveError, setSaveError] = useState(false);
  const [checks, setChecks] = useState<Record<string, CrossCheckState>>({});
  const current = useRef<ImportedReport[]>([]);
  const imported = useRef(false);

  useEffect(() => {
    store.load().then(
      (saved) => {
        if (imported.current || saved.length === 0) return;
        current.current = saved;
        setReports(saved);
        setRestored(true);
      },
      () => undefined, // Nothing readable saved: start empty.
    );
  }, []);

  const summaries = useMemo(() => summarizeReports(reports), [reports]);

  const addFiles = async (files: File[]) => {
    imported.current = true;
    setProgress({ done: 0, total: files.length });
    // A few files at once: reading a file from disk waits on the browser, parsing does not, so they overlap.
    // Results keep the order the files came in (the first copy of a duplicate is the one kept).
    const results: Array<Awaited<ReturnType<typeof readOne>>> = new Array(files.length);
    let next = 0;
    let done = 0;
    let shown = performance.now();
    const worker = async () => {
      for (let i = next++; i < files.length; i = next++) {
        results[i] = await readOne(files[i] as File);
        done++;
        // The count on screen moves at most every PROGRESS_MS: re-rendering after each of 1,000 files costs
        // more than reading them.
        if (performance.now() - shown > PROGRESS_MS) {
          shown = performance.now();
          setProgress({ done, total: files.length });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
    const accepted = results.flatMap((r) => (r.ok ? [r.item] : []));
    const refused = results.flatMap((r) => (r.ok ? [] : [r.rejected]));
    const merged = mergeReports(current.current, accepted);
    current.current = merged.reports;
    setReports(merged.reports);
    setDuplicates((d) => [...d, ...merged.duplicates]);
    setRejected((r) => [...r, ...refused]);
    setProgress(null);
    store.save(merged.reports).then(
      () => setSaveError(false),
      () => setSaveError(true),
    );
  };

  const clear = () => {
    current.current = [];
    setReports([]);
    setRejected([]);
    setDuplicates([]);
    setChecks({});
    setRestored(false);
    void store.clear().catch(() => undefined);
  };

  const check = (domain: string) => {
    setChecks((c) => ({ ...c, [domain]: { state: 'running' } }));
    runCheck(domain).then(
      (live) => {
        const summary = summarizeReports(current.current).find((s) => s.domain === domain);
        setChecks((c) => ({
          ...c,
          [domain]: summary
            ? { state: 'done', result: crossCheck(summary, live) }
            : { state: 'failed', error: 'The reports for this domain were cleared.' },
        }));
      },
      (e: unknown) =>
        setChecks((c) => ({
          ...c,
          [domain]: { state: 'failed', error: e instanceof Error ? e.message : String(e) },
        })),
    );
  };

  const stamp = () => new Date(now());

  return (
    <main class="tlsrpt">
      <header>
        <h1>TLS reports</h1>
        <p class="muted">
          Reads the SMTP TLS reports (RFC 8460) that mail senders send to the address in your TLS-RPT record,
          and tells whether your MTA-STS policy can move from testing to enforce. The files are read in this
          browser: nothing leaves it.
        </p>
      </header>

      <TlsRptDropZone busy={progress !== null} onFiles={(files) => void addFiles(files)} />

      {progress && (
        <p role="status" data-testid="tlsrpt-progress">
          Reading {progress.done.toLocaleString('en')} of {progress.total.toLocaleString('en')} files…
        </p>
      )}

      {(reports.length > 0 || rejected.length > 0) && (
        <div class="tlsrpt-actions">
          {restored && <span class="muted">Reports saved in this browser from your last visit. </span>}
          <button
            type="button"
            class="button"
            data-testid="tlsrpt-export-csv"
            disabled={reports.length === 0}
            onClick={() =>
              download(
                createTlsRptFileName('csv', stamp()),
                'text/csv;charset=utf-8',
                createTlsRptCsv(reports, { bom: true }),
              )
            }
          >
            Export failures (CSV)
          </button>
          <button
            type="button"
            class="button"
            data-testid="tlsrpt-export-json"
            disabled={reports.length === 0}
            onClick={() =>
              download(
                createTlsRptFileName('json', stamp()),
                'application/json',
                createTlsRptJson(reports, stamp()),
              )
            }
          >
            Export reports (JSON)
          </button>
          <button type="button" class="button" data-testid="tlsrpt-clear" onClick={clear}>
            Clear
          </button>
          {saveError && (
            <span class="text-error">
              {' '}
              The reports could not be saved in the browser storage; they are shown until you close this page.
            </span>
          )}
        </div>
      )}

      {summaries.length > 0 && (
        <section aria-labelledby="tlsrpt-domains-heading">
          <h2 id="tlsrpt-domains-heading">By policy domain</h2>
          {summaries.map((s) => {
            const state: CrossCheckState = (s.domain && checks[s.domain]) || { state: 'idle' };
            const liveMode = state.state === 'done' ? state.result.liveMode : null;
            return (
              <TlsRptDomain
                key={s.domain ?? ''}
                summary={s}
                readiness={assessReadiness(s, liveMode)}
                check={state}
                onCheck={() => s.domain && check(s.domain)}
              />
            );
          })}
        </section>
      )}

      {(reports.length > 0 || rejected.length > 0) && (
        <TlsRptFileList reports={reports} rejected={rejected} duplicates={duplicates} />
      )}
    </main>
  );
}
