import { describe, expect, it } from 'vitest';
import {
  applyHistoryFindings,
  compareSnapshots,
  createHistory,
  createMemoryHistoryStore,
  createSnapshot,
} from '../../lib/history/history';
import type { PolicyMode, StsPolicy } from '../../lib/mta-sts/types';
import type { Finding, Report, Snapshot } from '../../lib/report/types';
import {
  createMxHost,
  createPolicyFetch,
  errorReport,
  successReport,
  warningReport,
} from '../support/report-fixtures';

const BASE: Snapshot = {
  at: '2026-11-20T08:00:00.000Z',
  status: 'SUCCESS',
  recordId: '20261101000000',
  policyHash: 'a'.repeat(64),
  mode: 'enforce',
  mx: ['*.mail.example.com', 'mx1.example.com'],
  maxAge: 1209600,
  mxHosts: ['a.mail.example.com', 'mx1.example.com'],
};
const LATER = '2026-11-28T09:30:00.000Z';

const snap = (overrides: Partial<Snapshot> = {}): Snapshot => ({ ...BASE, ...overrides });
const later = (overrides: Partial<Snapshot> = {}): Snapshot => snap({ at: LATER, ...overrides });
const codes = (findings: Finding[]) => findings.map((f) => `${f.code}:${f.severity}`);

describe('compareSnapshots', () => {
  it.each<[string, Partial<Snapshot>, Partial<Snapshot>, string[]]>([
    ['nothing changed', {}, {}, []],
    ['only the time changed', {}, { at: '2027-01-01T00:00:00.000Z' }, []],
    [
      'the policy body and max_age changed under the same id',
      {},
      { policyHash: 'b'.repeat(64), maxAge: 86400 },
      ['history.policy-changed-same-id:warning'],
    ],
    [
      'the policy body and mx changed under the same id',
      {},
      { policyHash: 'b'.repeat(64), mx: ['mx1.example.com'] },
      ['history.policy-changed-same-id:warning', 'history.mx-changed:info'],
    ],
    [
      'only the policy text changed, not what senders act on',
      {},
      { policyHash: 'b'.repeat(64) },
      ['history.policy-changed-same-id:info'],
    ],
    [
      'the earlier body was not a usable policy',
      { mode: null, mx: [], maxAge: null },
      { policyHash: 'b'.repeat(64) },
      ['history.policy-changed-same-id:info'],
    ],
    [
      'the policy body changed together with the id',
      {},
      { policyHash: 'b'.repeat(64), recordId: '20261128000000', maxAge: 86400 },
      ['history.id-changed:info'],
    ],
    ['the policy body could not be read this time', {}, { policyHash: null }, []],
    ['the id changed', {}, { recordId: '20261128000000' }, ['history.id-changed:info']],
    ['a record was published', { recordId: null }, {}, ['history.id-changed:info']],
    ['the record was removed', {}, { recordId: null }, ['history.id-changed:info']],
    ['mode enforce → testing', {}, { mode: 'testing' }, ['history.mode-changed:warning']],
    ['mode enforce → none', {}, { mode: 'none' }, ['history.mode-changed:warning']],
    ['mode testing → none', { mode: 'testing' }, { mode: 'none' }, ['history.mode-changed:warning']],
    ['mode testing → enforce', { mode: 'testing' }, {}, ['history.mode-changed:info']],
    ['mode none → testing', { mode: 'none' }, { mode: 'testing' }, ['history.mode-changed:info']],
    ['the policy became unreadable (no mode)', {}, { mode: null, mx: [], maxAge: null }, []],
    ['an mx pattern was added', {}, { mx: [...BASE.mx, 'mx2.example.com'] }, ['history.mx-changed:info']],
    ['an MX host was removed', {}, { mxHosts: ['mx1.example.com'] }, ['history.mx-changed:info']],
    ['the MX lookup gave no hosts this time', {}, { mxHosts: [] }, []],
    ['the status changed', {}, { status: 'WARNING' }, ['history.status-changed:info']],
    ['the previous check ended in ERROR', { status: 'ERROR' }, { mode: 'none', recordId: 'x' }, []],
    ['this check ended in ERROR', {}, { status: 'ERROR', mode: 'none', recordId: 'x' }, []],
  ])('when %s', (_name, before, after, expected) => {
    expect(codes(compareSnapshots(snap(before), later(after)))).toEqual(expected);
  });

  it('tells the owner to publish a new id, citing RFC 8461 §3.1, with a concrete record', () => {
    const [finding] = compareSnapshots(snap(), later({ policyHash: 'b'.repeat(64), mode: 'testing' }));
    expect(finding?.code).toBe('history.policy-changed-same-id');
    expect(finding?.message).toContain('since 2026-11-20');
    expect(finding?.message).toContain('"20261101000000"');
    expect(finding?.message).toContain('Publish a new id');
    expect(finding?.message).toContain('v=STSv1; id=20261128093000;');
    expect(finding?.message).toContain('14 days, until about 2026-12-12');
    expect(finding?.rfc).toContain('RFC 8461 §3.1');
  });

  it('does not throw on a damaged stored time', () => {
    const findings = compareSnapshots(snap(), {
      ...later({ policyHash: 'b'.repeat(64), mode: 'testing' }),
      at: 'x',
    });
    expect(findings[0]?.message).toContain('until about an unknown date');
  });

  it.each<[PolicyMode, PolicyMode, string]>([
    ['enforce', 'testing', 'The policy mode changed from enforce to testing since 2026-11-20'],
    ['none', 'enforce', 'The policy mode changed from none to enforce since 2026-11-20.'],
  ])('says the mode changed from %s to %s and since when', (from, to, text) => {
    const findings = compareSnapshots(snap({ mode: from }), later({ mode: to }));
    expect(findings.find((f) => f.code === 'history.mode-changed')?.message).toContain(text);
  });

  it('says which mx patterns and which MX hosts were added and removed', () => {
    const [finding] = compareSnapshots(
      snap(),
      later({ mx: ['mx1.example.com', 'mx2.example.com'], mxHosts: ['mx1.example.com', 'mx2.example.com'] }),
    );
    expect(finding?.message).toBe(
      "Since 2026-11-20, the policy's mx patterns: added mx2.example.com; removed *.mail.example.com. " +
        "And the domain's MX hosts: added mx2.example.com; removed a.mail.example.com.",
    );
  });

  it('says which status it was and which it is now', () => {
    const [finding] = compareSnapshots(snap({ status: 'SUCCESS' }), later({ status: 'WARNING' }));
    expect(finding?.message).toBe('The status changed from SUCCESS to WARNING since 2026-11-20.');
  });
});

