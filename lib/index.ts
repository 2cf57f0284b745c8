// The product's brain, as one import for the extension, the CLI, tests and outside checkers.
// Plain TypeScript with explicit imports only: `tsx` or any TypeScript-aware Node tooling can load it directly.
// This is the one file that re-exports: each name below is defined in the module it is imported from.

export { type AuditRow, createAuditRow } from './audit/audit-row';
export {
  type CsvExportOptions,
  createCsvExport,
  createExportFileName,
  createJsonExport,
  type JsonExport,
} from './audit/export';
export {
  type CsvTable,
  type ParsedList,
  type ParseListOptions,
  parseCsv,
  parseCsvColumn,
  parseDomainList,
  type RejectedLine,
} from './audit/parse-list';
export {
  type AuditProgress,
  type AuditRun,
  type AuditRunOptions,
  type AuditState,
  clampConcurrency,
  createAuditRun,
  DEFAULT_CONCURRENCY,
  MAX_CONCURRENCY,
} from './audit/run-audit';
export { CATALOG, getCodeInfo } from './catalog/index';
export type { CodeInfo } from './catalog/types';
export { type CheckDeps, checkDomain, DEFAULT_RESOLVER } from './check/check-domain';
export { createDnsCache, type DnsCache } from './dns/cache';
export { createResolver } from './dns/doh-client';
export type * from './dns/types';
export { escapeCsvCell } from './export-files';
export {
  applyHistoryFindings,
  compareSnapshots,
  createHistory,
  createMemoryHistoryStore,
  createSnapshot,
  type History,
  type HistoryStore,
  withHistory,
} from './history/history';
export { createSnapshotDiff } from './history/snapshot';
export { type NormalizeDomainResult, normalizeDomain } from './input/domain';
export { isIpAddress, normalizeHostname } from './input/hostname';
export { classifyFetchFailure, fetchPolicy } from './mta-sts/fetch-policy';
export { findMatchingPattern, mxMatches } from './mta-sts/mx-match';
export { parsePolicy } from './mta-sts/policy';
export { createStsRecordFindings, parseStsRecord, selectStsRecords } from './mta-sts/record';
export type * from './mta-sts/types';
export { createCheckFailedReport } from './report/empty';
export { createReportMarkdown } from './report/markdown';
export { createSummary } from './report/summary';
export { createReportText } from './report/text';
export type * from './report/types';
export { createRisks, UNDETERMINED_CODES, verdict } from './report/verdict';
export { createTlsRptFindings, parseTlsRptRecord, selectTlsRptRecords } from './tls-rpt/record';
export { type CrossCheck, crossCheck, type PolicyDrift } from './tls-rpt/reports/cross-check';
export { type DecodeOptions, MAX_DECOMPRESSED_BYTES, MAX_INPUT_BYTES } from './tls-rpt/reports/decode';
export { explainFailure, type FailureExplanation } from './tls-rpt/reports/explain';
export {
  createTlsRptCsv,
  createTlsRptFileName,
  createTlsRptJson,
  type TlsRptJsonExport,
} from './tls-rpt/reports/export';
export { type Gunzip, type GunzipResult, platformGunzip } from './tls-rpt/reports/gunzip';
export { parseTlsRptReport, readTlsReport } from './tls-rpt/reports/parse';
export {
  assessReadiness,
  type BlockingFailure,
  DELIVERY_BLOCKING_RESULTS,
  describeReadiness,
  type HostCount,
  READINESS_THRESHOLDS,
  type Readiness,
} from './tls-rpt/reports/readiness';
export {
  type DaySessions,
  type DomainSummary,
  type DuplicateReport,
  exactCount,
  type FailureRow,
  type ImportedReport,
  mergeReports,
  modeOf,
  reportKey,
  type SessionCount,
  summarizeReports,
  type Tally,
} from './tls-rpt/reports/summary';
export * from './tls-rpt/reports/types';
export type { TlsRptRecord } from './tls-rpt/types';
