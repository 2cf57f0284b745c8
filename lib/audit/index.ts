// The bulk audit's public surface: list parsing, the bounded-concurrency runner and the exports.
export { type AuditRow, createAuditRow } from './audit-row';
export {
  type CsvExportOptions,
  createCsvExport,
  createExportFileName,
  createJsonExport,
  escapeCsvCell,
  type JsonExport,
} from './export';
export {
  type CsvTable,
  type ParsedList,
  type ParseListOptions,
  parseCsv,
  parseCsvColumn,
  parseDomainList,
  type RejectedLine,
} from './parse-list';
export {
  type AuditProgress,
  type AuditRun,
  type AuditRunOptions,
  type AuditState,
  clampConcurrency,
  createAuditRun,
  createCheckFailedReport,
  DEFAULT_CONCURRENCY,
  MAX_CONCURRENCY,
} from './run-audit';
