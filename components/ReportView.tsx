// Everything shown once a check has finished, in the order a person needs it: the first problem with its fix
// (the status card above already names the cause and what to do), the starter set or what a browser cannot
// test, the actions, the other findings grouped, why it matters (collapsed), then the evidence.

import type { PresentedReport } from '../lib/report/presentation';
import { BrowserLimits } from './BrowserLimits';
import { Evidence } from './Evidence';
import { FindingItem } from './FindingItem';
import { FindingList } from './FindingList';
import { HistoryDiff } from './HistoryDiff';
import { ReportActions } from './ReportActions';
import { RiskList } from './RiskList';
import { StarterSet } from './StarterSet';

export interface ReportViewProps {
  /** The report and what to show of it (lib/report/presentation.ts, worked out in the background). */
  presented: PresentedReport;
  copyText(text: string): Promise<void>;
  onCheckAgain(): void;
  onOpenOptions(): void;
  /** The registrable domain above the checked host, offered when the host receives no mail. */
  parentDomain?: string | null;
  onCheckDomain?(domain: string): void;
}

const NO_MAIL_CODES = ['mx.none', 'mx.null', 'domain.nxdomain'];

export function ReportView({
  presented,
  copyText,
  onCheckAgain,
  onOpenOptions,
  parentDomain = null,
  onCheckDomain,
}: ReportViewProps) {
  const { report, view } = presented;
  const lead = view.lead === null ? null : report.findings[view.lead];
  const leadView = view.lead === null ? undefined : view.findings[view.lead];
  const noMail = report.findings.some((f) => NO_MAIL_CODES.includes(f.code));
  return (
    <>
      {noMail && parentDomain && onCheckDomain && parentDomain !== report.domain && (
        <p class="scope" data-testid="parent-offer">
          {report.domain} receives no mail itself, so MTA-STS matters for the domain that does.{' '}
          <button type="button" class="button button-link" onClick={() => onCheckDomain(parentDomain)}>
            Check {parentDomain} instead
          </button>
        </p>
      )}
      {lead && leadView && (
        <section class="lead" aria-labelledby="lead-heading" data-testid="first-problem">
          <h2 id="lead-heading" class="visually-hidden">
            First thing to fix
          </h2>
          <ul class="finding-list">
            <FindingItem finding={lead} view={leadView} copyText={copyText} lead />
          </ul>
        </section>
      )}
      {report.status === 'SUCCESS' && (
        <BrowserLimits mxHosts={view.mxHosts} command={view.startTlsCommand} copyText={copyText} />
      )}
      {view.starterSet && <StarterSet set={view.starterSet} copyText={copyText} />}
      <ReportActions
        presented={presented}
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
      <FindingList presented={presented} copyText={copyText} exclude={view.lead} />
      <RiskList risks={report.risks} status={report.status} />
      <Evidence report={report} />
    </>
  );
}
