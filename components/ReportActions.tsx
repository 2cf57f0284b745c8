// What to do with a finished report: copy it (Markdown or JSON), run it again, open the options.

import { createFixBundle } from '../lib/fixes';
import { createReportMarkdown } from '../lib/report/markdown';
import type { Report } from '../lib/report/types';
import { CopyButton } from './CopyButton';

export interface ReportActionsProps {
  report: Report;
  copyText(text: string): Promise<void>;
  onCheckAgain(): void;
  onOpenOptions(): void;
}

export function ReportActions({ report, copyText, onCheckAgain, onOpenOptions }: ReportActionsProps) {
  return (
    <div class="actions">
      <CopyButton
        label="Copy report"
        text={() => createReportMarkdown(report)}
        copyText={copyText}
        copiedMessage="Copied as Markdown"
      />
      <CopyButton
        label="Copy JSON"
        // The report as checked, plus what to paste: corrected records/policies and the starter set.
        text={() => JSON.stringify({ ...report, ...createFixBundle(report) }, null, 2)}
        copyText={copyText}
        copiedMessage="Copied as JSON"
      />
      <button type="button" class="button" onClick={onCheckAgain}>
        Check again
      </button>
      <a
        class="options-link"
        href="/options.html"
        onClick={(event) => {
          event.preventDefault();
          onOpenOptions();
        }}
      >
        Options
      </a>
    </div>
  );
}
