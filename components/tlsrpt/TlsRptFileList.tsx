// Which files were read, which were refused and why, and which were copies of a report already read.
import type { DuplicateReport, ImportedReport } from '../../lib/tls-rpt/reports/summary';
import { NetworkText } from '../NetworkText';

export interface RejectedFile {
  fileName: string;
  error: string;
}

export interface TlsRptFileListProps {
  reports: ImportedReport[];
  rejected: RejectedFile[];
  duplicates: DuplicateReport[];
}

function formatRange(start: string | null, end: string | null): string {
  const day = (iso: string | null) => (iso ? iso.slice(0, 10) : 'unknown');
  return start?.slice(0, 10) === end?.slice(0, 10) ? day(start) : `${day(start)} – ${day(end)}`;
}

export function TlsRptFileList({ reports, rejected, duplicates }: TlsRptFileListProps) {
  const withWarnings = reports.filter((r) => r.warnings.length > 0).length;
  return (
    <section class="tlsrpt-files" aria-labelledby="tlsrpt-files-heading">
      <h2 id="tlsrpt-files-heading">Files</h2>
      <p data-testid="tlsrpt-counts">
        {reports.length.toLocaleString('en')} report{reports.length === 1 ? '' : 's'} read
        {duplicates.length > 0 && (
          <>
            , {duplicates.length} duplicate{duplicates.length === 1 ? '' : 's'} counted once
          </>
        )}
        {rejected.length > 0 && (
          <>
            ,{' '}
            <span class="text-error">
              {rejected.length} file{rejected.length === 1 ? '' : 's'} refused
            </span>
          </>
        )}
        .
      </p>
      {rejected.length > 0 && (
        <ul class="tlsrpt-rejected-list">
          {rejected.map((r, i) => (
            <li key={`${i}-${r.fileName}`} data-testid="tlsrpt-rejected" data-file={r.fileName}>
              <strong>
                <NetworkText text={r.fileName} />
              </strong>
              : <NetworkText text={r.error} />
            </li>
          ))}
        </ul>
      )}
      {duplicates.length > 0 && (
        <ul class="tlsrpt-duplicate-list muted">
          {duplicates.map((d, i) => (
            <li key={`${i}-${d.fileName}`} data-testid="tlsrpt-duplicate" data-report-id={d.reportId ?? ''}>
              <NetworkText text={d.fileName} />: same report as <NetworkText text={d.keptFrom} />
              {d.differs ? ' (same reporter and id but different content; the first one read is used)' : ''}
            </li>
          ))}
        </ul>
      )}
      <details class="tlsrpt-report-list">
        <summary>
          Reports read
          {withWarnings > 0 ? ` (${withWarnings} with notes on how they deviate from RFC 8460)` : ''}
        </summary>
        <table class="tlsrpt-table">
          <thead>
            <tr>
              <th scope="col">Reporter</th>
              <th scope="col">Period (UTC)</th>
              <th scope="col">Report id</th>
              <th scope="col">File</th>
              <th scope="col">Notes</th>
            </tr>
          </thead>
          <tbody>
            {reports.map(({ fileName, report, warnings }, i) => (
              <tr key={`${i}-${fileName}`} data-testid="tlsrpt-report" data-report-id={report.reportId ?? ''}>
                <td>
                  {report.organizationName === null ? (
                    <span class="muted">unknown</span>
                  ) : (
                    <NetworkText text={report.organizationName} />
                  )}
                </td>
                <td>{formatRange(report.dateRange.start, report.dateRange.end)}</td>
                <td>
                  <code>{report.reportId === null ? 'none' : <NetworkText text={report.reportId} />}</code>
                </td>
                <td>
                  <NetworkText text={fileName} />
                </td>
                <td>
                  {warnings.length > 0 && (
                    <ul class="tlsrpt-warnings">
                      {warnings.map((w) => (
                        <li key={w}>
                          <NetworkText text={w} />
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
