// The verdict after one round: the status rests on round 1 (record, policy, MX coverage, TLS-RPT), so the report
// is given as soon as round 1 has answered, with DANE pending; the final report adds DANE and keeps the status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDomain } from '../../lib/check/check-domain';
import { createCheckService } from '../../lib/check/service';
import { createHistory, createMemoryHistoryStore } from '../../lib/history/history';
import type { Report } from '../../lib/report/types';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import { startWorld, type World } from '../support/world';

let world: World;
beforeAll(async () => {
  world = await startWorld({ httpsDoh: true, bulk: 0 });
});
afterAll(async () => {
  await world?.close();
});

const settings = () => ({ ...DEFAULT_SETTINGS, resolver: 'custom' as const, customUrl: world.dohUrl });

describe('checkDomain with onVerdict', () => {
  it.each([
    ['enforce.test', 'SUCCESS'],
    ['signed.test', 'SUCCESS'],
    ['uncovered.test', 'WARNING'],
    ['servfail.test', 'ERROR'],
  ])('gives %s as %s before the TLSA answers, then the same status with DANE', async (domain, status) => {
    world.doh.setBehaviour({ latencyMs: 300 }, { type: 'TLSA' });
    try {
      let early: { report: Report; at: number } | null = null;
      const final = await checkDomain(domain, {
        fetch: world.fetch,
        resolverSetting: { kind: 'custom', url: world.dohUrl },
        onVerdict: (report) => {
          early = { report, at: Date.now() };
        },
      });
      const shown = early as { report: Report; at: number } | null;
      expect(shown?.report.status).toBe(status);
      expect(final.status).toBe(status);
      expect(shown?.report.evidence.danePending).toBe(true);
      expect(shown?.report.findings.some((f) => f.code.startsWith('dane.'))).toBe(false);
      expect(final.evidence.danePending).toBeUndefined();
      if (final.evidence.mxHosts.length > 0 && status !== 'ERROR')
        expect(final.findings.some((f) => f.code.startsWith('dane.'))).toBe(true);
    } finally {
      world.doh.setBehaviour(null, { type: 'TLSA' });
    }
  });
});

describe("the verdict and the policy host's addresses", () => {
  /** The check with A and AAAA answered 300 ms late: the verdict, when it came, and the final report. */
  async function checkWithSlowAddresses(domain: string) {
    world.doh.setBehaviour({ latencyMs: 300 }, { type: 'A' });
    world.doh.setBehaviour({ latencyMs: 300 }, { type: 'AAAA' });
    try {
      const started = Date.now();
      let early: { report: Report; afterMs: number } | null = null;
      const final = await checkDomain(domain, {
        fetch: world.fetch,
        resolverSetting: { kind: 'custom', url: world.dohUrl },
        onVerdict: (report) => {
          early = { report, afterMs: Date.now() - started };
        },
      });
      const shown = early as { report: Report; afterMs: number } | null;
      if (!shown) throw new Error('no verdict');
      return { early: shown.report, afterMs: shown.afterMs, final };
    } finally {
      world.doh.setBehaviour(null, { type: 'A' });
      world.doh.setBehaviour(null, { type: 'AAAA' });
    }
  }
  const codes = (r: Report) => r.findings.map((f) => f.code).filter((c) => !c.startsWith('dane.'));

  it.each([
    ['enforce.test', 'SUCCESS'],
    ['testing.test', 'WARNING'],
    ['orphan.test', 'WARNING'],
  ])(
    'gives %s as %s once the policy is fetched, without waiting for A and AAAA, which the final report has',
    async (domain, status) => {
      const { early, afterMs, final } = await checkWithSlowAddresses(domain);
      expect(afterMs).toBeLessThan(250);
      expect(early.status).toBe(status);
      expect(codes(early)).toEqual(codes(final));
      expect(early.evidence).toMatchObject({
        policyHostA: null,
        policyHostAAAA: null,
        policyHostPending: true,
      });
      // The policy step is done once the policy is known: the verdict has its timing (the Timings list shows it).
      expect(early.timings.policy).toBeDefined();
      expect(final.status).toBe(status);
      expect(final.evidence.policyHostPending).toBeUndefined();
      expect(final.evidence.policyHostA).toMatchObject({
        name: `mta-sts.${domain}`,
        type: 'A',
        rcode: 'NOERROR',
      });
    },
  );

  it.each([
    ['nohost.test', 'policy.host.nxdomain'],
    ['badcert.test', 'policy.fetch.failed'],
  ])(
    'waits for them when the fetch failed on the network (%s), since they tell why: %s',
    async (domain, code) => {
      const { early, afterMs, final } = await checkWithSlowAddresses(domain);
      expect(afterMs).toBeGreaterThanOrEqual(300);
      expect(early.status).toBe('WARNING');
      expect(codes(early)).toContain(code);
      expect(codes(early)).toEqual(codes(final));
      expect(early.evidence.policyHostPending).toBeUndefined();
      expect(early.evidence.policyHostA).toMatchObject({ name: `mta-sts.${domain}`, type: 'A' });
    },
  );
});

describe('the check service with onVerdict', () => {
  it('gives the verdict with the drift findings the final report will carry, to every caller of a shared run', async () => {
    const history = createHistory(createMemoryHistoryStore());
    const service = createCheckService({ fetch: world.fetch, getSettings: settings, history });
    await service.check('drift.test');
    const verdicts: Report[] = [];
    world.doh.setBehaviour({ latencyMs: 300 }, { type: 'TLSA' });
    try {
      const [a, b] = await Promise.all([
        service.check('drift.test', { force: true, onVerdict: (r) => verdicts.push(r) }),
        service.check('drift.test', { onVerdict: (r) => verdicts.push(r) }),
      ]);
      expect(b.report).toBe(a.report);
      expect(verdicts).toHaveLength(2);
      for (const v of verdicts) {
        expect(v.status).toBe(a.report.status);
        expect(v.findings.filter((f) => f.code.startsWith('history.'))).toEqual(
          a.report.findings.filter((f) => f.code.startsWith('history.')),
        );
      }
    } finally {
      world.doh.setBehaviour(null, { type: 'TLSA' });
    }
  });
});
