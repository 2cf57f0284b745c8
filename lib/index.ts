// The product's brain, as one import for the extension, the CLI, tests and outside checkers.
// Plain TypeScript with explicit imports only: `tsx` or any TypeScript-aware Node tooling can load it directly.

export * from './audit';
export { CATALOG, getCodeInfo } from './catalog';
export { type CheckDeps, checkDomain, createSummary, DEFAULT_RESOLVER } from './check';
export { createDnsCache, createResolver, type DnsCache } from './dns';
export type * from './dns/types';
export { isIpAddress, type NormalizeDomainResult, normalizeDomain, normalizeHostname } from './domain';
export {
  applyHistoryFindings,
  compareSnapshots,
  createHistory,
  createMemoryHistoryStore,
  createSnapshot,
  type History,
  type HistoryStore,
  type Snapshot,
  withHistory,
} from './history';
export { classifyFetchFailure, fetchPolicy } from './mta-sts/fetch-policy';
export { findMatchingPattern, mxMatches } from './mta-sts/mx-match';
export { parsePolicy } from './mta-sts/policy';
export { createStsRecordFindings, parseStsRecord, selectStsRecords } from './mta-sts/record';
export type * from './report';
export { createReportMarkdown } from './report-markdown';
export { createReportText } from './report-text';
export { createTlsRptFindings, parseTlsRptRecord, selectTlsRptRecords } from './tls-rpt/record';
export * from './tls-rpt/reports';
export type * from './types';
export { createRisks, UNDETERMINED_CODES, verdict } from './verdict';
