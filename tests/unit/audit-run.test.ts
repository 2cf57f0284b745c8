import { describe, expect, it } from 'vitest';
import type { AuditRow } from '../../lib/audit/audit-row';
import { type AuditProgress, createAuditRun } from '../../lib/audit/run-audit';
import type { Report, Status } from '../../lib/report/types';
import { createReport } from '../support/report-fixtures';

/** Lets every pending promise callback run (the runner's bookkeeping happens in microtasks). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

interface PendingCheck {
  domain: string;
  signal: AbortSignal;
  resolve(report: Report): void;
  reject(error: unknown): void;
}

/** Checks that finish only when the test says so, with a count of how many run at once. */
function createFakeChecks() {
  const pending: PendingCheck[] = [];
  const started: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const take = (domain?: string): PendingCheck => {
    const index = domain === undefined ? 0 : pending.findIndex((p) => p.domain === domain);
    const [entry] = pending.splice(index, 1);
    if (!entry || index < 0) throw new Error(`no pending check for ${domain}`);
    inFlight -= 1;
    return entry;
  };
  return {
    pending,
    started,
    get maxInFlight() {
      return maxInFlight;
    },
    check(domain: string, signal: AbortSignal): Promise<Report> {
      started.push(domain);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return new Promise<Report>((resolve, reject) => pending.push({ domain, signal, resolve, reject }));
    },
    finish(domain?: string, status: Status = 'SUCCESS') {
      const entry = take(domain);
      entry.resolve(createReport({ domain: entry.domain, status }));
    },
    fail(domain: string, error: unknown) {
      take(domain).reject(error);
    },
  };
}

const domainsOf = (n: number) => Array.from({ length: n }, (_, i) => `d${i}.example`);

describe('createAuditRun: concurrency', () => {
  it.each([
    ['1', 1, 1],
    ['3', 3, 3],
    ['8', 8, 8],
    ['the default (8) when absent', undefined, 8],
    ['the default (8) for NaN', Number.NaN, 8],
    ['1 for 0', 0, 1],
    ['1 for a negative number', -5, 1],
    ['32 for 100', 100, 32],
    ['2 for 2.7', 2.7, 2],
  ])('never has more than %s checks in flight', async (_name, concurrency, limit) => {
    const fake = createFakeChecks();
    const run = createAuditRun(domainsOf(40), { concurrency, check: fake.check });
    const finished = run.start();
    await settle();
    expect(fake.pending).toHaveLength(limit);
    expect(run.progress.inFlight).toBe(limit);
    // Finish them in an awkward order (newest first) and check the bound after every step.
    while (fake.pending.length > 0) {
      fake.finish(fake.pending[fake.pending.length - 1]?.domain);
      await settle();
      expect(fake.pending.length).toBeLessThanOrEqual(limit);
    }
    const final = await finished;
    expect(fake.maxInFlight).toBe(limit);
    expect(fake.started).toHaveLength(40);
    expect(new Set(fake.started).size).toBe(40);
    expect(final).toMatchObject({ done: 40, total: 40, inFlight: 0, state: 'done' });
  });

  it('keeps the bound with checks that finish on their own', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const run = createAuditRun(domainsOf(50), {
      concurrency: 5,
      async check(domain) {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        for (let i = 0; i < (domain.length % 3) + 1; i++) await settle();
        inFlight -= 1;
        return createReport({ domain });
      },
    });
    const final = await run.start();
    expect(maxInFlight).toBe(5);
    expect(final.counts).toEqual({ SUCCESS: 50, WARNING: 0, ERROR: 0 });
  });

  it('holds a slot while onResult is busy, so a slow store slows the run instead of piling up', async () => {
    const fake = createFakeChecks();
    let releaseStore: () => void = () => {};
    const run = createAuditRun(['a.example', 'b.example'], {
      concurrency: 1,
      check: fake.check,
      onResult: () => new Promise<void>((resolve) => (releaseStore = resolve)),
    });
    const finished = run.start();
    await settle();
    fake.finish('a.example');
    await settle();
    expect(fake.started).toEqual(['a.example']);
    releaseStore();
    await settle();
    expect(fake.started).toEqual(['a.example', 'b.example']);
    fake.finish('b.example');
    await settle();
    releaseStore();
    expect((await finished).state).toBe('done');
  });
});

