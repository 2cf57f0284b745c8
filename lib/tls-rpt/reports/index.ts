// Reading TLS-RPT aggregate reports (RFC 8460 §4) locally: the reader, the per-domain summary, the verdict on
// switching to enforce, plain explanations of each failure, and the exports.

export { type CrossCheck, crossCheck, type PolicyDrift } from './cross-check';
export { type DecodeOptions, MAX_DECOMPRESSED_BYTES, MAX_INPUT_BYTES } from './decode';
export { explainFailure, type FailureExplanation } from './explain';
export { createTlsRptCsv, createTlsRptFileName, createTlsRptJson, type TlsRptJsonExport } from './export';
export { type Gunzip, type GunzipResult, platformGunzip } from './gunzip';
export { parseTlsRptReport, readTlsReport } from './parse';
export {
  assessReadiness,
  type BlockingFailure,
  DELIVERY_BLOCKING_RESULTS,
  describeReadiness,
  type HostCount,
  READINESS_THRESHOLDS,
  type Readiness,
} from './readiness';
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
} from './summary';
export * from './types';
