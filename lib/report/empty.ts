// Reports made without a check: the empty evidence a report starts from, and the ERROR report for a check
// that stopped on a bug.
import { finishReport } from './finish';
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
 * The check did not fail, it was cut off: the browser stopped the extension's background worker (Chrome stops
 * an idle one after 30 s; an update or reload stops it too) before it answered.
 */
export class CheckInterruptedError extends Error {
  constructor(cause?: unknown) {
    super('The check was interrupted before it finished.', { cause });
    this.name = 'CheckInterruptedError';
  }
}

/**
 * A check that threw still ends in a report, ERROR because it tells nothing about the domain: `check.interrupted`
 * when the worker was stopped mid-check (check again), `check.failed` for a bug.
 */
export function createCheckFailedReport(domain: string, error: unknown, nowMs: number): Report {
  const checkedAt = new Date(Number.isFinite(nowMs) ? nowMs : 0).toISOString();
  if (error instanceof CheckInterruptedError) {
    return finishReport({
      domain,
      checkedAt,
      findings: [
        {
          code: 'check.interrupted',
          severity: 'error',
          message: `The check of ${domain} was interrupted before it finished: the browser stopped the extension's background while it ran. Nothing is known about the domain yet; check again.`,
        },
      ],
      evidence: createEmptyEvidence(),
      timings: {},
      resolver: '',
    });
  }
  let text: string;
  try {
    text = error instanceof Error ? error.message : String(error);
  } catch {
    text = '';
  }
  const reason = text.length > 300 ? `${text.slice(0, 299)}…` : text;
  return finishReport({
    domain,
    checkedAt,
    findings: [
      {
        code: 'check.failed',
        severity: 'error',
        message: `The check of ${domain} stopped with an internal error (${reason || 'no details'}).`,
      },
    ],
    evidence: createEmptyEvidence(),
    timings: {},
    resolver: '',
  });
}