describe('createAuditRun: pause, resume, cancel', () => {
  it('starts no new check while paused, lets in-flight ones finish, and continues on resume', async () => {
    const fake = createFakeChecks();
    const rows: AuditRow[] = [];
    const run = createAuditRun(domainsOf(5), {
      concurrency: 2,
      check: fake.check,
      onResult: (row) => {
        rows.push(row);
      },
    });
    const finished = run.start();
    await settle();
    run.pause();
    expect(run.state).toBe('paused');
    fake.finish('d0.example');
    fake.finish('d1.example');
    await settle();
    expect(fake.started).toEqual(['d0.example', 'd1.example']);
    expect(rows.map((r) => r.domain)).toEqual(['d0.example', 'd1.example']);
    expect(run.progress).toMatchObject({ done: 2, inFlight: 0, state: 'paused' });

    run.resume();
    await settle();
    expect(run.state).toBe('running');
    expect(fake.started).toEqual(['d0.example', 'd1.example', 'd2.example', 'd3.example']);
    while (fake.pending.length > 0) {
      fake.finish();
      await settle();
    }
    expect(await finished).toMatchObject({ done: 5, state: 'done' });
  });

  it('ends as done when the last in-flight checks finish during a pause', async () => {
    const fake = createFakeChecks();
    const run = createAuditRun(domainsOf(2), { concurrency: 2, check: fake.check });
    const finished = run.start();
    await settle();
    run.pause();
    fake.finish();
    fake.finish();
    expect(await finished).toMatchObject({ done: 2, state: 'done' });
  });

  it('aborts in-flight checks, starts no new one, drops late results and resolves as cancelled', async () => {
    const fake = createFakeChecks();
    const rows: AuditRow[] = [];
    const run = createAuditRun(domainsOf(6), {
      concurrency: 2,
      check: fake.check,
      onResult: (row) => {
        rows.push(row);
      },
    });
    const finished = run.start();
    await settle();
    fake.finish('d0.example');
    await settle();
    const inFlight = [...fake.pending];
    expect(inFlight.map((p) => p.domain)).toEqual(['d1.example', 'd2.example']);
    expect(inFlight.some((p) => p.signal.aborted)).toBe(false);

    run.cancel();
    expect(inFlight.every((p) => p.signal.aborted)).toBe(true);
    const final = await finished;
    expect(final).toMatchObject({ done: 1, total: 6, inFlight: 0, state: 'cancelled' });

    // The aborted checks settle later, one way or the other: nothing more happens.
    fake.finish('d1.example');
    fake.fail('d2.example', new DOMException('aborted', 'AbortError'));
    await settle();
    run.resume();
    await settle();
    expect(fake.started).toEqual(['d0.example', 'd1.example', 'd2.example']);
    expect(rows.map((r) => r.domain)).toEqual(['d0.example']);
    expect(run.progress).toMatchObject({ done: 1, state: 'cancelled' });
  });

  it('cancels a paused run', async () => {
    const fake = createFakeChecks();
    const run = createAuditRun(domainsOf(3), { concurrency: 1, check: fake.check });
    const finished = run.start();
    await settle();
    run.pause();
    run.cancel();
    expect((await finished).state).toBe('cancelled');
    expect(fake.pending[0]?.signal.aborted).toBe(true);
  });

  it('never calls the check when cancelled before start', async () => {
    const fake = createFakeChecks();
    const run = createAuditRun(domainsOf(3), { check: fake.check });
    run.cancel();
    expect(await run.start()).toMatchObject({ done: 0, state: 'cancelled' });
    expect(fake.started).toEqual([]);
  });

  it('ignores pause and resume before start and after the end', async () => {
    const fake = createFakeChecks();
    const run = createAuditRun(['a.example'], { check: fake.check });
    run.pause();
    run.resume();
    expect(run.state).toBe('idle');
    const finished = run.start();
    await settle();
    fake.finish();
    await finished;
    run.pause();
    run.resume();
    expect(run.state).toBe('done');
  });

  it('returns the same promise when started twice and finishes an empty list at once', async () => {
    const run = createAuditRun([], { check: () => Promise.reject(new Error('not called')) });
    const first = run.start();
    expect(run.start()).toBe(first);
    expect(await first).toMatchObject({ done: 0, total: 0, state: 'done', etaMs: 0 });
  });
});

