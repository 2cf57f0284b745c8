import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createAuditRow } from '../../lib/audit/audit-row';
import { checkDomain } from '../../lib/check/check-domain';
import { createEmptyEvidence } from '../../lib/report/empty';
import { finishReport } from '../../lib/report/finish';
import { CheckInterruptedError } from '../../lib/report/interrupted';
import { presentReport } from '../../lib/report/presentation';
import type { StepProgress } from '../../lib/report/types';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import { createStorageAuditStore } from '../../utils/audit-store';
import { PROGRESS_INTERVAL_MS, registerBackground } from '../../utils/background-service';
import { requestCheck } from '../../utils/check-client';
import { createStorageHistoryStore } from '../../utils/history-store';
import {
  createRunCheck,
  loadLinkedAuditReport,
  NON_WEB_HINT,
  presentFailure,
  resolvePopupTarget,
  startPopup,
} from '../../utils/popup-wiring';
import { saveSettings } from '../../utils/settings';
import { startWorld, type World } from '../support/world';

let world: World;
let unregister: (() => void) | undefined;

beforeAll(async () => {
  world = await startWorld({ httpsDoh: true });
});
afterAll(async () => {
  await world?.close();
});

beforeEach(async () => {
  unregister?.();
  vi.restoreAllMocks();
  fakeBrowser.reset();
  await saveSettings({
    ...DEFAULT_SETTINGS,
    resolver: 'custom',
    customUrl: world.dohUrl,
    policyTimeoutMs: 1000,
  });
});

/** The real checker against the local servers, counted. */
function register(deps: { hasHostAccess?: () => Promise<boolean> } = {}) {
  const check = vi.fn(checkDomain);
  unregister = registerBackground({ check, fetch: world.fetch, ...deps });
  return check;
}

/**
 * Opens `url` as the active tab. The fake browser cannot make a created tab the active one, so its query answers
 * with this tab, and only for the questions asked of it: the popup's (its window) and the background's (the last
 * focused window). `lastFocused`: another tab, active in the last focused window when the popup's is not.
 */
async function openTab(url: string, options: { lastFocused?: string; popupAsks?: () => Promise<void> } = {}) {
  const tab = await fakeBrowser.tabs.create({ url });
  const other = options.lastFocused ? await fakeBrowser.tabs.create({ url: options.lastFocused }) : tab;
  vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation(async (info) => {
    if (info.active !== true) return [];
    if (info.currentWindow === true) {
      await options.popupAsks?.();
      return [{ ...tab, active: true }];
    }
    return info.lastFocusedWindow === true ? [{ ...other, active: true }] : [];
  });
  return tab as typeof tab & { id: number };
}

describe('active tab → registrable domain → check → badge', () => {
  it('checks the registrable domain of the tab and badges that tab with the result', async () => {
    register();
    const tab = await openTab('https://www.enforce.test/some/page?q=1');
    const target = await resolvePopupTarget('');
    expect(target).toMatchObject({
      initialDomain: 'enforce.test',
      tab: { host: 'www.enforce.test', registrable: 'enforce.test' },
      tabId: tab.id,
    });
    const progress: StepProgress[] = [];
    const { report } = await createRunCheck(target.tabId)(target.initialDomain as string, (p) =>
      progress.push(p),
    );
    expect(report.status).toBe('SUCCESS');
    expect(progress.map((p) => p.step)).toEqual(expect.arrayContaining(['record', 'policy', 'mx', 'tlsrpt']));
    expect(await fakeBrowser.action.getBadgeText({ tabId: tab.id })).toBe('OK');
  });

  it.each([
    ['testing.test', '!'],
    ['servfail.test', 'ERR'],
  ])('badges %s as %s', async (domain, badge) => {
    register();
    const tab = await openTab(`https://${domain}/`);
    await createRunCheck(tab.id)(domain, () => {});
    expect(await fakeBrowser.action.getBadgeText({ tabId: tab.id })).toBe(badge);
  });

  it.each(['chrome://newtab/', 'about:blank', 'file:///etc/hosts', 'chrome-extension://abc/popup.html'])(
    'shows the hint instead of checking on a non-web tab (%s)',
    async (url) => {
      register();
      await openTab(url);
      const target = await resolvePopupTarget('');
      expect(target.initialDomain).toBeNull();
      expect(target.hint).toBe(NON_WEB_HINT);
    },
  );

  it('takes ?domain= as given, without reducing it to the registrable domain', async () => {
    register();
    await openTab('https://other.test/');
    const target = await resolvePopupTarget('?domain=mail.enforce.test');
    expect(target.initialDomain).toBe('mail.enforce.test');
    expect(target.tab).toBeNull();
  });
});

