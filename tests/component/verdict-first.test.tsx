// The popup shows the status as soon as the verdict arrives (DANE still pending: "checking…"), then the full
// report replaces it without the status changing.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Report } from '../../lib/report/types';
import { renderPopupChecking, shownStatus } from '../support/popup-render';
import { createMxHost, successReport } from '../support/report-fixtures';

afterEach(cleanup);

describe('the verdict before DANE', () => {
  it("shows the final status at the verdict, DANE and the policy host's addresses as checking…, then both when they come", async () => {
    const early: Report = {
      ...successReport,
      findings: successReport.findings.filter((f) => !f.code.startsWith('dane.')),
      evidence: {
        ...successReport.evidence,
        mxHosts: [createMxHost('mx1.example.com', { dane: null, daneAuthenticated: null })],
        danePending: true,
        policyHostA: null,
        policyHostAAAA: null,
        policyHostPending: true,
      },
    };
    const final: Report = {
      ...successReport,
      evidence: { ...successReport.evidence, mxHosts: [createMxHost('mx1.example.com', { dane: false })] },
    };
    let finish: ((r: Report) => void) | undefined;
    const runCheck = vi.fn(
      (_d: string, _p: unknown, options?: { onVerdict?: (r: Report) => void }) =>
        new Promise<Report>((resolve) => {
          finish = resolve;
          options?.onVerdict?.(early);
        }),
    );
    renderPopupChecking(runCheck);
    await waitFor(() => expect(shownStatus()).toBe('SUCCESS'));
    fireEvent.click(screen.getByText('Records, policy and timings as received'));
    expect(screen.getByTestId('mx-host').textContent).toContain('Checking…');
    expect(screen.getByTestId('evidence').textContent).toContain('DANE (TLSA at _25._tcp): checking…');
    expect(screen.getByTestId('policy-host-pending').textContent).toBe('Its addresses (A, AAAA): checking…');
    expect(screen.getByTestId('evidence').textContent).not.toContain('Not looked up.');
    finish?.(final);
    await waitFor(() => expect(screen.getByTestId('mx-host').textContent).toContain('None'));
    expect(screen.queryByTestId('policy-host-pending')).toBeNull();
    expect(
      screen
        .getAllByTestId('dns-evidence')
        .some((d) => d.getAttribute('data-name') === 'mta-sts.example.com'),
    ).toBe(true);
    expect(shownStatus()).toBe('SUCCESS');
  });
});
