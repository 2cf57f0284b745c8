import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { type DisplayStatus, StatusHeader } from '../../components/StatusHeader';

afterEach(cleanup);

describe('StatusHeader', () => {
  it.each<[DisplayStatus, string, string]>([
    ['SUCCESS', '✔', 'Success'],
    ['WARNING', '⚠', 'Warning'],
    ['ERROR', '✖', 'Error'],
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
    expect(screen.getByTestId('status').querySelector('[aria-hidden="true"]')?.textContent).toContain('✖');
    expect(screen.queryByRole('heading')).toBeNull();
  });
});
