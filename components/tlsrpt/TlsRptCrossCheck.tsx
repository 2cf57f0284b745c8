// The reports side by side with today's check of the same domain.
import type { CrossCheck } from '../../lib/tls-rpt/reports/cross-check';
import { NetworkText } from '../NetworkText';

export type CrossCheckState =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'done'; result: CrossCheck }
  | { state: 'failed'; error: string };

export interface TlsRptCrossCheckProps {
  domain: string;
  check: CrossCheckState;
  onRun(): void;
}

function Result({ result }: { result: CrossCheck }) {
  const { hostsNotInPolicy, policyErrors, drift, liveMode } = result;
  return (
    <ul class="tlsrpt-crosscheck-list" data-testid="tlsrpt-crosscheck-result">
      <li data-testid="tlsrpt-crosscheck-mode" data-mode={liveMode ?? ''}>
        {liveMode
          ? `Published today: a policy in mode ${liveMode}.`
          : 'Today’s check found no usable MTA-STS policy.'}
      </li>
      {hostsNotInPolicy && hostsNotInPolicy.length > 0 && (
        <li data-testid="tlsrpt-crosscheck-hosts">
          Failures on MX hosts today’s policy does not list:{' '}
          {hostsNotInPolicy.map((h, i) => (
            <span key={h.host}>
              {i > 0 && ', '}
              <code>
                <NetworkText text={h.host} />
              </code>{' '}
              ({h.sessions.toLocaleString('en')})
            </span>
          ))}
          . Add them to the policy’s mx lines, or stop pointing MX records at them.
        </li>
      )}
      {hostsNotInPolicy && hostsNotInPolicy.length === 0 && (
        <li>Every MX host named in the failures is listed in today’s policy.</li>
      )}
      {policyErrors && (
        <li data-testid="tlsrpt-crosscheck-policy" data-still-failing={String(policyErrors.stillFailing)}>
          {policyErrors.sessions.toLocaleString('en')} sessions failed to get the policy:{' '}
          {policyErrors.stillFailing
            ? 'today’s check still cannot fetch a valid policy.'
            : 'fixed since, today’s check fetched a valid policy.'}
        </li>
      )}
      {drift && drift.length === 0 && <li>The policy senders saw is the one published today.</li>}
      {drift && drift.length > 0 && (
        <li data-testid="tlsrpt-crosscheck-drift">
          The policy changed since the reports:
          <table class="tlsrpt-table tlsrpt-drift">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Senders saw</th>
                <th scope="col">Published today</th>
              </tr>
            </thead>
            <tbody>
              {drift.map((d) => (
                <tr key={d.field}>
                  <th scope="row">{d.field}</th>
                  <td>
                    <NetworkText text={d.reported} />
                  </td>
                  <td>
                    <NetworkText text={d.published} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </li>
      )}
    </ul>
  );
}

export function TlsRptCrossCheck({ domain, check, onRun }: TlsRptCrossCheckProps) {
  return (
    <div class="tlsrpt-crosscheck" data-testid="tlsrpt-crosscheck" data-state={check.state}>
      <h4>Compared with today</h4>
      {check.state !== 'done' && (
        <p>
          <button
            type="button"
            class="button"
            data-testid="tlsrpt-crosscheck-run"
            disabled={check.state === 'running'}
            onClick={onRun}
          >
            <NetworkText text={check.state === 'running' ? `Checking ${domain}…` : `Check ${domain} now`} />
          </button>{' '}
          <span class="muted">runs today’s MTA-STS check and compares it with what senders reported.</span>
        </p>
      )}
      {check.state === 'failed' && <p class="text-error">The check did not complete: {check.error}</p>}
      {check.state === 'done' && <Result result={check.result} />}
    </div>
  );
}
