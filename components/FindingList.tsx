// The findings after the first problem, in three groups: problems and advice start open; passed checks and
// notes (often long) start closed. On a report without problems, a note that comes with a fix to copy
// (e.g. a short max_age) is advice and shows in the open group, not among the passed checks.
import { suggestFix } from '../lib/fixes';
import type { Finding, Report, Severity } from '../lib/report/types';
import { FindingItem } from './FindingItem';

const GROUPS: ReadonlyArray<{ severity: Severity; heading: string; open: boolean }> = [
  { severity: 'error', heading: 'Problems', open: true },
  { severity: 'warning', heading: 'Advice', open: true },
  { severity: 'info', heading: 'Passed checks and notes', open: false },
];

export interface FindingListProps {
  report: Report;
  copyText?: (text: string) => Promise<void>;
  /** Shown on its own above (ReportView's lead finding); left out here. */
  exclude?: Finding | null;
}

/** The display group of a finding: info with a fix to copy counts as advice. */
export function groupOf(finding: Finding, report: Report): Severity {
  if (finding.severity === 'info' && suggestFix(finding, report) !== null) return 'warning';
  return finding.severity;
}

export function FindingList({ report, copyText, exclude = null }: FindingListProps) {
  const rest = report.findings.filter((f) => f !== exclude);
  return (
    <section class="findings" aria-labelledby="findings-heading">
      <h2 id="findings-heading">{exclude ? 'All other findings' : 'Findings'}</h2>
      {rest.length === 0 && <p>{exclude ? 'No other findings.' : 'No findings.'}</p>}
      {GROUPS.map(({ severity, heading, open }) => {
        const group = rest.filter((f) => groupOf(f, report) === severity);
        if (group.length === 0) return null;
        return (
          <details
            key={severity}
            class={`finding-group group-${severity}`}
            open={open}
            data-severity-group={severity}
          >
            <summary>
              {heading} ({group.length})
            </summary>
            <ul class="finding-list">
              {group.map((finding, i) => (
                <FindingItem
                  key={`${finding.code}-${i}`}
                  finding={finding}
                  report={report}
                  copyText={copyText}
                />
              ))}
            </ul>
          </details>
        );
      })}
    </section>
  );
}
