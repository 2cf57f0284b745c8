// Runs checkDomain (or any check) over many domains with a bounded number in flight, with pause, resume,
// cancel, one retry for checks that could not conclude, and progress with rate and ETA.

import { TIMEOUT_PHRASE } from '../dns/transport';
import { createCheckFailedReport } from '../report/empty';
import type { Report, Status } from '../report/types';
import { type AuditRow, createAuditRow } from './audit-row';

export type AuditState = 'idle' | 'running' | 'paused' | 'cancelled' | 'done';

export interface AuditProgress {
  /** Domains with a final result (retries included in the one result). */
  done: number;
  total: number;
  /** Checks running right now (0 once the run is cancelled: abandoned checks no longer count). */
  inFlight: number;
  counts: Record<Status, number>;
  /** Results per second of running time (paused time excluded); 0 before the first result. */
  ratePerSec: number;
  /** Running time left at the current rate; null while the rate is unknown, 0 when nothing is left. */
  etaMs: number | null;
  state: AuditState;
}

export interface AuditRunOptions {
  /** Checks in flight at most; default 8, clamped to 1–32. */
  concurrency?: number;
  /** Checks one domain; should stop early when `signal` aborts (the run is cancelled). */
  check(domain: string, signal: AbortSignal): Promise<Report>;
  /** Each final result; awaited before the slot takes the next domain, so a slow store slows the run. */
  onResult?(row: AuditRow, report: Report): void | Promise<void>;
  onProgress?(progress: AuditProgress): void;
  /** Milliseconds; injected so tests control the clock. */
  now?: () => number;
}

export interface AuditRun {
  /** Starts the run (once; later calls return the same promise). Resolves when done or cancelled. */
  start(): Promise<AuditProgress>;
  /** No new check starts; the ones in flight finish and are counted. */
  pause(): void;
  resume(): void;
  /** Aborts the checks in flight (their results are dropped) and starts no new one. */
  cancel(): void;
  readonly state: AuditState;
  readonly progress: AuditProgress;
}

export const DEFAULT_CONCURRENCY = 8;
export const MAX_CONCURRENCY = 32;

const DNS_EVIDENCE = ['stsTxt', 'tlsRptTxt', 'mx', 'policyHostA', 'policyHostAAAA'] as const;

/** One of the report's DNS lookups timed out: the resolver is overloaded, so fewer checks should run at once. */
export function hasDnsTimeout(report: Report): boolean {
  const e = report.evidence;
  return DNS_EVIDENCE.some((k) => e?.[k]?.error?.includes(TIMEOUT_PHRASE) === true);
}

export function clampConcurrency(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return DEFAULT_CONCURRENCY;
  return Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(value)));
}

interface Job {
  domain: string;
  attempt: number;
}

export function createAuditRun(domains: string[], options: AuditRunOptions): AuditRun {
  const now = options.now ?? Date.now;
  // Halved when our DNS lookups start timing out (the resolver, or the way to it, is saturated), and raised by one
  // again after every two rounds of checks without a timeout, up to the number chosen.
  const chosen = clampConcurrency(options.concurrency);
  let concurrency = chosen;
  let calm = 0;
  const total = domains.length;
  const queue: Job[] = domains.map((domain) => ({ domain, attempt: 1 }));
  let next = 0;
  const controllers = new Set<AbortController>();
  let state: AuditState = 'idle';
  let done = 0;
  const counts: Record<Status, number> = { SUCCESS: 0, WARNING: 0, ERROR: 0 };
  /** Slots taken: a check running, or its result being handed to onResult. */
  let busy = 0;
  let checksRunning = 0;
  let runningMs = 0;
  let runningSince: number | null = null;
  let finished: Promise<AuditProgress> | null = null;
  let settle: ((progress: AuditProgress) => void) | null = null;

  function elapsedMs(): number {
    return runningMs + (runningSince === null ? 0 : Math.max(0, now() - runningSince));
  }

  // A function, not an inline comparison: the state changes across the awaits in runJob.
  function isCancelled(): boolean {
    return state === 'cancelled';
  }

  function stopClock(): void {
    runningMs = elapsedMs();
    runningSince = null;
  }

  function snapshot(): AuditProgress {
    const seconds = elapsedMs() / 1000;
    const ratePerSec = seconds > 0 ? done / seconds : 0;
    const remaining = total - done;
    return {
      done,
      total,
      inFlight: state === 'cancelled' || state === 'done' ? 0 : checksRunning,
      counts: { ...counts },
      ratePerSec,
      etaMs: remaining === 0 ? 0 : ratePerSec > 0 ? Math.round((remaining / ratePerSec) * 1000) : null,
      state,
    };
  }

  function emit(): void {
    try {
      options.onProgress?.(snapshot());
    } catch {
      // A failing progress display must not stop the audit or leave a slot taken.
    }
  }

  function finish(final: 'done' | 'cancelled'): void {
    stopClock();
    state = final;
    emit();
    settle?.(snapshot());
    settle = null;
  }

  function pump(): void {
    while (state === 'running' && busy < concurrency && next < queue.length) {
      const job = queue[next++];
      if (job) void runJob(job);
    }
    // A run paused near the end is complete once the last in-flight result is in.
    if ((state === 'running' || state === 'paused') && busy === 0 && next >= queue.length) finish('done');
  }

  async function runJob(job: Job): Promise<void> {
    busy += 1;
    checksRunning += 1;
    const controller = new AbortController();
    controllers.add(controller);
    emit();
    let report: Report;
    try {
      report = await options.check(job.domain, controller.signal);
    } catch (error) {
      report = createCheckFailedReport(job.domain, error, now());
    } finally {
      controllers.delete(controller);
      checksRunning -= 1;
    }
    if (isCancelled()) return;

    if (hasDnsTimeout(report)) {
      concurrency = Math.max(1, Math.floor(concurrency / 2));
      calm = 0;
    } else if (concurrency < chosen && ++calm >= 2 * concurrency) {
      concurrency += 1;
      calm = 0;
    }
    if (report.status === 'ERROR' && job.attempt === 1) {
      // ERROR means the check could not conclude (our lookup failed, a bug): often transient, so one more
      // try, queued last so a struggling resolver gets a moment before it is asked again.
      queue.push({ domain: job.domain, attempt: 2 });
    } else {
      done += 1;
      counts[report.status] += 1;
      try {
        await options.onResult?.(createAuditRow(report, job.attempt), report);
      } catch {
        // The caller's storage failing for one result must not stop the whole audit.
      }
    }
    busy -= 1;
    // onResult may have been awaited while the user cancelled.
    if (isCancelled()) return;
    emit();
    pump();
  }

  return {
    start() {
      if (finished) return finished;
      finished = new Promise<AuditProgress>((resolve) => {
        settle = resolve;
      });
      if (state === 'cancelled') {
        settle?.(snapshot());
        settle = null;
        return finished;
      }
      state = 'running';
      runningSince = now();
      emit();
      pump();
      return finished;
    },
    pause() {
      if (state !== 'running') return;
      stopClock();
      state = 'paused';
      emit();
    },
    resume() {
      if (state !== 'paused') return;
      state = 'running';
      runningSince = now();
      emit();
      pump();
    },
    cancel() {
      if (state === 'done' || state === 'cancelled') return;
      for (const controller of controllers) controller.abort();
      controllers.clear();
      finish('cancelled');
    },
    get state() {
      return state;
    },
    get progress() {
      return snapshot();
    },
  };
}

/** The report for a check that threw instead of returning one: an ERROR the audit table can show. */