/** A report like the success fixture, with the parts drift detection looks at replaced. */
function report(
  at: string,
  opts: { body?: string | null; id?: string | null; policy?: Partial<StsPolicy>; hosts?: string[] } = {},
): Report {
  const base = successReport;
  const body = opts.body === undefined ? createPolicyFetch().body : opts.body;
  return {
    ...base,
    checkedAt: at,
    evidence: {
      ...base.evidence,
      stsRecord:
        opts.id === null ? null : { version: 'STSv1', id: opts.id ?? '20260301000000', extensions: {} },
      policyFetch: createPolicyFetch(body === null ? { outcome: 'timeout', body: null } : { body }),
      policy: { ...(base.evidence.policy as StsPolicy), ...opts.policy },
      mxHosts: opts.hosts ? opts.hosts.map((h) => createMxHost(h)) : base.evidence.mxHosts,
    },
  };
}

describe('createSnapshot', () => {
  it('hashes the fetched policy body with SHA-256 and keeps what drift detection compares', async () => {
    const s = await createSnapshot(report('2026-11-20T08:00:00.000Z', { body: 'abc' }));
    expect(s).toEqual({
      at: '2026-11-20T08:00:00.000Z',
      status: 'SUCCESS',
      recordId: '20260301000000',
      policyHash: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      mode: 'enforce',
      mx: ['*.mail.example.com', 'mx1.example.com'],
      maxAge: 1209600,
      mxHosts: ['a.mail.example.com', 'mx1.example.com'],
    });
  });

  it('has no hash when the body was not read in full', async () => {
    expect((await createSnapshot(report(LATER, { body: null }))).policyHash).toBeNull();
  });

  it('sorts MX hosts and folds case and trailing dots', async () => {
    const s = await createSnapshot(
      report(LATER, { hosts: ['MX2.Example.com.', 'mx1.example.com', 'mx2.example.com'] }),
    );
    expect(s.mxHosts).toEqual(['mx1.example.com', 'mx2.example.com']);
  });

  it('records the domain status without earlier drift findings', async () => {
    const drifted = applyHistoryFindings(successReport, [
      { code: 'history.policy-changed-same-id', severity: 'warning', message: 'x' },
    ]);
    expect(drifted.status).toBe('WARNING');
    expect((await createSnapshot(drifted)).status).toBe('SUCCESS');
  });
});

