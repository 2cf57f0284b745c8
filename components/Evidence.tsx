// Everything the verdict rests on, as received: collapsed by default, and in the DOM from the frame after the
// report is painted (LaterDetails), so it can be searched, copied and read by assistive technology once opened.
import { Fragment } from 'preact';
import type { PolicyFetchEvidence, Report, StepName } from '../lib/report/types';
import { DnsEvidenceView } from './DnsEvidenceView';
import { LaterDetails } from './LaterDetails';
import { NetworkText } from './NetworkText';
import { PolicyCertificateView } from './PolicyCertificateView';
import { STEP_LABELS } from './StepList';

const OUTCOME_TEXT: Record<PolicyFetchEvidence['outcome'], string> = {
  ok: 'Fetched',
  redirect: 'Redirected (senders do not follow redirects)',
  'http-status': 'Refused: the HTTP status is not 200',
  timeout: 'Timed out',
  'too-large': 'Too large',
  network: 'Connection failed',
};

function formatAge(seconds: number): string {
  const days = seconds / 86400;
  if (days >= 1) return `${seconds} seconds (${Number.isInteger(days) ? days : days.toFixed(1)} days)`;
  return `${seconds} seconds (${(seconds / 3600).toFixed(1)} hours)`;
}

function PolicyFetchView({ fetch }: { fetch: PolicyFetchEvidence | null }) {
  if (!fetch) return <p class="muted">Not fetched.</p>;
  return (
    <div data-testid="policy-fetch">
      <dl class="facts">
        <dt>URL</dt>
        <dd>
          <code>
            <NetworkText text={fetch.url} />
          </code>
        </dd>
        <dt>Outcome</dt>
        <dd>{OUTCOME_TEXT[fetch.outcome]}</dd>
        <dt>HTTP status</dt>
        <dd>{fetch.status ?? 'none'}</dd>
        {fetch.location !== null && (
          <>
            <dt>Redirect to</dt>
            <dd>
              <code>
                <NetworkText text={fetch.location} />
              </code>
            </dd>
          </>
        )}
        <dt>Content type</dt>
        <dd>{fetch.contentType === null ? 'none' : <NetworkText text={fetch.contentType} />}</dd>
        <dt>Size</dt>
        <dd>
          {fetch.bytes} bytes{fetch.truncated ? ' (cut off)' : ''}
        </dd>
        <dt>Time</dt>
        <dd>{Math.round(fetch.elapsedMs)} ms</dd>
        {fetch.error !== null && (
          <>
            <dt>Error</dt>
            <dd>
              <NetworkText text={fetch.error} />
            </dd>
          </>
        )}
      </dl>
      {fetch.body !== null && (
        <>
          <p class="muted">Body as received{fetch.truncated ? ' (cut off for display)' : ''}:</p>
          <pre class="policy-body" data-testid="policy-body">
            <NetworkText text={fetch.body} />
          </pre>
        </>
      )}
    </div>
  );
}

function coverageText(covered: boolean | null): string {
  if (covered === null) return 'No policy to match';
  return covered ? 'Covered' : 'Not covered';
}

function daneText(dane: boolean | null, authenticated: boolean | null, pending: boolean): string {
  if (dane === null) return pending ? 'Checking…' : 'Unknown';
  if (!dane) return 'None';
  return authenticated ? 'TLSA, DNSSEC-validated' : 'TLSA, not validated';
}

