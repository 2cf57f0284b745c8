// Reports as the popup gets them from the background: with what to show of them (lib/report/presentation.ts).
import type { PopupAppProps } from '../../components/PopupApp';
import { createCheckFailedReport } from '../../lib/report/empty';
import { type PresentedReport, presentReport } from '../../lib/report/presentation';
import type { Report, StepProgress } from '../../lib/report/types';

/** The background's `failedReport` answer, made here (fixed clock). */
export async function presentFailureHere(domain: string, error: unknown): Promise<PresentedReport> {
  return presentReport(createCheckFailedReport(domain, error, Date.parse('2026-03-14T10:00:00Z')));
}

export type ReportRunCheck = (
  domain: string,
  onProgress: (p: StepProgress) => void,
  options?: { force?: boolean; onVerdict?: (report: Report) => void },
) => Report | Promise<Report>;

/** A popup runCheck from one that answers plain reports, presenting them as the background does. */
export function presenting(runCheck: ReportRunCheck): PopupAppProps['runCheck'] {
  return (domain, onProgress, options = {}) => {
    const { onVerdict } = options;
    const answer = runCheck(domain, onProgress, {
      ...options,
      onVerdict: onVerdict && ((report) => onVerdict(presentReport(report))),
    });
    return Promise.resolve(answer).then(presentReport);
  };
}