describe('the toolbar popup opens with one round trip', () => {
  /** The message types the popup sends, in order. */
  function recordSent() {
    const types: string[] = [];
    const send = fakeBrowser.runtime.sendMessage.bind(fakeBrowser.runtime);
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(((message: { type: string }) => {
      types.push(message.type);
      return send(message as never);
    }) as never);
    return types;
  }

  it('sends the check before its own tab query answers: the background reads the tab and checks its registrable domain', async () => {
    register();
    const sent = recordSent();
    // The popup's own tab query answers only once the check message has gone out.
    const tab = await openTab('https://www.enforce.test/some/page?q=1', {
      popupAsks: () => vi.waitFor(() => expect(sent).toContain('checkDomain')),
    });
    const { target, runCheck } = await startPopup('');
    expect(target).toMatchObject({
      initialDomain: 'enforce.test',
      tab: { host: 'www.enforce.test', registrable: 'enforce.test' },
      tabId: tab.id,
    });
    // The popup's own first call takes over the request already under way.
    const { report } = await runCheck('enforce.test', () => {});
    expect(report.status).toBe('SUCCESS');
    expect(sent.filter((t) => t === 'normalize' || t === 'checkDomain')).toEqual(['checkDomain']);
    expect(await fakeBrowser.action.getBadgeText({ tabId: tab.id })).toBe('OK');
  });

  it("checks the popup's own tab when the background read another window's tab, and cancels that check", async () => {
    const check = register();
    const tab = await openTab('https://www.enforce.test/', { lastFocused: 'https://www.testing.test/' });
    const { target, runCheck } = await startPopup('');
    expect(target).toMatchObject({ initialDomain: 'enforce.test', tabId: tab.id });
    const { report } = await runCheck('enforce.test', () => {});
    expect(report.domain).toBe('enforce.test');
    expect(await fakeBrowser.action.getBadgeText({ tabId: tab.id })).toBe('OK');
    const other = check.mock.calls.find(([domain]) => domain === 'testing.test');
    await vi.waitFor(() => expect(other?.[1]?.signal?.aborted).toBe(true));
  });

  it.each([
    ['the popup', 'chrome://newtab/', 'https://www.enforce.test/'],
    ['the background', 'https://www.enforce.test/', 'chrome://newtab/'],
  ])("decides by the popup's own tab when only %s reads a browser page", async (_who, popupTab, focused) => {
    register();
    await openTab(popupTab, { lastFocused: focused });
    const { target } = await startPopup('');
    if (popupTab.startsWith('https:')) expect(target.initialDomain).toBe('enforce.test');
    else expect(target).toMatchObject({ initialDomain: null, hint: NON_WEB_HINT });
  });

  it.each(['https://192.0.2.1/', 'https://localhost/', 'chrome://newtab/'])(
    'shows the hint for %s without checking anything',
    async (url) => {
      const check = register();
      await openTab(url);
      const { target } = await startPopup('');
      expect(target.initialDomain).toBeNull();
      expect(target.hint).toBe(NON_WEB_HINT);
      expect(check).not.toHaveBeenCalled();
    },
  );

  it('checks nothing without host access, and still names the domain', async () => {
    const check = register({ hasHostAccess: async () => false });
    const asked = world.doh.requests.length;
    await openTab('https://www.enforce.test/');
    const { target, runCheck } = await startPopup('');
    expect(target.initialDomain).toBe('enforce.test');
    await expect(runCheck('enforce.test', () => {})).rejects.toThrow('no access to websites');
    expect(check).not.toHaveBeenCalled();
    expect(world.doh.requests).toHaveLength(asked);
  });

  it.each([
    ['the popup', () => createRunCheck(undefined)('enforce.test', () => {})],
    ['the audit page', () => requestCheck('enforce.test')],
  ])('refuses every check without host access (%s): nothing is looked up or fetched', async (_from, run) => {
    const check = register({ hasHostAccess: async () => false });
    await expect(run()).rejects.toThrow('no access to websites');
    expect(check).not.toHaveBeenCalled();
  });
});

