// Reading TLS-RPT aggregate reports (RFC 8460 §4) locally: the reader, the per-domain summary, the verdict on
// switching to enforce, plain explanations of each failure, and the exports.
export { MAX_DECOMPRESSED_BYTES, MAX_INPUT_BYTES } from './decode';
export { parseTlsRptReport, readTlsReport } from './parse';
export * from './types';
