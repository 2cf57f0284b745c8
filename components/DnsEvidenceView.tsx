// One DNS lookup as we saw it: name, type, answer code, DNSSEC flag, CNAME chain and records verbatim.
import type { DnsEvidence } from '../lib/report/types';
import { NetworkText } from './NetworkText';

export function DnsEvidenceView({ dns }: { dns: DnsEvidence | null }) {
  if (!dns) return <p class="muted">Not looked up.</p>;
  return (
    <div class="dns" data-testid="dns-evidence" data-name={dns.name}>
      <dl class="facts">
        <dt>Query</dt>
        <dd>
          <code>
            <NetworkText text={dns.name} />
          </code>{' '}
          {dns.type}
        </dd>
        <dt>Answer</dt>
        <dd>{dns.rcode ?? 'none: the lookup itself failed'}</dd>
        {dns.authenticated !== null && (
          <>
            <dt>DNSSEC</dt>
            <dd>{dns.authenticated ? 'Validated (AD flag set)' : 'Not validated'}</dd>
          </>
        )}
        {dns.cnames.length > 0 && (
          <>
            <dt>Via CNAME</dt>
            <dd>
              <NetworkText text={dns.cnames.join(' → ')} />
            </dd>
          </>
        )}
        {dns.error && (
          <>
            <dt>Error</dt>
            <dd>
              <NetworkText text={dns.error} />
            </dd>
          </>
        )}
        <dt>Time</dt>
        <dd>
          {Math.round(dns.elapsedMs)} ms{dns.resolver ? ` via ${dns.resolver}` : ''}
        </dd>
      </dl>
      {dns.data.length === 0 ? (
        <p class="muted">No {dns.type} records.</p>
      ) : (
        dns.data.map((record, i) => (
          // Records are shown exactly as received; several strings of one TXT record are already joined.
          <pre key={i} class="record">
            <NetworkText text={record} />
          </pre>
        ))
      )}
    </div>
  );
}
