// Step reader: the _smtp._tls TXT lookup (RFC 8460 §3). A finding, never a downgrade of the status.
import type { Finding } from '../report/types';
import { createTlsRptFindings } from '../tls-rpt/record';
import type { TlsRptRecord } from '../tls-rpt/types';
import { isConclusive, type Lookup, lookupFailure, txtOf } from './lookup';

export function readTlsRpt(
  domain: string,
  txt: Lookup,
): { findings: Finding[]; record: TlsRptRecord | null } {
  if (!isConclusive(txt.result)) {
    return {
      findings: [
        {
          code: 'dns.incomplete',
          severity: 'info',
          message: lookupFailure(txt.result, `_smtp._tls.${domain} TXT`),
        },
      ],
      record: null,
    };
  }
  return createTlsRptFindings(txtOf(txt.result));
}
