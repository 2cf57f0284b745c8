// Everything shown once a check has finished. Loaded on demand by PopupApp (see there why).

import { getMxHostNames, isWithoutMtaSts } from '../lib/fixes';
import type { Report } from '../lib/report/types';
import { Evidence } from './Evidence';
import { FindingList } from './FindingList';
import { HistoryDiff } from './HistoryDiff';
import { ReportActions } from './ReportActions';
import { RiskList } from './RiskList';
import { StarterSet } from './StarterSet';

export interface ReportViewProps {
  report: Report;
  copyText(text: string): Promise<void>;
  onCheckAgain(): void;
  onOpenOptions(): void;
}

function checkTime(report: Report): Date {
  const t = new Date(report.checkedAt);
  return Number.isNaN(t.getTime()) ? new Date() : t;
}

export function ReportView({ report, copyText, onCheckAgain, onOpenOptions }: ReportViewProps) {
  return (
    <>
      <ReportActions
        report={report}
        copyText={copyText}
        onCheckAgain={onCheckAgain}
        onOpenOptions={onOpenOptions}
      />
      <HistoryDiff
        previous={report.history?.previous ?? null}
        current={report.history?.current ?? null}
        diff={report.history?.diff ?? null}
        findings={report.findings}
      />
      <RiskList risks={report.risks} status={report.status} />
      {isWithoutMtaSts(report) && (
        <StarterSet
          domain={report.domain}
          mxHosts={getMxHostNames(report)}
          now={checkTime(report)}
          copyText={copyText}
        />
      )}
      <FindingList report={report} copyText={copyText} />
      <Evidence report={report} />
    </>
  );
}