const DAY = 86400 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();
const T0 = Date.parse('2026-11-20T08:00:00.000Z');
const OLD_BODY = 'version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 86400\n';
const NEW_BODY = 'version: STSv1\nmode: enforce\nmx: mx2.example.com\nmax_age: 86400\n';
const oldPolicy = { mx: ['mx1.example.com'], maxAge: 86400 };
const newPolicy = { mx: ['mx2.example.com'], maxAge: 86400 };

describe('createHistory.record', () => {
  it('has nothing to compare on the first check, then compares with the latest snapshot', async () => {
    const history = createHistory(createMemoryHistoryStore());
    const first = await history.record(report(iso(T0)));
    expect(first).toMatchObject({ previous: null, findings: [] });
    expect(first.current?.at).toBe(iso(T0));
    const second = await history.record(report(iso(T0 + DAY), { policy: { mode: 'testing' } }));
    expect(second.previous?.at).toBe(iso(T0));
    expect(codes(second.findings)).toEqual(['history.mode-changed:warning']);
    expect((await history.get('example.com')).map((s) => s.at)).toEqual([iso(T0), iso(T0 + DAY)]);
  });

  it('does not record a report that ended in ERROR, and draws no conclusion from it', async () => {
    const history = createHistory(createMemoryHistoryStore());
    await history.record(report(iso(T0)));
    const result = await history.record({ ...errorReport, checkedAt: iso(T0 + DAY) });
    expect(result).toMatchObject({ current: null, findings: [] });
    expect(await history.get('example.com')).toHaveLength(1);
  });

  it('keeps warning about a policy changed under the same id while old caches may live', async () => {
    const history = createHistory(createMemoryHistoryStore());
    await history.record(report(iso(T0), { body: OLD_BODY, policy: oldPolicy }));
    const changed = await history.record(report(iso(T0 + DAY / 2), { body: NEW_BODY, policy: newPolicy }));
    expect(codes(changed.findings)).toContain('history.policy-changed-same-id:warning');
    // Rechecking must not make the hazard disappear: senders may still hold the old policy for max_age.
    const again = await history.record(report(iso(T0 + DAY), { body: NEW_BODY, policy: newPolicy }));
    expect(codes(again.findings)).toEqual(['history.policy-changed-same-id:warning']);
    expect(again.findings[0]?.message).toContain('until about 2026-11-21');
    // Once max_age has passed since the new body was first seen, every cache has expired.
    const expired = await history.record(report(iso(T0 + 2 * DAY), { body: NEW_BODY, policy: newPolicy }));
    expect(expired.findings).toEqual([]);
  });

  it('stops warning about the changed policy once a new id is published', async () => {
    const history = createHistory(createMemoryHistoryStore());
    await history.record(report(iso(T0), { body: OLD_BODY, policy: oldPolicy }));
    await history.record(report(iso(T0 + 1000), { body: NEW_BODY, policy: newPolicy }));
    const fixed = await history.record(
      report(iso(T0 + 2000), { body: NEW_BODY, policy: newPolicy, id: 'new1' }),
    );
    expect(codes(fixed.findings)).toEqual(['history.id-changed:info']);
    const later = await history.record(
      report(iso(T0 + 3000), { body: NEW_BODY, policy: newPolicy, id: 'new1' }),
    );
    expect(later.findings).toEqual([]);
  });

  it('compares two checks finishing together one after the other', async () => {
    const history = createHistory(createMemoryHistoryStore());
    const [a, b] = await Promise.all([
      history.record(report(iso(T0))),
      history.record(report(iso(T0 + 1000), { policy: { mode: 'testing' } })),
    ]);
    expect(a.previous).toBeNull();
    expect(b.previous?.at).toBe(iso(T0));
    expect(await history.get('example.com')).toHaveLength(2);
  });

  it('keeps only the last 20 snapshots of a domain by default', async () => {
    const history = createHistory(createMemoryHistoryStore());
    for (let i = 0; i < 25; i++) await history.record(report(iso(T0 + i * 1000)));
    const kept = await history.get('example.com');
    expect(kept).toHaveLength(20);
    expect(kept[0]?.at).toBe(iso(T0 + 5000));
    expect(kept.at(-1)?.at).toBe(iso(T0 + 24000));
  });

  it('honours maxPerDomain', async () => {
    const history = createHistory(createMemoryHistoryStore(), { maxPerDomain: 3 });
    for (let i = 0; i < 5; i++) await history.record(report(iso(T0 + i * 1000)));
    expect((await history.get('example.com')).map((s) => s.at)).toEqual(
      [2000, 3000, 4000].map((d) => iso(T0 + d)),
    );
  });

  it('evicts the domains whose last snapshot is oldest when there are too many domains', async () => {
    const store = createMemoryHistoryStore();
    const history = createHistory(store, { maxDomains: 3 });
    const check = (domain: string, minutes: number) =>
      history.record({ ...report(iso(T0 + minutes * 60000)), domain });
    await check('a.example', 1);
    await check('b.example', 0); // checked earlier than a, though recorded later
    await check('c.example', 2);
    await check('a.example', 5); // a is now the most recent
    await check('d.example', 3);
    expect((await history.settled().then(() => store.listDomains())).map((d) => d.domain).sort()).toEqual([
      'a.example',
      'c.example',
      'd.example',
    ]);
    await check('e.example', 4);
    expect((await history.settled().then(() => store.listDomains())).map((d) => d.domain).sort()).toEqual([
      'a.example',
      'd.example',
      'e.example',
    ]);
  });

  it('never evicts the domain it has just recorded, even when its check time is the oldest', async () => {
    const store = createMemoryHistoryStore();
    const history = createHistory(store, { maxDomains: 2 });
    await history.record({ ...report(iso(T0 + 60000)), domain: 'a.example' });
    await history.record({ ...report(iso(T0 + 120000)), domain: 'b.example' });
    await history.record({ ...report(iso(T0)), domain: 'c.example' });
    expect((await history.settled().then(() => store.listDomains())).map((d) => d.domain).sort()).toEqual([
      'b.example',
      'c.example',
    ]);
  });

  it('has a default cap of 500 domains', async () => {
    const store = createMemoryHistoryStore();
    const history = createHistory(store);
    for (let i = 0; i <= 500; i++)
      await history.record({ ...report(iso(T0 + i * 1000)), domain: `d${i}.example` });
    const domains = (await history.settled().then(() => store.listDomains())).map((d) => d.domain);
    expect(domains).toHaveLength(500);
    expect(domains).not.toContain('d0.example');
  });
});

