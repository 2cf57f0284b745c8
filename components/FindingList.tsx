// The findings after the first problem, in three groups: problems and advice start open; passed checks and
// notes (often long) start closed. On a report without problems, a note that comes with a fix to copy
// (e.g. a short max_age) is advice and shows in the open group, not among the passed checks. A closed group's
// findings are built once the report has painted (LaterDetails).
import type { PresentedReport } from '../lib/report/presentation';
import type { Severity } from '../lib/report/types';
import { FindingItem } from './FindingItem';
import { LaterDetails } from './LaterDetails';

const GROUPS: ReadonlyArray<{ severity: Severity; heading: string; open: boolean }> = [
  { severity: 'error', heading: 'Problems', open: true },
  { severity: 'warning', heading: 'Advice', open: true },
  { severity: 'info', heading: 'Passed checks and notes', open: false },
];

export interface FindingListProps {
  presented: PresentedReport;
  copyText?: (text: string) => Promise<void>;
  /** Index of the finding shown on its own above (ReportView's lead finding); left out here. */
  exclude?: number | null;
}

export function FindingList({ presented, copyText, exclude = null }: FindingListProps) {
  const { report, view } = presented;
  // Each finding with its presentation (the display group: info with a fix to copy counts as advice).
  const rest = report.findings
    .map((finding, i) => ({ finding, view: view.findings[i], i }))
    .filter(
      (f): f is { finding: (typeof report.findings)[number]; view: NonNullable<typeof f.view>; i: number } =>
        f.i !== exclude && f.view !== undefined,
    );
  return (
    <section class="findings" aria-labelledby="findings-heading">
      <h2 id="findings-heading">{exclude !== null ? 'All other findings' : 'Findings'}</h2>
      {rest.length === 0 && <p>{exclude !== null ? 'No other findings.' : 'No findings.'}</p>}
      {GROUPS.map(({ severity, heading, open }) => {
        const group = rest.filter((f) => f.view.group === severity);
        if (group.length === 0) return null;
        return (
          <LaterDetails
            key={severity}
            class={`finding-group group-${severity}`}
            open={open}
            data-severity-group={severity}
            summary={`${heading} (${group.length})`}
          >
            <ul class="finding-list">
              {group.map(({ finding, view: findingView, i }) => (
                <FindingItem
                  key={`${finding.code}-${i}`}
                  finding={finding}
                  view={findingView}
                  copyText={copyText}
                />
              ))}
            </ul>
          </LaterDetails>
        );
      })}
    </section>
  );
}
