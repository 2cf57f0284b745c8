// The popup's first check is sent from the earliest point of start-up (after the host-access check), and the
// popup's first runCheck for that domain takes over that request instead of sending another.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { presentReport } from '../../lib/report/presentation';
import { createEarlyRunCheck } from '../../utils/popup-wiring';
import { successReport } from '../support/report-fixtures';

const presented = presentReport(successReport);

afterEach(() => {
  vi.restoreAllMocks();
});

function answerChecks() {
  return vi
    .spyOn(fakeBrowser.runtime, 'sendMessage')
    .mockImplementation(async (message: unknown) =>
      (message as { type: string }).type === 'checkDomain'
        ? { ok: true, report: successReport, view: presented.view, cached: false }
        : undefined,
    );
}
const checkMessages = (spy: ReturnType<typeof answerChecks>) =>
  spy.mock.calls.filter(([m]) => (m as { type: string }).type === 'checkDomain');

describe('createEarlyRunCheck', () => {
  it('sends the first check before the popup asks, and hands that request over', async () => {
    const spy = answerChecks();
    const runCheck = createEarlyRunCheck('Example.COM', 7);
    await vi.waitFor(() => expect(checkMessages(spy)).toHaveLength(1));
    expect(checkMessages(spy)[0]?.[0]).toMatchObject({ data: { domain: 'example.com', tabId: 7 } });
    const { report, view } = await runCheck('example.com', vi.fn());
    expect(report).toBe(successReport);
    expect(view).toBe(presented.view);
    expect(checkMessages(spy)).toHaveLength(1);
  });

  it.each([
    ['another domain', 'other.example', {}],
    ['"Check again" (force)', 'example.com', { force: true }],
  ])('sends a new check for %s', async (_name, domain, options) => {
    const spy = answerChecks();
    const runCheck = createEarlyRunCheck('example.com', undefined);
    await vi.waitFor(() => expect(checkMessages(spy)).toHaveLength(1));
    await runCheck(domain, vi.fn(), options);
    expect(checkMessages(spy)).toHaveLength(2);
  });

  it('sends the first check at once (the background decides host access); after a "no access" answer it checks again once granted', async () => {
    let backgroundHasAccess = false;
    const spy = vi
      .spyOn(fakeBrowser.runtime, 'sendMessage')
      .mockImplementation(async (message: unknown) =>
        (message as { type: string }).type === 'checkDomain'
          ? backgroundHasAccess
            ? { ok: true, report: successReport, view: presented.view, cached: false }
            : { ok: false, error: 'The extension has no access to websites yet.', noAccess: true }
          : undefined,
      );
    const runCheck = createEarlyRunCheck('example.com', undefined);
    await vi.waitFor(() => expect(checkMessages(spy)).toHaveLength(1));
    backgroundHasAccess = true;
    expect((await runCheck('example.com', vi.fn())).report).toBe(successReport);
    expect(checkMessages(spy)).toHaveLength(2);
  });

  it('sends nothing early for a tab that is not a website', async () => {
    const spy = answerChecks();
    createEarlyRunCheck(null, undefined);
    await new Promise((r) => setTimeout(r, 10));
    expect(checkMessages(spy)).toHaveLength(0);
  });
});