describe('createAuditRun: retries', () => {
  it('retries a failed check once, then counts its ERROR and goes on', async () => {
    const calls: string[] = [];
    const behaviour: Record<string, Array<Status | Error>> = {
      'flaky.example': [new Error('socket hang up'), 'SUCCESS'],
      'unsure.example': ['ERROR', 'WARNING'],
      'down.example': ['ERROR', 'ERROR'],
      'broken.example': [new Error('boom'), new TypeError('x is undefined')],
      'fine.example': ['SUCCESS'],
    };
    const rows: AuditRow[] = [];
    const reports: Report[] = [];
    const run = createAuditRun(Object.keys(behaviour), {
      concurrency: 2,
      async check(domain) {
        const attempt = calls.filter((c) => c === domain).length;
        calls.push(domain);
        const outcome = behaviour[domain]?.[attempt];
        if (outcome === undefined) throw new Error(`unexpected attempt ${attempt + 1} for ${domain}`);
        if (outcome instanceof Error) throw outcome;
        return createReport({ domain, status: outcome });
      },
      onResult(row, report) {
        rows.push(row);
        reports.push(report);
      },
    });
    const final = await run.start();

    const byDomain = Object.fromEntries(
      rows.map((r) => [r.domain, { status: r.status, attempts: r.attempts }]),
    );
    expect(byDomain).toEqual({
      'flaky.example': { status: 'SUCCESS', attempts: 2 },
      'unsure.example': { status: 'WARNING', attempts: 2 },
      'down.example': { status: 'ERROR', attempts: 2 },
      'broken.example': { status: 'ERROR', attempts: 2 },
      'fine.example': { status: 'SUCCESS', attempts: 1 },
    });
    expect(calls.filter((c) => c === 'fine.example')).toHaveLength(1);
    expect(calls).toHaveLength(9);
    expect(final).toMatchObject({ done: 5, state: 'done', counts: { SUCCESS: 2, WARNING: 1, ERROR: 2 } });

    const broken = reports.find((r) => r.domain === 'broken.example');
    expect(broken?.status).toBe('ERROR');
    expect(broken?.findings).toEqual([
      { code: 'check.failed', severity: 'error', message: expect.stringContaining('x is undefined') },
    ]);
    expect(rows.find((r) => r.domain === 'broken.example')?.topFinding?.code).toBe('check.failed');
  });

  it('queues the retry after the other domains and does not start it while paused', async () => {
    const fake = createFakeChecks();
    const run = createAuditRun(['a.example', 'b.example', 'c.example'], {
      concurrency: 1,
      check: fake.check,
    });
    const finished = run.start();
    await settle();
    run.pause();
    fake.finish('a.example', 'ERROR');
    await settle();
    expect(fake.started).toEqual(['a.example']);
    expect(run.progress).toMatchObject({ done: 0, state: 'paused' });
    run.resume();
    for (const domain of ['b.example', 'c.example', 'a.example']) {
      await settle();
      fake.finish(domain);
    }
    expect(await finished).toMatchObject({ done: 3, counts: { SUCCESS: 3, WARNING: 0, ERROR: 0 } });
    expect(fake.started).toEqual(['a.example', 'b.example', 'c.example', 'a.example']);
  });

  it('turns a check that throws synchronously into a check.failed result', async () => {
    const rows: AuditRow[] = [];
    const run = createAuditRun(['a.example'], {
      check() {
        throw new Error('sync bug');
      },
      onResult: (row) => {
        rows.push(row);
      },
    });
    await run.start();
    expect(rows).toEqual([
      expect.objectContaining({ status: 'ERROR', findingCodes: ['check.failed'], attempts: 2 }),
    ]);
  });

  it('goes on when onResult or onProgress throws', async () => {
    const run = createAuditRun(domainsOf(3), {
      concurrency: 1,
      check: async (domain) => createReport({ domain }),
      onResult() {
        throw new Error('storage full');
      },
      onProgress() {
        throw new Error('render bug');
      },
    });
    expect(await run.start()).toMatchObject({ done: 3, state: 'done' });
  });
});

