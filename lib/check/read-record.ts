// Step reader: the _mta-sts TXT lookup (RFC 8461 §3.1) → the record in force and its findings.
import { createStsRecordFindings } from '../mta-sts/record';
import type { StsRecord } from '../mta-sts/types';
import type { Finding } from '../report/types';
import { isConclusive, type Lookup, lookupFailure, txtOf } from './lookup';

export interface RecordReading {
  findings: Finding[];
  /** The valid record senders use; null when there is none or the lookup failed. */
  record: StsRecord | null;
  /** The lookup succeeded and found no MTA-STS record at all. */
  missing: boolean;
}

export function readRecord(domain: string, txt: Lookup): RecordReading {
  if (!isConclusive(txt.result)) {
    return {
      findings: [
        {
          code: 'dns.failed',
          severity: 'error',
          message: lookupFailure(txt.result, `_mta-sts.${domain} TXT`),
        },
      ],
      record: null,
      missing: false,
    };
  }
  const sts = createStsRecordFindings(txtOf(txt.result));
  return {
    findings: sts.findings,
    record: sts.record,
    missing: sts.findings.some((f) => f.code === 'record.missing'),
  };
}
