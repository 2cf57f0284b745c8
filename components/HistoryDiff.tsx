// What changed since the previous check of this domain, as a short diff above the findings.
// Every value here (ids, hosts) comes from the network: it is rendered as text, never as markup.
import type { ComponentChildren } from 'preact';
import type { FindingCode } from '../lib/catalog/index';
import type { Finding, Snapshot, SnapshotDiff } from '../lib/report/types';

export interface HistoryDiffProps {
  /** The snapshot this check was compared with. */
  previous: Snapshot | null;
  /** This check's snapshot; without it each change is shown by its finding's message. */
  current?: Snapshot | null;
  /** What changed between the two, as the report carries it. */
  diff?: SnapshotDiff | null;
  findings: readonly Finding[];
}

interface Line {
  code: FindingCode;
  severity: Finding['severity'];
  label: string;
  content: ComponentChildren;
}

const show = (value: string | null) => value ?? '(none)';

function HostChanges({ label, change }: { label: string; change: { added: string[]; removed: string[] } }) {
  return (
    <span class="history-hosts">
      <span class="history-hosts-label">{label}</span>
      {change.added.map((h) => (
        <span key={`+${h}`} class="history-added">
          {' '}
          +{h}
        </span>
      ))}
      {change.removed.map((h) => (
        <span key={`-${h}`} class="history-removed">
          {' '}
          −{h}
        </span>
      ))}
    </span>
  );
}

function structured(code: FindingCode, diff: SnapshotDiff, current: Snapshot): ComponentChildren | null {
  switch (code) {
    case 'history.policy-changed-same-id':
      return `policy file changed, id still ${show(current.recordId)}`;
    case 'history.id-changed':
      return diff.recordId ? `${show(diff.recordId.from)} → ${show(diff.recordId.to)}` : null;
    case 'history.mode-changed':
      return diff.mode ? `${diff.mode.from} → ${diff.mode.to}` : null;
    case 'history.status-changed':
      return diff.status ? `${diff.status.from} → ${diff.status.to}` : null;
    case 'history.mx-changed':
      if (!diff.mxPatterns && !diff.mxHosts) return null;
      return (
        <>
          {diff.mxPatterns && <HostChanges label="policy mx:" change={diff.mxPatterns} />}
          {diff.mxPatterns && diff.mxHosts && '; '}
          {diff.mxHosts && <HostChanges label="MX hosts:" change={diff.mxHosts} />}
        </>
      );
    default:
      return null;
  }
}

const LABELS: Partial<Record<FindingCode, string>> = {
  'history.policy-changed-same-id': 'Policy',
  'history.id-changed': 'Record id',
  'history.mode-changed': 'Mode',
  'history.mx-changed': 'MX',
  'history.status-changed': 'Status',
};

export function HistoryDiff({ previous, current, diff = null, findings }: HistoryDiffProps) {
  const changes = findings.filter((f) => f.code.startsWith('history.'));
  if (changes.length === 0) return null;
  const lines: Line[] = changes.map((f) => ({
    code: f.code,
    severity: f.severity,
    label: LABELS[f.code] ?? 'Change',
    content: (diff && current && structured(f.code, diff, current)) ?? f.message,
  }));
  return (
    <section class="history-diff" data-testid="history-diff" aria-label="Changes since the previous check">
      <h3 class="history-title">
        {previous ? `Changed since ${previous.at.slice(0, 10)}` : 'Changed since the previous check'}
      </h3>
      <ul class="history-lines">
        {lines.map((line, i) => (
          <li
            key={`${i}-${line.code}`}
            class={`history-line history-${line.severity}`}
            data-testid="history-line"
            data-code={line.code}
            data-severity={line.severity}
          >
            {line.severity === 'warning' && (
              <>
                <span class="history-icon" aria-hidden="true">
                  ⚠{'\uFE0E'}{' '}
                </span>
                <span class="visually-hidden">Warning: </span>
              </>
            )}
            <span class="history-label">{line.label}:</span> {line.content}
          </li>
        ))}
      </ul>
    </section>
  );
}
