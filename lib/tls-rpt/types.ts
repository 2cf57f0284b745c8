// What the TLS-RPT record parser produces (RFC 8460 §3).

export interface TlsRptRecord {
  version: 'TLSRPTv1';
  rua: string[];
}
