// One finding: what it means (catalogue title), what was seen, the RFC rule, how to fix it (with the real
// domain in place of placeholders), and a corrected example or a command to copy when one can be built.
// The texts and the snippet come worked out (lib/report/presentation.ts): this is markup only.
import type { FindingCode } from '../lib/catalog/index';
import type { FindingPresentation, TextParts } from '../lib/report/presentation';
import type { Finding } from '../lib/report/types';
import { CopyButton } from './CopyButton';
import { NetworkText } from './NetworkText';
import { RfcReference } from './RfcReference';
import { SeverityBadge } from './SeverityBadge';

export interface FindingItemProps {
  finding: Finding;
  /** Its title, fix text, snippet: presentReport's entry for this finding. */
  view: FindingPresentation;
  copyText?: (text: string) => Promise<void>;
  /** The first problem, shown on its own above the others. */
  lead?: boolean;
}

/** Text with `code` spans shown as code, never as raw backticks. */
function RichText({ parts }: { parts: TextParts }) {
  return <>{parts.map((part, i) => (part.code ? <code key={i}>{part.text}</code> : part.text))}</>;
}

/** Findings after which the TLS reports page is the next step: reports arrive, or testing mode awaits them. */
const TLS_REPORT_CODES: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'tlsrpt.valid',
  'policy.mode.testing',
]);

export function FindingItem({ finding, view, copyText, lead = false }: FindingItemProps) {
  const { title, fix, suggestion } = view;
  return (
    <li
      class={`finding finding-${finding.severity}${lead ? ' finding-lead' : ''}`}
      data-testid="finding"
      data-code={finding.code}
      data-severity={finding.severity}
      data-lead={lead ? 'true' : undefined}
    >
      <h3 class="finding-title">
        <SeverityBadge severity={finding.severity} />{' '}
        {/* Without a catalogue entry the message itself is the best title we have. */}
        {title ?? <NetworkText text={finding.message} />}
      </h3>
      {title !== null && (
        <p class="finding-message">
          <NetworkText text={finding.message} />
        </p>
      )}
      {fix && (
        <p class="finding-fix">
          <strong>How to fix:</strong> <RichText parts={fix} />
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
          <p class="snippet-label">
            <NetworkText text={suggestion.label} />:
          </p>
          <pre data-testid="suggestion">
            <NetworkText text={suggestion.text} />
          </pre>
          {copyText && (
            <CopyButton
              label={suggestion.kind === 'command' ? 'Copy command' : 'Copy example'}
              text={suggestion.text}
              copyText={copyText}
            />
          )}
          {suggestion.note && (
            <p class="snippet-note">
              <NetworkText text={suggestion.note} />
            </p>
          )}
        </div>
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
    </li>
  );
}
