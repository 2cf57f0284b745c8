// Reports made without a check: the empty evidence a report starts from, and the ERROR report for a check
// that stopped on a bug. Small and dependency-free, so the popup can use it without the checker's weight.
import type { Evidence, Report } from './types';

export function createEmptyEvidence(): Evidence {
  return {
    stsTxt: null,
    stsRecord: null,
    tlsRptTxt: null,
    tlsRptRecord: null,
    mx: null,
    mxHosts: [],
    nullMx: false,
    policyHostA: null,
    policyHostAAAA: null,
    policyFetch: null,
    policy: null,
  };
}

/**
 * A check that threw (a bug, not a protocol outcome) still ends in a report: ERROR with `check.failed`,
 * saying it tells nothing about the domain.
 */
export function createCheckFailedReport(domain: string, error: unknown, nowMs: number): Report {
  let text: string;
  try {
    text = error instanceof Error ? error.message : String(error);
  } catch {
    text = '';
  }
  const reason = text.length > 300 ? `${text.slice(0, 299)}…` : text;
  return {
    domain,
    checkedAt: new Date(Number.isFinite(nowMs) ? nowMs : 0).toISOString(),
    status: 'ERROR',
    summary: `The check of ${domain} stopped because of an internal error, so this says nothing about the domain yet. Try again.`,
    findings: [
      {
        code: 'check.failed',
        severity: 'error',
        message: `The check of ${domain} stopped with an internal error (${reason || 'no details'}).`,
      },
    ],
    risks: [],
    evidence: createEmptyEvidence(),
    timings: {},
    resolver: '',
  };
}