describe('an audit row opened in the popup', () => {
  it('gets the stored report from the background, and null for a domain the audit never checked', async () => {
    register();
    const store = createStorageAuditStore();
    const report = fakeReport('stored.example');
    await store.startRun(['stored.example']);
    await store.saveResult(createAuditRow(report), report);
    expect((await loadLinkedAuditReport('?domain=stored.example&from=audit'))?.report.domain).toBe(
      'stored.example',
    );
    expect(await loadLinkedAuditReport('?domain=other.example&from=audit')).toBeNull();
    expect(await loadLinkedAuditReport('?domain=stored.example')).toBeNull();
  });
});

describe('background messaging', () => {
  it('answers from its cache when the popup reopens, and checks again on request', async () => {
    const check = register();
    const run = createRunCheck(undefined);
    const { report: first } = await run('enforce.test', () => {});
    const { report: second } = await run('enforce.test', () => {});
    expect(second).toEqual(first);
    expect(check).toHaveBeenCalledTimes(1);
    await run('enforce.test', () => {}, { force: true });
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('looks the records up afresh on "Check again" instead of reusing its DNS cache', async () => {
    register();
    const run = createRunCheck(undefined);
    expect((await run('enforce.test', () => {})).report.status).toBe('SUCCESS');
    // The resolver now fails for the record: a check that reused cached answers would still say SUCCESS.
    world.doh.setBehaviour({ fault: 'servfail' }, { name: '_mta-sts.enforce.test' });
    try {
      expect((await run('enforce.test', () => {}, { force: true })).report.status).toBe('ERROR');
    } finally {
      world.resetDoh();
    }
  });

  it('applies new settings to the very next check (cache keyed by resolver)', async () => {
    const check = register();
    const run = createRunCheck(undefined);
    await run('enforce.test', () => {});
    await saveSettings({
      ...DEFAULT_SETTINGS,
      resolver: 'custom',
      customUrl: 'https://nowhere.test/dns-query',
    });
    const { report } = await run('enforce.test', () => {});
    expect(check).toHaveBeenCalledTimes(2);
    expect(check.mock.calls[1]?.[1]).toMatchObject({
      resolverSetting: { kind: 'custom', url: 'https://nowhere.test/dns-query' },
    });
    expect(report.status).toBe('ERROR');
  });

  it("asks an audit check's DNS questions in the background, and a popup check's first", async () => {
    const check = register();
    await requestCheck('enforce.test', { fresh: true, background: true });
    await createRunCheck(undefined)('testing.test', () => {});
    expect(check.mock.calls.map(([domain, deps]) => [domain, deps?.priority?.background === true])).toEqual([
      ['enforce.test', true],
      ['testing.test', false],
    ]);
  });

  it('returns a domain.invalid ERROR report for input that is not a domain', async () => {
    register();
    const { report } = await createRunCheck(undefined)('not a domain!', () => {});
    expect(report.status).toBe('ERROR');
    expect(report.findings.map((f) => f.code)).toEqual(['domain.invalid']);
  });

  it('sends a bug in the checker back as data, which the popup turns into a rejection', async () => {
    unregister = registerBackground({
      check: () => Promise.reject(new Error('boom')),
      fetch: world.fetch,
    });
    await expect(createRunCheck(undefined)('enforce.test', () => {})).rejects.toThrow('boom');
  });
});

describe('what the popup is sent with each report', () => {
  it('sends the view of the report to the popup, worked out as presentReport does, and none to the audit page', async () => {
    register();
    const { report, view } = await createRunCheck(undefined)('enforce.test', () => {});
    expect(view).toEqual(presentReport(report).view);
    const plain = await requestCheck('enforce.test');
    expect(plain.status).toBe('SUCCESS');
    expect('view' in plain).toBe(false);
  });

  it('sends the verdict after the first round with its view too', async () => {
    // A check whose first round ends well before its last: the verdict goes out in between.
    const report = fakeReport('enforce.test');
    unregister = registerBackground({
      fetch: world.fetch,
      check: async (_domain, deps) => {
        deps.onVerdict?.(report);
        await new Promise((r) => setTimeout(r, 100));
        return report;
      },
    });
    const verdicts: Array<{ status: string; state: string; same: boolean }> = [];
    await createRunCheck(undefined)('enforce.test', () => {}, {
      onVerdict: (presented) =>
        verdicts.push({
          status: presented.report.status,
          state: presented.view.state,
          same: JSON.stringify(presented.view) === JSON.stringify(presentReport(presented.report).view),
        }),
    });
    expect(verdicts).toEqual([{ status: 'WARNING', state: 'not-set-up', same: true }]);
  });

  /** A check whose first four steps finish at once, then its verdict, then DANE a while later. */
  function registerBurstCheck() {
    const report = fakeReport('burst.example');
    unregister = registerBackground({
      fetch: world.fetch,
      check: async (_domain, deps) => {
        for (const step of ['record', 'tlsrpt', 'mx', 'policy'] as const)
          deps.onProgress?.({ step, state: 'done', elapsedMs: 5 });
        deps.onVerdict?.(report);
        await new Promise((r) => setTimeout(r, 120));
        deps.onProgress?.({ step: 'dane', state: 'done', elapsedMs: 125 });
        return report;
      },
    });
  }
  const progressMessages = (spy: { mock: { calls: unknown[][] } }) =>
    spy.mock.calls
      .map(([m]) => m as { type: string; data: { progress: Array<{ step: string }> } })
      .filter((m) => m.type === 'checkProgress')
      .map((m) => m.data.progress.map((p) => p.step));

  it('sends no progress for a check whose verdict comes within the first interval (the popup)', async () => {
    registerBurstCheck();
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage');
    const steps: string[] = [];
    await createRunCheck(undefined)('burst.example', (p) => steps.push(p.step), { onVerdict: () => {} });
    expect(progressMessages(send)).toEqual([]);
    expect(steps).toEqual([]);
  });

  it('sends progress in batches while a slower check runs, and none once the verdict is out', async () => {
    const report = fakeReport('slow.example');
    unregister = registerBackground({
      fetch: world.fetch,
      check: async (_domain, deps) => {
        deps.onProgress?.({ step: 'record', state: 'done', elapsedMs: 5 });
        await new Promise((r) => setTimeout(r, PROGRESS_INTERVAL_MS + 30));
        for (const step of ['tlsrpt', 'mx', 'policy'] as const)
          deps.onProgress?.({ step, state: 'done', elapsedMs: 85 });
        deps.onVerdict?.(report);
        await new Promise((r) => setTimeout(r, 2 * PROGRESS_INTERVAL_MS));
        deps.onProgress?.({ step: 'dane', state: 'done', elapsedMs: 185 });
        return report;
      },
    });
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage');
    const steps: string[] = [];
    await createRunCheck(undefined)('slow.example', (p) => steps.push(p.step), { onVerdict: () => {} });
    // The record after the first interval; the last three came in the next one, and the verdict said more.
    expect(progressMessages(send)).toEqual([['record']]);
    expect(steps).toEqual(['record']);
  });

  it('sends every step before the answer to a caller that shows steps without asking for the verdict', async () => {
    registerBurstCheck();
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage');
    const steps: string[] = [];
    await requestCheck('burst.example', { onProgress: (p) => steps.push(p.step) });
    expect(progressMessages(send)).toEqual([['record', 'tlsrpt', 'mx', 'policy'], ['dane']]);
    expect(steps).toEqual(['record', 'tlsrpt', 'mx', 'policy', 'dane']);
  });

  it('sends no progress to a caller that shows no steps (the bulk audit): each message reaches every page', async () => {
    registerBurstCheck();
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage');
    const report = await requestCheck('burst.example', { fresh: true, background: true });
    expect(report.domain).toBe('burst.example');
    expect(progressMessages(send)).toEqual([]);
  });

  it.each([
    ['interrupted', new CheckInterruptedError(), 'check.interrupted', 'interrupted before it finished'],
    ['a bug', new Error('kaboom'), 'check.failed', 'kaboom'],
  ])('makes the ERROR report of a check that ended without one (%s)', async (_name, error, code, text) => {
    register();
    const { report, view } = await presentFailure('example.com', error);
    expect(report.status).toBe('ERROR');
    expect(report.domain).toBe('example.com');
    expect(report.findings.map((f) => f.code)).toEqual([code]);
    expect(report.findings[0]?.message).toContain(text);
    expect(view.state).toBe('unknown');
  });
});

describe('history and drift', () => {
  it('warns when the policy changed but the record id did not, on the next check', async () => {
    register();
    const run = createRunCheck(undefined);
    const { report: first } = await run('enforce.test', () => {});
    expect(first.status).toBe('SUCCESS');
    expect(first.history?.previous).toBeNull();
    const host = 'mta-sts.enforce.test';
    world.policy.setRoute(host, {
      body: 'version: STSv1\nmode: enforce\nmx: mx1.enforce.test\nmx: *.enforce.test\nmax_age: 86400\n',
      headers: { 'content-type': 'text/plain' },
    });
    try {
      const { report: second } = await run('enforce.test', () => {}, { force: true });
      const drift = second.findings.find((f) => f.code === 'history.policy-changed-same-id');
      expect(drift?.severity).toBe('warning');
      expect(second.status).toBe('WARNING');
      expect(second.history?.previous?.recordId).toBe('20261128T1');
      // The report carries its diff: views show it without recomputing.
      expect(second.history?.diff).toEqual({ policyBody: true });
    } finally {
      world.policy.setRoute(host, {
        body: world.scenarios['enforce.test']?.policy?.body,
        headers: { 'content-type': 'text/plain' },
      });
    }
  });
});

describe('one writer of the history', () => {
  it('keeps every domain when 40 checks from several pages finish at once', async () => {
    register();
    const domains = ['enforce.test', 'testing.test', 'nomx.test', 'none.test'];
    const all = Array.from({ length: 40 }, (_, i) => domains[i % domains.length] as string);
    // Popup and audit page both send their checks to the background; the audit page asks for fresh ones.
    await Promise.all(all.map((d, i) => requestCheck(d, { fresh: i % 2 === 0 })));
    // The history write finishes after the answer (off the critical path).
    await vi.waitFor(async () => {
      const index = await createStorageHistoryStore().listDomains();
      expect(index.map((d) => d.domain).sort()).toEqual([...domains].sort());
    });
  });

  it('keeps every one of 40 distinct domains written concurrently through the background', async () => {
    const check = vi.fn(async (domain: string) => fakeReport(domain));
    unregister = registerBackground({ check, fetch: world.fetch });
    const domains = Array.from({ length: 40 }, (_, i) => `d${i}.example`);
    await Promise.all(domains.map((d) => requestCheck(d, { fresh: true })));
    await vi.waitFor(async () => expect(await createStorageHistoryStore().listDomains()).toHaveLength(40));
  });
});

function fakeReport(domain: string) {
  return finishReport({
    domain,
    checkedAt: new Date().toISOString(),
    findings: [{ code: 'record.missing', severity: 'warning', message: 'none' }],
    evidence: createEmptyEvidence(),
    timings: {},
    resolver: 'test',
  });
}
