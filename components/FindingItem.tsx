// One finding: what it means (catalogue title), what we saw, the RFC rule, how to fix it, and a
// corrected example to copy when one can be built.
import { getCodeInfo } from '../lib/catalog/index';
import { suggestFix } from '../lib/fixes';
import type { Finding, Report } from '../lib/report/types';
import { CopyButton } from './CopyButton';
import { NetworkText } from './NetworkText';
import { RfcReference } from './RfcReference';
import { SeverityBadge } from './SeverityBadge';

export interface FindingItemProps {
  finding: Finding;
  report: Report;
  copyText?: (text: string) => Promise<void>;
}

export function FindingItem({ finding, report, copyText }: FindingItemProps) {
  const info = getCodeInfo(finding.code);
  const suggestion = suggestFix(finding, report);
  return (
    <li
      class={`finding finding-${finding.severity}`}
      data-testid="finding"
      data-code={finding.code}
      data-severity={finding.severity}
    >
      <h3 class="finding-title">
        <SeverityBadge severity={finding.severity} />{' '}
        {/* Without a catalogue entry the message itself is the best title we have. */}
        {info?.title ?? <NetworkText text={finding.message} />}
      </h3>
      {info && (
        <p class="finding-message">
          <NetworkText text={finding.message} />
        </p>
      )}
      <p class="finding-meta">
        <code>{finding.code}</code>
        {finding.rfc && (
          <>
            {' · '}
            <RfcReference rfc={finding.rfc} />
          </>
        )}
      </p>
      {info?.fix && (
        <p class="finding-fix">
          <strong>How to fix:</strong> {info.fix}
        </p>
      )}
      {suggestion && (
        <div class="snippet">
          <p class="snippet-label">
            <NetworkText text={suggestion.label} />:
          </p>
          <pre data-testid="suggestion">
            <NetworkText text={suggestion.text} />
          </pre>
          {copyText && <CopyButton label="Copy example" text={suggestion.text} copyText={copyText} />}
          {suggestion.note && (
            <p class="snippet-note">
              <NetworkText text={suggestion.note} />
            </p>
          )}
        </div>
      )}
    </li>
  );
}
