import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { type DisplayStatus, StatusHeader } from '../../components/StatusHeader';
import type { SetupState } from '../../lib/report/look';

afterEach(cleanup);

describe('StatusHeader', () => {
  it.each<[DisplayStatus, string, string]>([
    ['SUCCESS', '✔', 'Protected'],
    ['WARNING', '⚠', 'Needs attention'],
    ['ERROR', '?', "Couldn't check"],
    ['RUNNING', '↻', 'Checking…'],
  ])('shows %s as icon %s and the word %s, not colour alone', (status, icon, word) => {
    render(<StatusHeader status={status} domain="example.com" summary="One sentence." />);
    const el = screen.getByTestId('status');
    expect(el.dataset.status).toBe(status);
    expect(el.className).toContain(`status-${status.toLowerCase()}`);
    expect(el.textContent).toContain(icon);
    expect(el.textContent).toContain(word);
  });

  it('is a single live status region with the domain and summary', () => {
    render(<StatusHeader status="WARNING" domain="example.com" summary="Testing mode only." />);
    expect(screen.getAllByTestId('status')).toHaveLength(1);
    const el = screen.getByRole('status');
    expect(el.getAttribute('aria-live')).toBe('polite');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('example.com');
    expect(el.textContent).toContain('Testing mode only.');
  });

  it('marks the region busy only while running', () => {
    const { rerender } = render(<StatusHeader status="RUNNING" domain="a.example" summary="…" />);
    expect(screen.getByTestId('status').getAttribute('aria-busy')).toBe('true');
    rerender(<StatusHeader status="SUCCESS" domain="a.example" summary="done" />);
    expect(screen.getByTestId('status').getAttribute('aria-busy')).toBe('false');
  });

  it('hides the decorative icon from screen readers', () => {
    render(<StatusHeader status="ERROR" domain={null} summary="Broken." />);
    expect(screen.getByTestId('status').querySelector('[aria-hidden="true"]')?.textContent).toContain('?');
    expect(screen.queryByRole('heading')).toBeNull();
  });

  it.each<[SetupState, string]>([
    ['enforced', 'Enforced'],
    ['testing', 'Testing'],
    ['broken', 'Broken'],
    ['not-set-up', 'Not set up'],
    ['off', 'Switched off'],
    ['no-mail', 'No mail'],
  ])('names the setup state %s as %s beside the status word', (state, word) => {
    render(<StatusHeader status="WARNING" domain="example.com" summary="Cause." state={state} />);
    expect(screen.getByTestId('setup-state').textContent).toContain(word);
    expect(screen.getByTestId('status').dataset.state).toBe(state);
  });

  it('shows no setup state when our lookups failed: unknown is not a state of the domain', () => {
    render(<StatusHeader status="ERROR" domain="example.com" summary="Lookup failed." state="unknown" />);
    expect(screen.queryByTestId('setup-state')).toBeNull();
  });

  it('says what to do in one line under the cause', () => {
    render(
      <StatusHeader
        status="WARNING"
        domain="example.com"
        summary="The policy file answers HTTP 404."
        nextStep="Fix the first problem below."
      />,
    );
    expect(screen.getByTestId('status-cause').textContent).toBe('The policy file answers HTTP 404.');
    expect(screen.getByTestId('next-step').textContent).toBe('What to do: Fix the first problem below.');
  });
});
