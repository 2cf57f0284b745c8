// The one place where a report's status, summary and risks are computed, always from its findings alone,
// so the status can be explained by the list the user sees.
import { createSummary } from './summary';
import type { Report } from './types';
import { createRisks, verdict } from './verdict';

export type UnfinishedReport = Omit<Report, 'status' | 'summary' | 'risks'>;

export function finishReport(report: UnfinishedReport): Report {
  const status = verdict(report.findings);
  return {
    ...report,
    status,
    summary: createSummary(status, report.findings, report.domain, report.evidence),
    risks: status === 'ERROR' ? [] : createRisks(report.findings),
  };
}
