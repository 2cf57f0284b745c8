import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PopupApp, type PopupAppProps } from '../../components/PopupApp';
import { normalizeDomain } from '../../lib/input/domain';
import { presentReport } from '../../lib/report/presentation';
import type { Report, StepProgress } from '../../lib/report/types';
import { afterNextFrame } from '../support/later-details';
import { presentFailureHere } from '../support/presented';
import {
  createReport,
  invalidDomainReport,
  noMtaStsReport,
  successReport,
  warningReport,
} from '../support/report-fixtures';
import { nameOf, positiveTabIndexes, tabOrder } from './keyboard';

afterEach(cleanup);

interface Call {
  domain: string;
  onProgress: (p: StepProgress) => void;
  options?: { force?: boolean };
  resolve: (r: Report) => void;
  reject: (e: unknown) => void;
}

/** A runCheck whose calls the test answers by hand. */
function createFakeRunCheck() {
  const calls: Call[] = [];
  const runCheck = vi.fn(
    (domain: string, onProgress: (p: StepProgress) => void, options?: { force?: boolean }) =>
      new Promise<Report>((resolve, reject) => {
        calls.push({ domain, onProgress, options, resolve, reject });
      }).then(presentReport),
  );
  return { runCheck, calls };
}

function setup(props: Partial<PopupAppProps> = {}) {
  const fake = createFakeRunCheck();
  const copyText = vi.fn(async (_text: string) => {});
  const openOptions = vi.fn();
  const view = render(
    <PopupApp
      initialDomain={null}
      tab={null}
      runCheck={fake.runCheck}
      copyText={copyText}
      openOptions={openOptions}
      presentFailure={presentFailureHere}
      {...props}
    />,
  );
  return { ...view, ...fake, copyText, openOptions };
}

const status = () => screen.getByTestId('status');
const field = () => screen.getByLabelText('Domain, web address or e-mail address') as HTMLInputElement;
const typeAndEnter = (text: string) => {
  fireEvent.input(field(), { target: { value: text } });
  fireEvent.keyDown(field(), { key: 'Enter' });
};
const finished = (s: string) => waitFor(() => expect(status().dataset.status).toBe(s));