describe('createAuditRun: progress', () => {
  it('computes rate and ETA from running time only, with an injected clock', async () => {
    let clock = 1_000_000;
    const fake = createFakeChecks();
    const events: AuditProgress[] = [];
    const run = createAuditRun(domainsOf(10), {
      concurrency: 2,
      check: fake.check,
      now: () => clock,
      onProgress: (p) => events.push(p),
    });
    const finished = run.start();
    await settle();
    expect(run.progress).toMatchObject({ done: 0, ratePerSec: 0, etaMs: null, state: 'running' });

    clock += 2000;
    fake.finish('d0.example', 'WARNING');
    fake.finish('d1.example');
    await settle();
    // 2 done in 2 s of running → 1/s; 8 left → 8 s.
    expect(run.progress).toMatchObject({ done: 2, ratePerSec: 1, etaMs: 8000 });

    run.pause();
    clock += 60_000; // paused time does not count
    expect(run.progress).toMatchObject({ ratePerSec: 1, etaMs: 8000, state: 'paused' });
    run.resume();
    await settle();
    clock += 2000;
    fake.finish('d2.example');
    fake.finish('d3.example');
    await settle();
    // 4 done in 4 s of running → 1/s; 6 left → 6 s.
    expect(run.progress).toMatchObject({ done: 4, ratePerSec: 1, etaMs: 6000 });

    clock += 12_000;
    // d4 fails twice (retried once, at the end of the queue) and counts as ERROR.
    while (fake.pending.length > 0) {
      const domain = fake.pending[0]?.domain;
      fake.finish(domain, domain === 'd4.example' ? 'ERROR' : 'SUCCESS');
      await settle();
    }
    expect(fake.started.filter((d) => d === 'd4.example')).toHaveLength(2);
    const final = await finished;
    // 10 done in 16 s of running.
    expect(final).toMatchObject({ done: 10, ratePerSec: 10 / 16, etaMs: 0, state: 'done' });
    expect(final.counts).toEqual({ SUCCESS: 8, WARNING: 1, ERROR: 1 });

    expect(events[0]).toMatchObject({ done: 0, total: 10, state: 'running' });
    expect(events.at(-1)).toEqual(final);
    expect(events.map((e) => e.state)).toContain('paused');
    // done never goes backwards and never passes total.
    for (let i = 1; i < events.length; i++) {
      expect(events[i]?.done).toBeGreaterThanOrEqual(events[i - 1]?.done ?? 0);
      expect(events[i]?.done).toBeLessThanOrEqual(10);
    }
  });

  it('freezes the clock when cancelled', async () => {
    let clock = 0;
    const fake = createFakeChecks();
    const run = createAuditRun(domainsOf(4), { concurrency: 1, check: fake.check, now: () => clock });
    const finished = run.start();
    await settle();
    clock = 1000;
    fake.finish();
    await settle();
    run.cancel();
    clock = 100_000;
    await finished;
    expect(run.progress).toMatchObject({ done: 1, ratePerSec: 1, etaMs: 3000, state: 'cancelled' });
  });
});
