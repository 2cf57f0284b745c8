// "Ready to switch to enforce?" for a testing domain, "Mail bounced by MTA-STS" for an enforcing one.
import { describeReadiness, READINESS_THRESHOLDS, type Readiness } from '../../lib/tls-rpt/reports/readiness';
import { NetworkText } from '../NetworkText';

export interface TlsRptVerdictProps {
  readiness: Readiness;
}

/** Hosts and blocking failures listed at most; a report with thousands of hosts must not flood the page. */
const MAX_LISTED = 20;

const TONE: Record<Readiness['kind'], 'success' | 'warning' | 'error' | 'info'> = {
  ready: 'success',
  'not-ready': 'error',
  'not-enough-data': 'warning',
  enforced: 'success',
  'mode-none': 'info',
  'no-sts-policy': 'info',
  'mode-unknown': 'warning',
};

export function TlsRptVerdict({ readiness }: TlsRptVerdictProps) {
  const { headline, detail } = describeReadiness(readiness);
  const tone = readiness.kind === 'enforced' && readiness.bounced > 0 ? 'error' : TONE[readiness.kind];
  const blocking = 'blocking' in readiness ? readiness.blocking : [];
  return (
    <div
      class={`tlsrpt-verdict tlsrpt-tone-${tone}`}
      data-testid="tlsrpt-verdict"
      data-verdict={readiness.kind}
    >
      <h4>
        <NetworkText text={headline} />
      </h4>
      <p>
        <NetworkText text={detail} />
      </p>
      {readiness.kind === 'enforced' && readiness.hosts.length > 0 && (
        <ul>
          {readiness.hosts.slice(0, MAX_LISTED).map((h) => (
            <li key={h.host ?? ''}>
              {h.host === null ? 'host not named in the report' : <NetworkText text={h.host} />}:{' '}
              {h.sessions.toLocaleString('en')} session
              {h.sessions === 1 ? '' : 's'}
            </li>
          ))}
        </ul>
      )}
      {blocking.length > 0 && (
        <ol class="tlsrpt-blocking">
          {blocking.slice(0, MAX_LISTED).map((b) => (
            <li
              key={`${b.resultType}-${b.host}`}
              data-testid="tlsrpt-blocking"
              data-result-type={b.resultType ?? ''}
            >
              <strong>
                <NetworkText text={b.title} />
              </strong>{' '}
              ({b.sessions.toLocaleString('en')} session
              {b.sessions === 1 ? '' : 's'}
              {b.resultType && (
                <>
                  ,{' '}
                  <code>
                    <NetworkText text={b.resultType} />
                  </code>
                </>
              )}
              ): <NetworkText text={b.explanation} />
              <br />
              <span class="tlsrpt-fix">
                Fix: <NetworkText text={b.fix} />
              </span>
            </li>
          ))}
        </ol>
      )}
      {blocking.length > MAX_LISTED && (
        <p class="muted">
          and {blocking.length - MAX_LISTED} more host and failure combinations (all are in the CSV export).
        </p>
      )}
      {(readiness.kind === 'ready' || readiness.kind === 'not-enough-data') && (
        <p class="muted">
          We call a domain ready after at least {READINESS_THRESHOLDS.minSessions} sessions over{' '}
          {READINESS_THRESHOLDS.minDays} days of reports with no failure under the MTA-STS policy.
        </p>
      )}
    </div>
  );
}
