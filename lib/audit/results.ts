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
  /**
   * Begins a new run: the rows so far become the "previous" results the new rows are compared with. With
   * `merge` (re-checking some domains of the last run) every other row is kept.
   */
  startRun(domains: string[], options?: { merge?: boolean }): Promise<void>;
  /** Forgets every stored row and report. */
  clear(): Promise<void>;
  /**
   * The run under way, kept so a run interrupted by a reload can be resumed: saved when a run starts, cleared
   * (null) when it ends or is cancelled. Optional: a store without it simply offers no resume.
   */
  saveRunPlan?(plan: RunPlan | null): Promise<void>;
  loadRunPlan?(): Promise<RunPlan | null>;
}

export interface RunPlan {
  domains: string[];
  concurrency: number;
}

/** The domains of an interrupted run that have no row yet, in the run's order. */
export function remainingDomains(plan: RunPlan, rows: readonly AuditRow[]): string[] {
  const done = new Set(rows.map((r) => r.domain));
  return plan.domains.filter((d) => !done.has(d));
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

/** The rows with each new row replacing the row of its domain (in place) or appended; no row is lost. */
export function mergeRows(rows: readonly AuditRow[], updates: readonly AuditRow[]): AuditRow[] {
  const index = new Map(rows.map((r, i) => [r.domain, i]));
  const out = [...rows];
  for (const row of updates) {
    const at = index.get(row.domain);
    if (at === undefined) {
      index.set(row.domain, out.length);
      out.push(row);
    } else {
      out[at] = row;
    }
  }
  return out;
}

/** The domains whose last result was ERROR (we could not tell), for "Re-check errors". */
export function getErrorDomains(rows: readonly AuditRow[]): string[] {
  return rows.filter((r) => r.status === 'ERROR').map((r) => r.domain);
}