describe('createHistory.usage and clear', () => {
  it('counts domains and snapshots and approximates the stored size', async () => {
    const store = createMemoryHistoryStore();
    const history = createHistory(store);
    expect(await history.usage()).toMatchObject({ domains: 0, snapshots: 0 });
    await history.record(report(iso(T0)));
    await history.record(report(iso(T0 + 1000)));
    await history.record({ ...report(iso(T0)), domain: 'other.example' });
    const usage = await history.usage();
    expect(usage).toMatchObject({ domains: 2, snapshots: 3 });
    const json = JSON.stringify(await store.getSnapshots('example.com')).length;
    expect(usage.bytes).toBeGreaterThan(json);
    expect(usage.bytes).toBeLessThan(json * 3);
  });

  it('forgets everything on clear', async () => {
    const history = createHistory(createMemoryHistoryStore());
    await history.record(report(iso(T0)));
    await history.clear();
    expect(await history.usage()).toMatchObject({ domains: 0, snapshots: 0 });
    expect((await history.record(report(iso(T0 + 1000)))).previous).toBeNull();
  });
});

describe('applyHistoryFindings', () => {
  const sameId: Finding = {
    code: 'history.policy-changed-same-id',
    severity: 'warning',
    message: 'The policy file changed, but the id did not.',
  };
  const statusChanged: Finding = { code: 'history.status-changed', severity: 'info', message: 'changed' };

  it('turns a SUCCESS into a WARNING when the policy changed under the same id', () => {
    const result = applyHistoryFindings(successReport, [sameId]);
    expect(result.status).toBe('WARNING');
    expect(result.findings.at(-1)).toEqual(sameId);
    expect(result.findings).toHaveLength(successReport.findings.length + 1);
    expect(result.risks.map((r) => r.id)).toContain('stale-cache');
    expect(result.summary).not.toBe(successReport.summary);
    expect(result.summary).toContain('example.com');
  });

  it('keeps a SUCCESS with information-only history findings', () => {
    const result = applyHistoryFindings(successReport, [statusChanged]);
    expect(result.status).toBe('SUCCESS');
    expect(result.risks).toEqual([]);
  });

  it('does not change the report it was given', () => {
    const before = structuredClone(successReport);
    applyHistoryFindings(successReport, [sameId]);
    expect(successReport).toEqual(before);
  });

  it('replaces earlier history findings instead of adding them twice', () => {
    const once = applyHistoryFindings(warningReport, [sameId]);
    const twice = applyHistoryFindings(once, [statusChanged]);
    expect(twice.findings.filter((f) => f.code.startsWith('history.'))).toEqual([statusChanged]);
  });
});
