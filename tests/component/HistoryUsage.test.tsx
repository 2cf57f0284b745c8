import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatBytes, HistoryUsage } from '../../components/HistoryUsage';

afterEach(cleanup);

const button = () => screen.getByTestId('history-clear') as HTMLButtonElement;

describe('HistoryUsage', () => {
  it.each([
    [{ domains: 3, snapshots: 12, bytes: 5000 }, '3 domains, 12 snapshots, ~5 KB'],
    [{ domains: 1, snapshots: 1, bytes: 300 }, '1 domain, 1 snapshot, ~1 KB'],
    [{ domains: 0, snapshots: 0, bytes: 0 }, '0 domains, 0 snapshots, ~0 KB'],
    [{ domains: 500, snapshots: 10000, bytes: 3 * 1024 * 1024 }, '500 domains, 10,000 snapshots, ~3.0 MB'],
  ])('shows %o as "%s"', (usage, text) => {
    render(<HistoryUsage usage={usage} onClear={vi.fn()} />);
    expect(screen.getByTestId('history-usage').textContent).toBe(text);
  });

  it.each([
    [1023, '~1 KB'],
    [1024 * 1023, '~1,023 KB'],
    [1024 * 1024, '~1.0 MB'],
  ])('rounds %i bytes to %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('says it is reading while the usage is unknown, and cannot clear yet', () => {
    render(<HistoryUsage usage={null} onClear={vi.fn()} />);
    expect(screen.getByTestId('history-usage').textContent).toContain('Reading');
    expect(button().disabled).toBe(true);
  });

  it('cannot clear an empty history', () => {
    render(<HistoryUsage usage={{ domains: 0, snapshots: 0, bytes: 0 }} onClear={vi.fn()} />);
    expect(button().disabled).toBe(true);
  });

  it('clears on click and confirms it', async () => {
    let finish: () => void = () => {};
    const onClear = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    render(<HistoryUsage usage={{ domains: 2, snapshots: 4, bytes: 2048 }} onClear={onClear} />);
    fireEvent.click(button());
    expect(onClear).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(button().disabled).toBe(true));
    expect(button().textContent).toBe('Clearing…');
    expect(screen.queryByTestId('history-cleared')).toBeNull();
    finish();
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('History cleared.'));
  });

  it('says so when clearing failed', async () => {
    const onClear = vi.fn(async () => {
      throw new Error('QUOTA_BYTES exceeded');
    });
    render(<HistoryUsage usage={{ domains: 2, snapshots: 4, bytes: 2048 }} onClear={onClear} />);
    fireEvent.click(button());
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('QUOTA_BYTES exceeded'));
    expect(screen.queryByTestId('history-cleared')).toBeNull();
    expect(button().disabled).toBe(false);
  });
});
