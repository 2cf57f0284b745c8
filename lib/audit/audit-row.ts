// One line of the bulk-audit table: the facts an admin compares across many domains, taken from a Report.

import type { FindingCode } from '../catalog/index';
import type { PolicyMode } from '../mta-sts/types';
import type { SetupState } from '../report/look';
import { getSetupState } from '../report/state';
import type { DnsEvidence, Report, Severity, Status } from '../report/types';

/** Facts a failed lookup can leave unknown; the table marks them, the CSV leaves their cells empty. */
export type AuditFact = 'record' | 'policy' | 'mx' | 'tlsRpt' | 'dnssec';

// Every fact has three states: known true/false (or a number), and unknown (null) when the lookup that
// would establish it failed. Unknown is never shown or exported as "no" or 0.
export interface AuditRow {
  domain: string;
  /** The line or CSV cell exactly as given (www.vendor.com, a vendor's row); null when not known. */
  input?: string | null;
  status: Status;
  /** Enforced, testing, broken… (lib/report/state.ts); 'unknown' when our lookups failed. */
  state?: SetupState;
  /** The facts our lookups could not establish, so their null means "unknown", not "none". */
  unknown?: AuditFact[];
  /** The policy's mode; null when no policy could be fetched and parsed. */
  mode: PolicyMode | null;
  /** The policy's max_age in seconds (RFC 8461 §3.2); null without a policy. */
  maxAge: number | null;
  /** MX hosts found (a null MX counts as none); null when the MX lookup failed. */
  mxTotal: number | null;
  /** MX hosts matched by the policy's mx patterns; null when there is no policy (or no host) to match against. */
  mxCovered: number | null;
  /** A valid TLS-RPT record (RFC 8460 §3) is published; null when the TLS-RPT lookup failed. */
  tlsRpt: boolean | null;
  /** The resolver validated the _mta-sts and MX answers with DNSSEC; null when those lookups failed. */
  dnssec: boolean | null;
  /** The id of the _mta-sts record (RFC 8461 §3.1); null without a valid record. */
  policyId: string | null;
  /** The most severe warning or error, for the table's "main problem" column. */
  topFinding: { code: FindingCode; severity: Severity; message: string } | null;
  /** Every finding code, each once, in report order. */
  findingCodes: string[];
  checkedAt: string;
  /** 1, or 2 when the first check failed and was retried. */
  attempts: number;
  /** Set by the caller that compares with an earlier run; always false here. */
  changed: boolean;
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * Did this lookup establish what the domain publishes? A lookup that was made and failed (transport error,
 * SERVFAIL, REFUSED) did not; one that was never made did not either when the check ended in ERROR.
 */
function isKnown(lookup: DnsEvidence | null, report: Report): boolean {
  if (lookup === null) return report.status !== 'ERROR';
  return lookup.error === null && (lookup.rcode === 'NOERROR' || lookup.rcode === 'NXDOMAIN');
}

export function createAuditRow(report: Report, attempts = 1, input: string | null = null): AuditRow {
  const { evidence } = report;
  const policy = evidence.policy;
  const coverage = evidence.mxHosts.map((h) => h.covered);
  const codes = report.findings.map((f) => f.code);
  const mxKnown = isKnown(evidence.mx, report) || evidence.mxHosts.length > 0;
  const tlsRptKnown = evidence.tlsRptRecord !== null || isKnown(evidence.tlsRptTxt, report);
  const dnssec = codes.includes('dnssec.signed') ? true : codes.includes('dnssec.unsigned') ? false : null;
  const unknown: AuditFact[] = [];
  const recordKnown = evidence.stsRecord !== null || isKnown(evidence.stsTxt, report);
  if (!recordKnown) unknown.push('record');
  // Without the record we cannot tell whether a missing policy matters; a fetched policy is still a fact.
  if (!recordKnown && policy === null) unknown.push('policy');
  if (!mxKnown) unknown.push('mx');
  if (!tlsRptKnown) unknown.push('tlsRpt');
  if (dnssec === null && report.status === 'ERROR') unknown.push('dnssec');
  return {
    domain: report.domain,
    input,
    status: report.status,
    state: getSetupState(report.status, report.findings),
    unknown,
    mode: policy?.mode ?? null,
    maxAge: policy?.maxAge ?? null,
    mxTotal: mxKnown ? evidence.mxHosts.length : null,
    // checkDomain leaves `covered` null for every host when there is no usable policy (or mode none).
    mxCovered: coverage.some((c) => c !== null) ? coverage.filter((c) => c === true).length : null,
    tlsRpt: tlsRptKnown ? evidence.tlsRptRecord !== null : null,
    dnssec,
    policyId: evidence.stsRecord?.id ?? null,
    topFinding: findTopFinding(report),
    findingCodes: [...new Set(codes)],
    checkedAt: report.checkedAt,
    attempts,
    changed: false,
  };
}

// The first finding of the highest severity above info: checkDomain lists findings in the order of the
// steps (record, policy, MX, TLS-RPT), which is also the order in which an admin should fix them.
function findTopFinding(report: Report): AuditRow['topFinding'] {
  let top: AuditRow['topFinding'] = null;
  for (const f of report.findings) {
    if (f.severity === 'info') continue;
    if (top === null || SEVERITY_RANK[f.severity] > SEVERITY_RANK[top.severity]) {
      top = { code: f.code, severity: f.severity, message: f.message };
    }
  }
  return top;
}
