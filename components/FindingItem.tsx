// One finding: what it means (catalogue title), what we saw, the RFC rule, how to fix it, and a
// corrected example to copy when one can be built.
import { getCodeInfo } from '../lib/catalog/index';
import { suggestFix } from '../lib/fixes';
import type { Finding, Report } from '../lib/report/types';
import { CopyButton } from './CopyButton';
import { RfcReference } from './RfcReference';
import { SeverityBadge } from './SeverityBadge';

export interface FindingItemProps {
  finding: Finding;
  report: Report;
  copyText?: (text: string) => Promise<void>;
}

/** Findings after which the TLS reports page is the next step: reports arrive, or testing mode awaits them. */
const TLS_REPORT_CODES = new Set(['tlsrpt.valid', 'policy.mode.testing']);

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
        {info?.title ?? finding.message}
      </h3>
      {info && <p class="finding-message">{finding.message}</p>}
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
      {TLS_REPORT_CODES.has(finding.code) && (
        <p class="finding-fix">
          <a href="/tlsrpt.html" target="_blank" rel="noopener" data-testid="tlsrpt-link">
            Read the TLS reports you received
          </a>{' '}
          to see whether senders fail to deliver securely, and whether the policy can be enforced.
        </p>
      )}
      {suggestion && (
        <div class="snippet">
          <p class="snippet-label">{suggestion.label}:</p>
          <pre data-testid="suggestion">{suggestion.text}</pre>
          {copyText && <CopyButton label="Copy example" text={suggestion.text} copyText={copyText} />}
          {suggestion.note && <p class="snippet-note">{suggestion.note}</p>}
        </div>
      )}
    </li>
  );
}
