// Imported TLS reports kept in browser.storage.local so the next visit of the TLS reports page shows them.
// One key, a schema version, a bound on what is kept (the newest imports win) and a reader that skips anything
// it does not recognise instead of failing the page.
import { storage } from 'wxt/utils/storage';
import type { ImportedReport } from '../lib/tls-rpt/reports/summary';

export const TLSRPT_STORE_KEY = 'local:tlsrpt:reports';
export const TLSRPT_SCHEMA = 1;
/** About two years of daily reports from a dozen senders. */
export const MAX_STORED_REPORTS = 5000;
/** Serialised size kept at most; the oldest imports are dropped first. */
export const MAX_STORED_CHARS = 16 * 1024 * 1024;

interface Stored {
  schema: number;
  savedAt: string;
  reports: unknown[];
}

function isImportedReport(value: unknown): value is ImportedReport {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ImportedReport>;
  return (
    typeof v.fileName === 'string' &&
    Array.isArray(v.warnings) &&
    typeof v.report === 'object' &&
    v.report !== null &&
    Array.isArray(v.report.policies) &&
    typeof v.report.dateRange === 'object' &&
    v.report.dateRange !== null
  );
}

/** The newest reports that fit both bounds, in their original order. */
export function boundReports(reports: readonly ImportedReport[]): ImportedReport[] {
  const kept: ImportedReport[] = [];
  let chars = 0;
  for (let i = reports.length - 1; i >= 0 && kept.length < MAX_STORED_REPORTS; i--) {
    const r = reports[i] as ImportedReport;
    chars += JSON.stringify(r).length;
    if (chars > MAX_STORED_CHARS) break;
    kept.push(r);
  }
  return kept.reverse();
}

export function createTlsRptStore() {
  return {
    async load(): Promise<ImportedReport[]> {
      const stored = await storage.getItem<Stored>(TLSRPT_STORE_KEY);
      // A newer schema (from a later version of the extension) is not guessed at.
      if (!stored || stored.schema !== TLSRPT_SCHEMA || !Array.isArray(stored.reports)) return [];
      return stored.reports.filter(isImportedReport);
    },
    async save(reports: ImportedReport[]): Promise<void> {
      const value: Stored = {
        schema: TLSRPT_SCHEMA,
        savedAt: new Date().toISOString(),
        reports: boundReports(reports),
      };
      await storage.setItem(TLSRPT_STORE_KEY, value);
    },
    async clear(): Promise<void> {
      await storage.removeItem(TLSRPT_STORE_KEY);
    },
  };
}
