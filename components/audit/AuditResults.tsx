// The audit's results: counts per status, a status filter, a text search and a sortable table shown one page
// at a time, so thousands of rows never make the page slow.
import { useMemo, useState } from 'preact/hooks';
import type { AuditFact, AuditRow } from '../../lib/audit/audit-row';
import { getCodeInfo } from '../../lib/catalog/index';
import { toDisplayDomain } from '../../lib/input/idn';
import { STATE_LOOK, STATUS_LOOK } from '../../lib/report/look';
import type { Severity, Status } from '../../lib/report/types';
import { NetworkText } from '../NetworkText';
import { SeverityBadge } from '../SeverityBadge';

export interface AuditResultsProps {
  rows: AuditRow[];
  openReport(domain: string): void;
  pageSize?: number;
}

export type SortKey =
  | 'domain'
  | 'status'
  | 'state'
  | 'mode'
  | 'maxAge'
  | 'mx'
  | 'tlsRpt'
  | 'dnssec'
  | 'policyId'
  | 'topFinding';
export interface SortOrder {
  key: SortKey;
  direction: 'ascending' | 'descending';
}
export type StatusFilter = Status | 'ALL';

export const DEFAULT_PAGE_SIZE = 100;

const COLUMNS: ReadonlyArray<{ key: SortKey; label: string }> = [
  { key: 'domain', label: 'Domain' },
  { key: 'status', label: 'Status' },
  { key: 'state', label: 'MTA-STS' },
  { key: 'mode', label: 'Mode' },
  { key: 'maxAge', label: 'max_age' },
  { key: 'mx', label: 'MX coverage' },
  { key: 'tlsRpt', label: 'TLS-RPT' },
  { key: 'dnssec', label: 'DNSSEC' },
  { key: 'policyId', label: 'Policy id' },
  { key: 'topFinding', label: 'Top finding' },
];

const STATUSES: readonly Status[] = ['SUCCESS', 'WARNING', 'ERROR'];
// Worst last, so an ascending sort reads from healthy to broken.
const STATUS_RANK: Record<Status, number> = { SUCCESS: 0, WARNING: 1, ERROR: 2 };
const MODE_RANK: Record<NonNullable<AuditRow['mode']>, number> = { enforce: 0, testing: 1, none: 2 };
const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const FACT_NAMES: Record<AuditFact, string> = {
  record: 'MTA-STS record',
  policy: 'policy',
  mx: 'MX',
  tlsRpt: 'TLS-RPT',
  dnssec: 'DNSSEC',
};

const isUnknown = (row: AuditRow, fact: AuditFact) => row.unknown?.includes(fact) ?? false;

function sortValue(row: AuditRow, key: SortKey): string | number | null {
  switch (key) {
    case 'domain':
      return row.domain;
    case 'status':
      return STATUS_RANK[row.status] ?? null;
    case 'state':
      return row.state && row.state !== 'unknown' ? STATE_LOOK[row.state].word : null;
    case 'mode':
      return row.mode === null ? null : (MODE_RANK[row.mode] ?? null);
    case 'maxAge':
      return row.maxAge;
    case 'mx':
      return row.mxCovered === null || !row.mxTotal ? null : row.mxCovered / row.mxTotal;
    case 'tlsRpt':
      return row.tlsRpt === null ? null : row.tlsRpt ? 1 : 0;
    case 'dnssec':
      return row.dnssec === null ? null : row.dnssec ? 1 : 0;
    case 'policyId':
      return row.policyId;
    case 'topFinding':
      return row.topFinding === null
        ? null
        : `${SEVERITY_RANK[row.topFinding.severity] ?? 3}:${row.topFinding.code}`;
  }
}

function compareValues(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorted copy; rows without a value sort last in both directions, ties by domain. */
export function sortRows(rows: readonly AuditRow[], order: SortOrder): AuditRow[] {
  const sign = order.direction === 'ascending' ? 1 : -1;
  return [...rows].sort((x, y) => {
    const a = sortValue(x, order.key);
    const b = sortValue(y, order.key);
    if (a === null || b === null) {
      if (a !== b) return a === null ? 1 : -1;
    } else {
      const c = compareValues(a, b) * sign;
      if (c !== 0) return c;
    }
    return compareValues(x.domain, y.domain);
  });
}

/** Rows with this status (or all) whose domain, policy id, mode or findings contain the query. */
export function filterRows(rows: readonly AuditRow[], status: StatusFilter, query: string): AuditRow[] {
  const q = query.trim().toLowerCase();
  return rows.filter((row) => {
    if (status !== 'ALL' && row.status !== status) return false;
    if (q === '') return true;
    const haystack = [
      row.domain,
      toDisplayDomain(row.domain),
      row.policyId ?? '',
      row.mode ?? '',
      row.topFinding?.message ?? '',
      ...row.findingCodes,
    ];
    return haystack.some((s) => s.toLowerCase().includes(q));
  });
}

export function countByStatus(rows: readonly AuditRow[]): Record<Status, number> {
  const counts: Record<Status, number> = { SUCCESS: 0, WARNING: 0, ERROR: 0 };
  for (const row of rows) if (row.status in counts) counts[row.status] += 1;
  return counts;
}

function formatMaxAge(seconds: number): string {
  const days = seconds / 86400;
  if (days >= 1) return `${Number.isInteger(days) ? days : days.toFixed(1)} d`;
  const hours = seconds / 3600;
  if (hours >= 1) return `${Number.isInteger(hours) ? hours : hours.toFixed(1)} h`;
  return `${seconds} s`;
}

/** An empty cell that screen readers read as a word rather than "dash". */
function Missing({ label }: { label: string }) {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span class="visually-hidden">{label}</span>
    </>
  );
}