export function Evidence({ report }: { report: Report }) {
  const e = report.evidence;
  const timingSteps = (Object.keys(STEP_LABELS) as StepName[]).filter(
    (s) => typeof report.timings[s] === 'number',
  );
  return (
    <section class="evidence" aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">Evidence</h2>
      <LaterDetails data-testid="evidence" summary="Records, policy and timings as received">
        <h3>MTA-STS record</h3>
        <DnsEvidenceView dns={e.stsTxt} />
        {e.stsRecord && (
          <p>
            Parsed: id{' '}
            <code>
              <NetworkText text={e.stsRecord.id} />
            </code>
            {Object.keys(e.stsRecord.extensions).length > 0 && (
              <>
                , extensions{' '}
                <NetworkText
                  text={Object.entries(e.stsRecord.extensions)
                    .map(([k, v]) => `${k}=${v}`)
                    .join('; ')}
                />
              </>
            )}
          </p>
        )}

        <h3>Policy file</h3>
        <PolicyFetchView fetch={e.policyFetch} />
        {e.policyFetch && (
          <>
            <h3>Policy host certificate</h3>
            <PolicyCertificateView
              tls={e.policyTls}
              host={`mta-sts.${report.domain}`}
              checkedAt={report.checkedAt}
            />
          </>
        )}

        <h3>Parsed policy</h3>
        {e.policy ? (
          <dl class="facts" data-testid="parsed-policy">
            <dt>mode</dt>
            <dd>{e.policy.mode}</dd>
            <dt>max_age</dt>
            <dd>{formatAge(e.policy.maxAge)}</dd>
            <dt>mx</dt>
            <dd>{e.policy.mx.length > 0 ? <NetworkText text={e.policy.mx.join(', ')} /> : 'none'}</dd>
          </dl>
        ) : (
          <p class="muted">No usable policy.</p>
        )}

        <h3>Policy host</h3>
        {(e.policyHostA || !e.policyHostPending) && <DnsEvidenceView dns={e.policyHostA} />}
        {e.policyHostAAAA && <DnsEvidenceView dns={e.policyHostAAAA} />}
        {e.policyHostPending && (
          <p class="muted" data-testid="policy-host-pending">
            Its addresses (A, AAAA): checking…
          </p>
        )}

        <h3>MX hosts</h3>
        {e.nullMx && <p>Null MX: the domain declares that it receives no mail (RFC 7505).</p>}
        {e.mxHosts.length > 0 ? (
          <table class="mx-table" data-testid="mx-table">
            <thead>
              <tr>
                <th scope="col">Host</th>
                <th scope="col">Pref.</th>
                <th scope="col">Policy</th>
                <th scope="col">Matched by</th>
                <th scope="col">DANE</th>
              </tr>
            </thead>
            <tbody>
              {e.mxHosts.map((h) => (
                <tr key={`${h.preference} ${h.host}`} data-testid="mx-host" data-covered={String(h.covered)}>
                  <td>
                    <NetworkText text={h.host} />
                  </td>
                  <td>{h.preference}</td>
                  <td class={h.covered === false ? 'text-error' : undefined}>
                    {h.covered === false && <span aria-hidden="true">✖&#xFE0E; </span>}
                    {coverageText(h.covered)}
                  </td>
                  <td>{h.matchedBy === null ? '—' : <NetworkText text={h.matchedBy} />}</td>
                  <td>{daneText(h.dane, h.daneAuthenticated, e.danePending === true)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          !e.nullMx && <p class="muted">No MX hosts.</p>
        )}
        {/* RFC 8461 §4.2 checks happen over SMTP, which a browser cannot open. */}
        <p class="muted">
          A browser cannot connect to mail servers, so STARTTLS support and the MX hosts' certificates are not
          tested here.
        </p>
        {e.mx && <DnsEvidenceView dns={e.mx} />}

        <h3>TLS-RPT record</h3>
        <DnsEvidenceView dns={e.tlsRptTxt} />
        {e.tlsRptRecord && (
          <p>
            Reports go to: <NetworkText text={e.tlsRptRecord.rua.join(', ')} />
          </p>
        )}

        <h3>DNSSEC and DANE</h3>
        <ul>
          {[e.stsTxt, e.mx, e.tlsRptTxt, e.policyHostA].map(
            (dns) =>
              dns && (
                <li key={`${dns.name} ${dns.type}`}>
                  <NetworkText text={dns.name} /> {dns.type}:{' '}
                  {dns.authenticated === null
                    ? 'unknown'
                    : dns.authenticated
                      ? 'DNSSEC-validated'
                      : 'not validated'}
                </li>
              ),
          )}
          <li>
            DANE (TLSA at _25._tcp):{' '}
            {e.danePending
              ? 'checking…'
              : e.mxHosts.length === 0
                ? 'no MX hosts to check'
                : `${e.mxHosts.filter((h) => h.dane === true).length} of ${e.mxHosts.length} MX hosts`}
          </li>
        </ul>

        <h3>Timings</h3>
        <dl class="facts" data-testid="timings">
          {timingSteps.map((step) => (
            <Fragment key={step}>
              <dt>{STEP_LABELS[step]}</dt>
              <dd>{Math.round(report.timings[step] ?? 0)} ms</dd>
            </Fragment>
          ))}
          <dt>Total</dt>
          <dd>{Math.round(report.timings.total ?? 0)} ms</dd>
        </dl>
        <p>
          Resolver: <NetworkText text={report.resolver} />. Checked at {report.checkedAt}.
        </p>
      </LaterDetails>
    </section>
  );
}
