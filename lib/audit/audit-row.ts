// One line of the bulk-audit table: the facts an admin compares across many domains, taken from a Report.

import type { FindingCode } from '../catalog/index';
import type { PolicyMode } from '../mta-sts/types';
import type { Report, Severity, Status } from '../report/types';

export interface AuditRow {
  domain: string;
  status: Status;
  /** The policy's mode; null when no policy could be fetched and parsed. */
  mode: PolicyMode | null;
  /** The policy's max_age in seconds (RFC 8461 §3.2); null without a policy. */
  maxAge: number | null;
  /** MX hosts found (a null MX counts as none). */
  mxTotal: number;
  /** MX hosts matched by the policy's mx patterns; null when there is no policy (or no host) to match against. */
  mxCovered: number | null;
  /** A valid TLS-RPT record (RFC 8460 §3) is published. */
  tlsRpt: boolean;
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

export function createAuditRow(report: Report, attempts = 1): AuditRow {
  const { evidence } = report;
  const policy = evidence.policy;
  const coverage = evidence.mxHosts.map((h) => h.covered);
  const codes = report.findings.map((f) => f.code);
  return {
    domain: report.domain,
    status: report.status,
    mode: policy?.mode ?? null,
    maxAge: policy?.maxAge ?? null,
    mxTotal: evidence.mxHosts.length,
    // checkDomain leaves `covered` null for every host when there is no usable policy (or mode none).
    mxCovered: coverage.some((c) => c !== null) ? coverage.filter((c) => c === true).length : null,
    tlsRpt: evidence.tlsRptRecord !== null,
    dnssec: codes.includes('dnssec.signed') ? true : codes.includes('dnssec.unsigned') ? false : null,
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
