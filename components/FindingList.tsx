// Findings grouped by severity. Errors and warnings start open; the often long info group starts closed.
import type { Report, Severity } from '../lib/report/types';
import { FindingItem } from './FindingItem';

const GROUPS: ReadonlyArray<{ severity: Severity; heading: string; open: boolean }> = [
  { severity: 'error', heading: 'Errors', open: true },
  { severity: 'warning', heading: 'Warnings', open: true },
  { severity: 'info', heading: 'Information', open: false },
];

export interface FindingListProps {
  report: Report;
  copyText?: (text: string) => Promise<void>;
}

export function FindingList({ report, copyText }: FindingListProps) {
  return (
    <section class="findings" aria-labelledby="findings-heading">
      <h2 id="findings-heading">Findings</h2>
      {report.findings.length === 0 && <p>No findings.</p>}
      {GROUPS.map(({ severity, heading, open }) => {
        const group = report.findings.filter((f) => f.severity === severity);
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
