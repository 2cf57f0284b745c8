// Reports made without a check: the empty evidence a report starts from, and the ERROR report for a check
// that stopped on a bug.
import { finishReport } from './finish';
import { CheckInterruptedError } from './interrupted';
import type { Evidence, Finding, Report } from './types';

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

/** A report that is nothing but one finding about the check itself (no evidence, nothing looked up). */
function createCheckOnlyReport(domain: string, finding: Finding, nowMs: number): Report {
  return finishReport({
    domain,
    checkedAt: new Date(Number.isFinite(nowMs) ? nowMs : 0).toISOString(),
    findings: [finding],
    evidence: createEmptyEvidence(),
    timings: {},
    resolver: '',
  });
}

/** A check stopped (or never started) because the caller's time ran out: ERROR with `check.timeout`. */
export function createTimedOutReport(domain: string, allowedMs: number, nowMs: number): Report {
  return createCheckOnlyReport(
    domain,
    {
      code: 'check.timeout',
      severity: 'error',
      message: `The check of ${domain} had not finished when the ${allowedMs} ms allowed for the run ran out, so it was stopped.`,
    },
    nowMs,
  );
}

/**
 * A check that threw still ends in a report, ERROR because it tells nothing about the domain: `check.interrupted`
 * when the worker was stopped mid-check (check again), `check.failed` for a bug.
 */
export function createCheckFailedReport(domain: string, error: unknown, nowMs: number): Report {
  if (error instanceof CheckInterruptedError) {
    return createCheckOnlyReport(
      domain,
      {
        code: 'check.interrupted',
        severity: 'error',
        message: `The check of ${domain} was interrupted before it finished: the browser stopped the extension's background while it ran. Nothing is known about the domain yet; check again.`,
      },
      nowMs,
    );
  }
  let text: string;
  try {
    text = error instanceof Error ? error.message : String(error);
  } catch {
    text = '';
  }
  const reason = text.length > 300 ? `${text.slice(0, 299)}…` : text;
  return createCheckOnlyReport(
    domain,
    {
      code: 'check.failed',
      severity: 'error',
      message: `The check of ${domain} stopped with an internal error (${reason || 'no details'}).`,
    },
    nowMs,
  );
}
