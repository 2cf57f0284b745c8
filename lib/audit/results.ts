// Where a bulk audit's results go (the port the audit page writes through; utils/audit-store.ts is the
// extension's storage behind it), and which changes between two runs are worth a marker.
import type { Report } from '../report/types';
import type { AuditRow } from './audit-row';

export interface AuditStore {
  /** Stores the full report and adds (or replaces) the row in the current run. */
  saveResult(row: AuditRow, report: Report): Promise<void>;
  /** The latest run's rows, finished or partial, so reopening the page shows them. */
  loadRows(): Promise<AuditRow[]>;
  /** The stored full reports for these domains, in the same order; domains without one are skipped. */
  loadReports(domains: string[]): Promise<Report[]>;
  /** The domain's most recent result from before the current run, or null when it was never checked. */
  previousRow(domain: string): Promise<AuditRow | null>;
  /** Begins a new run: the rows so far become the "previous" results the new rows are compared with. */
  startRun(domains: string[]): Promise<void>;
  /** Forgets every stored row and report. */
  clear(): Promise<void>;
}

/** The parts of a row whose change is worth flagging: the verdict, the policy in force and its reach. */
export function isRowChanged(previous: AuditRow | null, row: AuditRow): boolean {
  if (!previous) return false;
  return (
    previous.status !== row.status ||
    previous.policyId !== row.policyId ||
    previous.mode !== row.mode ||
    previous.mxCovered !== row.mxCovered ||
    previous.mxTotal !== row.mxTotal
  );
}
