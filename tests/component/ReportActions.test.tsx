import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReportActions } from '../../components/ReportActions';
import { createReportMarkdown } from '../../lib/report/markdown';
import { presentReport } from '../../lib/report/presentation';
import { warningReport } from '../support/report-fixtures';
import { nameOf, tabOrder } from './keyboard';

afterEach(cleanup);

function setup(copyText = vi.fn(async (_text: string) => {})) {
  const onCheckAgain = vi.fn();
  const onOpenOptions = vi.fn();
  const view = render(
    <ReportActions
      presented={presentReport(warningReport)}
      copyText={copyText}
      onCheckAgain={onCheckAgain}
      onOpenOptions={onOpenOptions}
    />,
  );
  return { ...view, copyText, onCheckAgain, onOpenOptions };
}

describe('ReportActions', () => {
  it('copies the report as Markdown and confirms it', async () => {
    const { copyText } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Copy report' }));
    await waitFor(() => expect(screen.getByText('✔ Copied as Markdown')).toBeTruthy());
    expect(copyText).toHaveBeenCalledWith(createReportMarkdown(warningReport));
  });

  it('copies the report as JSON that parses back to the report, with the fixes to paste', async () => {
    const { copyText } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Copy JSON' }));
    await waitFor(() => expect(screen.getByText('✔ Copied as JSON')).toBeTruthy());
    const copied = JSON.parse(copyText.mock.calls[0]?.[0] ?? '');
    expect(copied).toMatchObject(warningReport);
    expect(copied.fixes.map((f: { code: string }) => f.code)).toContain('mx.uncovered');
    expect(copied.fixes.find((f: { code: string }) => f.code === 'mx.uncovered').text).toContain(
      'mx: backup.other.net',
    );
    expect(copied.starterSet).toBeNull();
  });

  it('says when copying failed', async () => {
    setup(vi.fn(async () => Promise.reject(new Error('denied'))));
    fireEvent.click(screen.getByRole('button', { name: 'Copy report' }));
    await waitFor(() => expect(screen.getByText(/Copy failed/)).toBeTruthy());
    expect(screen.queryByText(/Copied/)).toBeNull();
  });

  it('shows no feedback before anything is copied', () => {
    setup();
    expect(screen.queryByText(/Copied|Copy failed/)).toBeNull();
  });

  it('runs the check again', () => {
    const { onCheckAgain } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    expect(onCheckAgain).toHaveBeenCalledTimes(1);
  });

  it('opens the options through the callback instead of navigating', () => {
    const { onOpenOptions } = setup();
    const link = screen.getByRole('link', { name: 'Options' });
    const event = new MouseEvent('click', { bubbles: true, cancelable: true });
    link.dispatchEvent(event);
    expect(onOpenOptions).toHaveBeenCalledTimes(1);
    expect(event.defaultPrevented).toBe(true);
  });

  it('is reachable with Tab in reading order', () => {
    const { container } = setup();
    expect(tabOrder(container).map(nameOf)).toEqual(['Copy report', 'Copy JSON', 'Check again', 'Options']);
  });
});