/** A fact our lookup could not establish: distinct from "no" and from "none". */
function Unknown() {
  return (
    <span class="audit-unknown" data-testid="audit-unknown" title="The lookup failed: not known">
      <span aria-hidden="true">?</span> unknown
    </span>
  );
}

function YesNo({ value, unknown }: { value: boolean | null; unknown: boolean }) {
  if (value === null) return unknown ? <Unknown /> : <Missing label="not known" />;
  return <span class={value ? 'audit-yes' : 'audit-no'}>{value ? 'Yes' : 'No'}</span>;
}

function MxCoverage({ row }: { row: AuditRow }) {
  if (row.mxTotal === null) return <Unknown />;
  if (row.mxTotal === 0) return <span class="muted">no MX</span>;
  if (row.mxCovered === null) {
    return (
      <>
        <Missing label="not known" /> / {row.mxTotal}
      </>
    );
  }
  const full = row.mxCovered === row.mxTotal;
  return (
    <span class={full ? undefined : 'text-error'}>
      {row.mxCovered} / {row.mxTotal}
    </span>
  );
}

function ResultRow({ row, openReport }: { row: AuditRow; openReport(domain: string): void }) {
  const look = STATUS_LOOK[row.status];
  const unknown = row.unknown ?? [];
  const title = row.topFinding ? (getCodeInfo(row.topFinding.code)?.title ?? row.topFinding.message) : null;
  const shownDomain = toDisplayDomain(row.domain);
  return (
    <tr
      data-testid="audit-row"
      data-domain={row.domain}
      data-status={row.status}
      data-state={row.state}
      data-unknown={unknown.length > 0 ? unknown.join(' ') : undefined}
      data-changed={row.changed ? 'true' : undefined}
      class={row.changed ? 'audit-row-changed' : undefined}
    >
      <th scope="row" class="audit-domain">
        {/* IDNs read in Unicode; the A-label (what is looked up) is in the tooltip and the report's evidence. */}
        <button
          type="button"
          class="button-link"
          title={shownDomain !== row.domain ? row.domain : undefined}
          onClick={() => openReport(row.domain)}
        >
          <NetworkText text={shownDomain} />
          <span class="visually-hidden"> (open the full report)</span>
        </button>
        {row.changed && (
          <span
            class="audit-changed"
            data-testid="audit-changed"
            title="Status, mode, policy id or MX coverage differ from the previous audit"
          >
            <span aria-hidden="true">◆&#xFE0E;</span> Changed
          </span>
        )}
        {row.input && row.input !== row.domain && (
          <span class="audit-input muted" data-testid="audit-row-input">
            from {row.input}
          </span>
        )}
        {unknown.length > 0 && (
          <span class="audit-lookup-failed" data-testid="audit-lookup-failed">
            Lookup failed:{' '}
            {unknown
              .filter((f) => f !== 'policy')
              .map((f) => FACT_NAMES[f])
              .join(', ')}
          </span>
        )}
      </th>
      <td class={`audit-status audit-status-${row.status.toLowerCase()}`}>
        <span aria-hidden="true">{look?.icon}</span> {look?.word ?? row.status}
      </td>
      <td>{row.state && row.state !== 'unknown' ? STATE_LOOK[row.state].word : <Unknown />}</td>
      <td>{row.mode ?? (isUnknown(row, 'policy') ? <Unknown /> : <Missing label="no policy" />)}</td>
      <td>
        {row.maxAge === null ? (
          isUnknown(row, 'policy') ? (
            <Unknown />
          ) : (
            <Missing label="no policy" />
          )
        ) : (
          <>
            {row.maxAge} <span class="muted">({formatMaxAge(row.maxAge)})</span>
          </>
        )}
      </td>
      <td>
        <MxCoverage row={row} />
      </td>
      <td>
        <YesNo value={row.tlsRpt} unknown={isUnknown(row, 'tlsRpt')} />
      </td>
      <td>
        <YesNo value={row.dnssec} unknown={isUnknown(row, 'dnssec')} />
      </td>
      <td>
        {row.policyId !== null ? (
          <code>
            <NetworkText text={row.policyId} />
          </code>
        ) : isUnknown(row, 'record') ? (
          <Unknown />
        ) : (
          <Missing label="none" />
        )}
      </td>
      <td class="audit-finding">
        {row.topFinding === null ? (
          <Missing label="none" />
        ) : (
          <>
            <SeverityBadge severity={row.topFinding.severity} />{' '}
            <span title={row.topFinding.message}>
              <NetworkText text={title} />
            </span>{' '}
            <code class="muted">{row.topFinding.code}</code>
          </>
        )}
      </td>
    </tr>
  );
}