describe('PopupApp', () => {
  it('checks the initial domain on mount and shows live progress while running', async () => {
    const { calls } = setup({ initialDomain: 'Example.COM' });
    expect(calls.map((c) => c.domain)).toEqual(['example.com']);
    expect(status().dataset.status).toBe('RUNNING');
    expect(screen.getAllByTestId('step').every((s) => s.dataset.state === 'pending')).toBe(true);

    calls[0]?.onProgress({ step: 'record', state: 'done', elapsedMs: 30 });
    calls[0]?.onProgress({ step: 'policy', state: 'failed', elapsedMs: 90 });
    await waitFor(() => {
      const states = screen.getAllByTestId('step').map((s) => s.dataset.state);
      expect(states).toEqual(['done', 'failed', 'pending', 'pending', 'pending']);
    });

    const liveRegion = status();
    calls[0]?.resolve(successReport);
    await finished('SUCCESS');
    // The same live region is updated, not replaced, so screen readers announce the result.
    expect(status()).toBe(liveRegion);
    expect(screen.queryAllByTestId('step')).toHaveLength(0);
    expect(status().textContent).toContain(successReport.summary);
    // Passed checks (a closed group) are built in the frame after the report.
    await afterNextFrame();
    expect(screen.getAllByTestId('finding').length).toBe(successReport.findings.length);
    expect(screen.getByTestId('evidence')).toBeTruthy();
  });

  it.each([
    ['a rejected promise', (c: Call) => c.reject(new Error('boom'))],
    ['a thrown non-Error', (c: Call) => c.reject({ weird: true })],
  ])('turns %s from runCheck into an ERROR report with check.failed', async (_name, fail) => {
    const { calls } = setup({ initialDomain: 'example.com' });
    fail(calls[0] as Call);
    await finished('ERROR');
    const finding = screen.getByTestId('finding');
    expect(finding.dataset.code).toBe('check.failed');
    expect(finding.dataset.severity).toBe('error');
  });

  it('survives a runCheck that throws synchronously', async () => {
    const runCheck = vi.fn(() => {
      throw new Error('sync bug');
    });
    render(
      <PopupApp
        initialDomain="example.com"
        tab={null}
        runCheck={runCheck}
        copyText={vi.fn()}
        openOptions={vi.fn()}
        presentFailure={presentFailureHere}
      />,
    );
    await finished('ERROR');
    expect(screen.getByTestId('finding').textContent).toContain('sync bug');
  });

  it('starts idle with the hint and a focused-on-open field when there is no domain', () => {
    const { runCheck } = setup({ hint: 'This tab is not a website — type a domain to check' });
    expect(runCheck).not.toHaveBeenCalled();
    expect(screen.queryByTestId('status')).toBeNull();
    expect(screen.getByText('This tab is not a website — type a domain to check')).toBeTruthy();
    expect(field().hasAttribute('autofocus')).toBe(true);
  });

  it.each([
    ['https://www.Example.org/some/page', 'www.example.org'],
    ['user@mail.example.net', 'mail.example.net'],
    ['  shop.example.co.uk  ', 'shop.example.co.uk'],
  ])('checks typed %s as the exact domain %s (not reduced)', (typed, expected) => {
    const { calls } = setup();
    typeAndEnter(typed);
    expect(calls.map((c) => c.domain)).toEqual([expected]);
    expect(field().value).toBe(expected);
  });

  it.each([
    ['with a space', 'foo bar', /space/],
    ['empty', '   ', /./],
    ['a single label', 'localhost', /./],
  ])(
    'validates typed input %s inline: a message by the field, no check, no report',
    async (_what, typed, message) => {
      const { calls } = setup({ initialDomain: 'example.com' });
      calls[0]?.resolve(successReport);
      await finished('SUCCESS');
      typeAndEnter(typed);
      expect(screen.getByRole('alert').textContent).toMatch(message);
      expect(field().getAttribute('aria-invalid')).toBe('true');
      expect(calls.map((c) => c.domain)).toEqual(['example.com']);
      expect(screen.queryAllByTestId('finding').some((f) => f.dataset.code === 'domain.invalid')).toBe(false);
    },
  );

  it.each<[string, string, string, string | null]>([
    [
      'a web address',
      'https://www.shop.example.co.uk/cart',
      'example.co.uk',
      'Check www.shop.example.co.uk instead',
    ],
    ['a bare host', 'mail.example.org', 'example.org', 'Check mail.example.org instead'],
    ['a registrable domain', 'example.org', 'example.org', null],
    ['an e-mail address', 'ciso@mail.example.net', 'mail.example.net', null],
  ])(
    'reduces %s to the domain that receives mail, like the toolbar button',
    async (_what, typed, checked, offer) => {
      const normalize = vi.fn(async (input: string) => normalizeDomain(input));
      const { calls } = setup({ normalize });
      typeAndEnter(typed);
      await waitFor(() => expect(calls.map((c) => c.domain)).toEqual([checked]));
      await waitFor(() => expect(field().value).toBe(checked));
      if (offer) expect(screen.getByRole('button', { name: offer })).toBeTruthy();
      else expect(screen.queryByTestId('scope-switch')).toBeNull();
      if (typed.includes('@')) expect(normalize).not.toHaveBeenCalled();
    },
  );

  it('checks the exact host when the reduction fails', async () => {
    const { calls } = setup({ normalize: () => Promise.reject(new Error('no background')) });
    typeAndEnter('www.example.org');
    await waitFor(() => expect(calls.map((c) => c.domain)).toEqual(['www.example.org']));
  });

  it('offers the parent domain when the checked host receives no mail', async () => {
    const { calls } = setup({ normalize: async (input) => normalizeDomain(input) });
    typeAndEnter('www.example.org');
    await waitFor(() => expect(calls).toHaveLength(1));
    fireEvent.click(screen.getByRole('button', { name: 'Check www.example.org instead' }));
    calls[1]?.resolve({
      ...successReport,
      domain: 'www.example.org',
      status: 'WARNING',
      findings: [{ code: 'mx.none', severity: 'warning', message: 'No MX records.' }],
    });
    await finished('WARNING');
    expect(screen.getByTestId('parent-offer').textContent).toMatch(/www\.example\.org receives no mail/);
    fireEvent.click(
      within(screen.getByTestId('parent-offer')).getByRole('button', { name: 'Check example.org instead' }),
    );
    expect(calls.map((c) => c.domain)).toEqual(['example.org', 'www.example.org', 'example.org']);
  });

  it('shows an invalid deep-link domain both beside the field and as an ERROR report', async () => {
    const { calls } = setup({ initialDomain: 'not a domain' });
    expect(calls[0]?.domain).toBe('not a domain');
    expect(screen.getByRole('alert').textContent).toMatch(/space/);
    calls[0]?.resolve(invalidDomainReport);
    await finished('ERROR');
    expect(screen.getByTestId('finding').dataset.code).toBe('domain.invalid');
  });

  it('clears the field error after a valid submission', () => {
    setup();
    typeAndEnter('foo bar');
    expect(screen.getByRole('alert')).toBeTruthy();
    typeAndEnter('example.com');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('"Check again" reruns the same domain with force', async () => {
    const { calls } = setup({ initialDomain: 'example.com' });
    calls[0]?.resolve(warningReport);
    await finished('WARNING');
    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    expect(calls[1]?.domain).toBe('example.com');
    expect(calls[1]?.options).toEqual({ force: true, onVerdict: expect.any(Function) });
    expect(status().dataset.status).toBe('RUNNING');
  });

  it('ignores the answer of a check the user replaced with another', async () => {
    const { calls } = setup({ initialDomain: 'slow.example' });
    typeAndEnter('fast.example');
    calls[1]?.resolve(createReport({ domain: 'fast.example', status: 'WARNING', summary: 'fast' }));
    await finished('WARNING');
    calls[0]?.onProgress({ step: 'record', state: 'done', elapsedMs: 1 });
    calls[0]?.resolve(createReport({ domain: 'slow.example', summary: 'slow' }));
    await new Promise((r) => setTimeout(r, 0));
    expect(status().textContent).toContain('fast');
    expect(status().dataset.status).toBe('WARNING');
  });

  it('offers the exact tab host when the registrable domain was checked, and back', async () => {
    const { calls } = setup({
      initialDomain: 'example.co.uk',
      tab: { host: 'www.shop.example.co.uk', registrable: 'example.co.uk' },
    });
    calls[0]?.resolve(createReport({ domain: 'example.co.uk' }));
    await finished('SUCCESS');
    fireEvent.click(screen.getByRole('button', { name: 'Check www.shop.example.co.uk instead' }));
    expect(calls[1]?.domain).toBe('www.shop.example.co.uk');
    expect(field().value).toBe('www.shop.example.co.uk');
    calls[1]?.resolve(createReport({ domain: 'www.shop.example.co.uk' }));
    await finished('SUCCESS');
    fireEvent.click(screen.getByRole('button', { name: 'Check example.co.uk instead' }));
    expect(calls[2]?.domain).toBe('example.co.uk');
  });

  it('shows the starter set only when the domain has no MTA-STS at all', async () => {
    const { calls } = setup({ initialDomain: 'shop.example' });
    calls[0]?.resolve(noMtaStsReport);
    await finished('WARNING');
    expect(screen.getByTestId('starter-policy').textContent).toContain('mx: aspmx.l.google.com\n');
    expect(screen.getByTestId('starter-record').textContent).toBe('v=STSv1; id=20260314093005');
    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    calls[1]?.resolve(warningReport);
    await finished('WARNING');
    expect(screen.queryByTestId('starter-set')).toBeNull();
  });

  it('shows risks for a WARNING report', async () => {
    const { calls } = setup({ initialDomain: 'example.com' });
    calls[0]?.resolve(warningReport);
    await finished('WARNING');
    expect(screen.getAllByTestId('risk')).toHaveLength(2);
  });

  it('copies the report and opens the options through its props', async () => {
    const { calls, copyText, openOptions } = setup({ initialDomain: 'example.com' });
    calls[0]?.resolve(warningReport);
    await finished('WARNING');
    fireEvent.click(screen.getByRole('button', { name: 'Copy report' }));
    await waitFor(() => expect(screen.getByText('✔ Copied as Markdown')).toBeTruthy());
    expect(copyText.mock.calls[0]?.[0]).toMatch(/^# MTA-STS check: example\.com/);
    fireEvent.click(screen.getByRole('link', { name: 'Options' }));
    expect(openOptions).toHaveBeenCalledTimes(1);
  });

  it('has one h1 and keeps the report keyboard-reachable in reading order', async () => {
    const { calls, container } = setup({
      initialDomain: 'example.com',
      tab: { host: 'www.example.com', registrable: 'example.com' },
    });
    calls[0]?.resolve(warningReport);
    await finished('WARNING');
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    const names = tabOrder(container).map(nameOf);
    // The first problem and its fix come before the report's actions (issue 9, item 1).
    expect(names.slice(0, 9)).toEqual([
      'Domain, web address or e-mail address',
      'Check',
      'Check www.example.com instead',
      'Copy example',
      'RFC 8461 §4.1',
      'Copy report',
      'Copy JSON',
      'Check again',
      'Options',
    ]);
    // The collapsed groups are reachable by their summaries.
    expect(names).toContain('Passed checks and notes (1)');
    expect(names).toContain('Records, policy and timings as received');
    expect(positiveTabIndexes(container)).toEqual([]);
  });
});

describe('PopupApp when the background does not answer at all', () => {
  it('says nothing is known and what to do, instead of a blank or a stuck "Checking…"', async () => {
    const { calls } = setup({
      initialDomain: 'example.com',
      presentFailure: () => Promise.reject(new Error('Could not establish connection.')),
    });
    calls[0]?.reject(new Error('Could not establish connection.'));
    await waitFor(() => expect(status().dataset.status).toBe('ERROR'));
    expect(screen.getByTestId('status-cause').textContent).toBe(
      "Nothing is known about example.com: the extension's background did not answer.",
    );
    expect(screen.getByTestId('next-step').textContent).toContain('open it again');
    expect(screen.queryByTestId('finding')).toBeNull();
  });
});

describe('PopupApp: voice', () => {
  it('says in one line what MTA-STS is, with a link to the RFC', () => {
    setup();
    const about = screen.getByTestId('about');
    expect(about.textContent).toMatch(/^What is MTA-STS\?/);
    expect(within(about).getByRole('link', { name: 'RFC 8461' }).getAttribute('href')).toBe(
      'https://www.rfc-editor.org/rfc/rfc8461',
    );
  });
});

describe('an audit row opened from the audit page', () => {
  it('shows the stored report it summarises, marked as stored, without a new check', async () => {
    const { runCheck } = setup({
      initialDomain: warningReport.domain,
      storedReport: presentReport(warningReport),
    });
    await waitFor(() => expect(status().dataset.status).toBe('WARNING'));
    expect(screen.getByTestId('stored-report').textContent).toMatch(/audit run of .* as stored/);
    expect(runCheck).not.toHaveBeenCalled();
  });

  it('checks live on "Check again" and drops the stored mark', async () => {
    const { runCheck, calls } = setup({
      initialDomain: warningReport.domain,
      storedReport: presentReport(warningReport),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Check again' }));
    expect(runCheck).toHaveBeenCalledTimes(1);
    expect(calls[0]?.options?.force).toBe(true);
    calls[0]?.resolve(successReport);
    await waitFor(() => expect(status().dataset.status).toBe('SUCCESS'));
    expect(screen.queryByTestId('stored-report')).toBeNull();
  });
});
