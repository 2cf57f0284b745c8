// One policy domain: its sessions, the verdict, what failed and where, the daily chart and today's comparison.

import { explainFailure } from '../../lib/tls-rpt/reports/explain';
import type { Readiness } from '../../lib/tls-rpt/reports/readiness';
import {
  type DomainSummary,
  exactCount,
  type SessionCount,
  type Tally,
} from '../../lib/tls-rpt/reports/summary';
import { NetworkText } from '../NetworkText';
import { type CrossCheckState, TlsRptCrossCheck } from './TlsRptCrossCheck';
import { TlsRptDailyChart } from './TlsRptDailyChart';
import { TlsRptVerdict } from './TlsRptVerdict';

export interface TlsRptDomainProps {
  summary: DomainSummary;
  readiness: Readiness;
  check: CrossCheckState;
  onCheck(): void;
}

/** Rows listed per table; the rest is counted. */
const MAX_ROWS = 20;

function formatCount(count: SessionCount): string {
  const n = count.known.toLocaleString('en');
  if (count.unknown === 0) return n;
  if (count.known === 0) return 'unknown';
  return `at least ${n} (${count.unknown} report${count.unknown === 1 ? '' : 's'} gave no count)`;
}

function successRate(summary: DomainSummary): string {
  const total = summary.success.known + summary.failure.known;
  if (total === 0) return '–';
  const rate = (summary.success.known / total) * 100;
  // Never round a failure away: 99.996 % shows as 99.99 %, not 100 %.
  const shown = rate < 100 ? Math.floor(rate * 100) / 100 : 100;
  return `${shown.toLocaleString('en', { maximumFractionDigits: 2 })} %${summary.success.unknown + summary.failure.unknown > 0 ? ' of the counted sessions' : ''}`;
}

function TallyTable({
  caption,
  rows,
  keyLabel,
  unknownLabel,
}: {
  caption: string;
  rows: Tally[];
  keyLabel: string;
  unknownLabel: string;
}) {
  if (rows.length === 0) return null;
  return (
    <table class="tlsrpt-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{keyLabel}</th>
          <th scope="col" class="num">
            Failed sessions
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.slice(0, MAX_ROWS).map((r) => (
          <tr key={r.key ?? ''}>
            <th scope="row">
              {r.key ? (
                <code>
                  <NetworkText text={r.key} />
                </code>
              ) : (
                <span class="muted">{unknownLabel}</span>
              )}
            </th>
            <td class="num">{r.sessions.toLocaleString('en')}</td>
          </tr>
        ))}
        {rows.length > MAX_ROWS && (
          <tr>
            <td colSpan={2} class="muted">
              and {rows.length - MAX_ROWS} more (all are in the CSV export)
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

export function TlsRptDomain({ summary, readiness, check, onCheck }: TlsRptDomainProps) {
  const name = summary.domain ?? 'Reports without a policy domain';
  const success = exactCount(summary.success);
  const failure = exactCount(summary.failure);
  // Result types the verdict already explains host by host.
  const explained = new Set('blocking' in readiness ? readiness.blocking.map((b) => b.resultType) : []);
  const topHost = (type: string | null) =>
    summary.failures.find((f) => f.resultType === type && f.receivingMxHostname)?.receivingMxHostname ?? null;
  return (
    <section
      class="tlsrpt-domain"
      data-testid="tlsrpt-domain"
      data-domain={summary.domain ?? ''}
      data-success={success === null ? '' : String(success)}
      data-failure={failure === null ? '' : String(failure)}
      aria-label={name}
    >
      <h3>
        <NetworkText text={name} />
      </h3>
      <dl class="tlsrpt-facts">
        <div>
          <dt>Successful sessions</dt>
          <dd>{formatCount(summary.success)}</dd>
        </div>
        <div>
          <dt>Failed sessions</dt>
          <dd class={summary.failure.known > 0 ? 'text-error' : ''}>{formatCount(summary.failure)}</dd>
        </div>
        <div>
          <dt>Success rate</dt>
          <dd>{successRate(summary)}</dd>
        </div>
        <div>
          <dt>Reports</dt>
          <dd>
            {summary.reports.toLocaleString('en')}
            {summary.firstDay && (
              <span class="muted">
                {' '}
                (
                {summary.firstDay === summary.lastDay
                  ? summary.firstDay
                  : `${summary.firstDay} to ${summary.lastDay}`}
                )
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Policy types</dt>
          <dd>
            {summary.policyTypes.length > 0 ? (
              <NetworkText text={summary.policyTypes.join(', ')} />
            ) : (
              'unknown'
            )}
          </dd>
        </div>
      </dl>

      {summary.domain !== null && <TlsRptVerdict readiness={readiness} />}

      <TlsRptDailyChart daily={summary.daily} label={`Daily sessions for ${name}`} />

      {summary.byResultType.length > 0 && (
        <div class="tlsrpt-failures">
          <h4>What failed</h4>
          <ul class="tlsrpt-explanations">
            {summary.byResultType.map((t) => {
              const e = explainFailure(t.key, topHost(t.key), summary.domain);
              return (
                <li key={t.key ?? ''} data-testid="tlsrpt-result-type" data-result-type={t.key ?? ''}>
                  <strong>
                    <NetworkText text={e.title} />
                  </strong>{' '}
                  — <code>{t.key === null ? 'no result type' : <NetworkText text={t.key} />}</code>,{' '}
                  {t.sessions.toLocaleString('en')} session{t.sessions === 1 ? '' : 's'}
                  {explained.has(t.key) ? (
                    <span class="muted"> (explained with its fix above)</span>
                  ) : (
                    <>
                      <p>
                        <NetworkText text={e.explanation} />
                      </p>
                      <p class="tlsrpt-fix">
                        Likely fix: <NetworkText text={e.fix} />
                      </p>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      )}

      <div class="tlsrpt-tallies">
        <TallyTable
          caption="By receiving MX host"
          rows={summary.byMxHost}
          keyLabel="MX host"
          unknownLabel="not named"
        />
        <table class="tlsrpt-table">
          <caption>By reporting organisation</caption>
          <thead>
            <tr>
              <th scope="col">Reporter</th>
              <th scope="col" class="num">
                Successful
              </th>
              <th scope="col" class="num">
                Failed
              </th>
            </tr>
          </thead>
          <tbody>
            {summary.byOrganization.slice(0, MAX_ROWS).map((o) => (
              <tr key={o.key ?? ''}>
                <th scope="row">
                  {o.key === null ? <span class="muted">unnamed</span> : <NetworkText text={o.key} />}
                </th>
                <td class="num">{o.success.toLocaleString('en')}</td>
                <td class="num">{o.failure.toLocaleString('en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {summary.domain !== null && <TlsRptCrossCheck domain={summary.domain} check={check} onRun={onCheck} />}
    </section>
  );
}
