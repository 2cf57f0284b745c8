// What to do with a finished report: copy it (Markdown or JSON), run it again, open the options.

import type { PresentedReport } from '../lib/report/presentation';
import { CopyButton } from './CopyButton';
import { PageLink } from './PageLink';

export interface ReportActionsProps {
  presented: PresentedReport;
  copyText(text: string): Promise<void>;
  onCheckAgain(): void;
  onOpenOptions(): void;
}

export function ReportActions({ presented, copyText, onCheckAgain, onOpenOptions }: ReportActionsProps) {
  const { report, view } = presented;
  return (
    <div class="actions">
      <CopyButton
        label="Copy report"
        text={view.markdown}
        copyText={copyText}
        copiedMessage="Copied as Markdown"
      />
      <CopyButton
        label="Copy JSON"
        // The report as checked, plus what to paste: corrected records/policies and the starter set.
        text={() => JSON.stringify({ ...report, ...view.fixBundle }, null, 2)}
        copyText={copyText}
        copiedMessage="Copied as JSON"
      />
      <button type="button" class="button" onClick={onCheckAgain}>
        Check again
      </button>
      <PageLink class="options-link" href="/options.html" onOpen={onOpenOptions}>
        Options
      </PageLink>
    </div>
  );
}
