// Everything from the network is text: markup in records, policy bodies, host names or messages must show
// literally and never create elements.
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Evidence } from '../../components/Evidence';
import { FindingList } from '../../components/FindingList';
import { PopupApp } from '../../components/PopupApp';
import { StatusHeader } from '../../components/StatusHeader';
import { presentReport } from '../../lib/report/presentation';
import { afterNextFrame } from '../support/later-details';
import { presentFailureHere } from '../support/presented';
import { HOSTILE_IMG, HOSTILE_SCRIPT, hostileReport } from '../support/report-fixtures';

afterEach(() => {
  cleanup();
  delete (window as { __pwned?: boolean }).__pwned;
});

function expectInert(container: Element) {
  expect(container.querySelector('script')).toBeNull();
  expect(container.querySelector('img')).toBeNull();
  expect(container.querySelector('[onerror]')).toBeNull();
  expect((window as { __pwned?: boolean }).__pwned).toBeUndefined();
}

describe('hostile network content', () => {
  it('shows a policy body and TXT record with markup literally in the evidence', async () => {
    const { container } = render(<Evidence report={hostileReport} />);
    await afterNextFrame();
    expectInert(container);
    expect(screen.getByTestId('policy-body').textContent).toBe(hostileReport.evidence.policyFetch?.body);
    expect(container.textContent).toContain(`v=STSv1; id=${HOSTILE_IMG}`);
    expect(container.textContent).toContain(`text/html; ${HOSTILE_SCRIPT}`);
    // An MX host name full of markup is a table cell's text.
    expect(screen.getByTestId('mx-host').firstElementChild?.textContent).toBe(HOSTILE_IMG);
  });

  it('shows finding messages with markup literally', async () => {
    const { container } = render(<FindingList presented={presentReport(hostileReport)} copyText={vi.fn()} />);
    await afterNextFrame();
    expectInert(container);
    expect(container.textContent).toContain(HOSTILE_SCRIPT);
    expect(container.textContent).toContain(HOSTILE_IMG);
  });

  it('shows a hostile domain and summary literally in the status', () => {
    const { container } = render(
      <StatusHeader status="ERROR" domain={HOSTILE_IMG} summary={HOSTILE_SCRIPT} />,
    );
    expectInert(container);
    expect(container.textContent).toContain(HOSTILE_SCRIPT);
  });

  it('renders a whole hostile report in the popup without creating elements from it', async () => {
    const { container } = render(
      <PopupApp
        initialDomain="evil.example"
        tab={null}
        runCheck={async () => presentReport(hostileReport)}
        copyText={vi.fn()}
        openOptions={vi.fn()}
        presentFailure={presentFailureHere}
      />,
    );
    await waitFor(() => expect(screen.getByTestId('status').dataset.status).toBe('WARNING'));
    await afterNextFrame();
    expectInert(container);
    expect(container.innerHTML).toContain('&lt;script&gt;');
  });
});