export function AuditResults({ rows, openReport, pageSize = DEFAULT_PAGE_SIZE }: AuditResultsProps) {
  const [order, setOrder] = useState<SortOrder>({ key: 'domain', direction: 'ascending' });
  const [status, setStatus] = useState<StatusFilter>('ALL');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);

  const counts = useMemo(() => countByStatus(rows), [rows]);
  const shown = useMemo(() => sortRows(filterRows(rows, status, query), order), [rows, status, query, order]);
  const pageCount = Math.max(1, Math.ceil(shown.length / pageSize));
  // New rows or a narrower filter can leave the current page past the end.
  const current = Math.min(page, pageCount - 1);
  const pageRows = shown.slice(current * pageSize, (current + 1) * pageSize);
  const first = shown.length === 0 ? 0 : current * pageSize + 1;
  const last = current * pageSize + pageRows.length;

  const sortBy = (key: SortKey) => {
    setOrder((o) =>
      o.key === key
        ? { key, direction: o.direction === 'ascending' ? 'descending' : 'ascending' }
        : { key, direction: 'ascending' },
    );
    setPage(0);
  };
  const changedCount = useMemo(() => rows.filter((r) => r.changed).length, [rows]);

  return (
    <section class="audit-results" aria-labelledby="audit-results-heading" data-testid="audit-results">
      <h2 id="audit-results-heading">Results</h2>
      <ul class="audit-counts" data-testid="audit-counts" aria-label="Results per status">
        {STATUSES.map((s) => (
          <li key={s} class={`audit-count audit-status-${s.toLowerCase()}`} data-status={s}>
            <span aria-hidden="true">{STATUS_LOOK[s].icon}</span> {STATUS_LOOK[s].word}:{' '}
            <strong data-testid={`audit-count-${s}`}>{counts[s].toLocaleString('en')}</strong>
          </li>
        ))}
        <li class="audit-count">
          Total: <strong data-testid="audit-count-total">{rows.length.toLocaleString('en')}</strong>
        </li>
        {changedCount > 0 && (
          <li class="audit-count audit-changed">
            <span aria-hidden="true">◆&#xFE0E;</span> Changed since the previous audit:{' '}
            <strong>{changedCount.toLocaleString('en')}</strong>
          </li>
        )}
      </ul>
      <div class="audit-filters">
        <label class="audit-field">
          <span>Status</span>
          <select
            data-testid="audit-filter"
            value={status}
            onChange={(e) => {
              setStatus(e.currentTarget.value as StatusFilter);
              setPage(0);
            }}
          >
            <option value="ALL">All</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LOOK[s].word}
              </option>
            ))}
          </select>
        </label>
        <label class="audit-field">
          <span>Search</span>
          <input
            type="search"
            data-testid="audit-search"
            placeholder="Domain, policy id or finding"
            value={query}
            onInput={(e) => {
              setQuery(e.currentTarget.value);
              setPage(0);
            }}
          />
        </label>
      </div>
      <p class="muted" data-testid="audit-page-info">
        {shown.length === 0
          ? rows.length === 0
            ? 'No results yet.'
            : 'No results match the status and search.'
          : `Showing ${first.toLocaleString('en')}–${last.toLocaleString('en')} of ${shown.length.toLocaleString('en')}${
              shown.length === rows.length ? '' : ` (filtered from ${rows.length.toLocaleString('en')})`
            }.`}
      </p>
      <div class="audit-table-wrap">
        <table class="audit-table">
          <caption class="visually-hidden">
            Audit results, sorted by {COLUMNS.find((c) => c.key === order.key)?.label} {order.direction}
          </caption>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={order.key === c.key ? order.direction : undefined}
                  data-column={c.key}
                >
                  <button type="button" class="audit-sort" onClick={() => sortBy(c.key)}>
                    {c.label}
                    <span aria-hidden="true" class="audit-sort-icon">
                      {order.key === c.key ? (order.direction === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {pageRows.map((row) => (
              <ResultRow key={row.domain} row={row} openReport={openReport} />
            ))}
          </tbody>
        </table>
      </div>
      {pageCount > 1 && (
        <nav class="audit-pages actions" aria-label="Result pages">
          <button
            type="button"
            class="button"
            data-testid="audit-prev-page"
            disabled={current === 0}
            onClick={() => setPage(current - 1)}
          >
            Previous
          </button>
          <span data-testid="audit-page">
            Page {current + 1} of {pageCount}
          </span>
          <button
            type="button"
            class="button"
            data-testid="audit-next-page"
            disabled={current >= pageCount - 1}
            onClick={() => setPage(current + 1)}
          >
            Next
          </button>
        </nav>
      )}
    </section>
  );
}
