// A check cut off because the browser stopped the background worker says so, and offers "Check again"
// (instead of blaming "a bug in the extension").
import { cleanup, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createCheckFailedReport } from '../../lib/report/empty';
import { CheckInterruptedError } from '../../lib/report/interrupted';
import { isInterruption, requestCheck } from '../../utils/check-client';
import { renderPopupChecking, shownStatus } from '../support/popup-render';
import { successReport } from '../support/report-fixtures';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('requestCheck when the worker stops', () => {
  it.each([
    ['Chrome: the port closed', 'The message port closed before a response was received.'],
    [
      'Chrome: the channel closed',
      'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received',
    ],
    ['Chrome: no receiving end', 'Could not establish connection. Receiving end does not exist.'],
    ['Firefox: the message manager disconnected', 'Message manager disconnected'],
  ])('%s → interrupted', async (_name, message) => {
    expect(isInterruption(new Error(message))).toBe(true);
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(new Error(message));
    await expect(requestCheck('example.com')).rejects.toBeInstanceOf(CheckInterruptedError);
  });

  it('treats no answer at all as interrupted', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined);
    await expect(requestCheck('example.com')).rejects.toBeInstanceOf(CheckInterruptedError);
  });

  it('keeps other errors as they are', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(new Error('boom'));
    await expect(requestCheck('example.com')).rejects.not.toBeInstanceOf(CheckInterruptedError);
  });
});

describe('the report of an interrupted check', () => {
  it('is ERROR with check.interrupted, saying nothing is known about the domain yet', () => {
    const report = createCheckFailedReport('example.com', new CheckInterruptedError(), 0);
    expect(report.status).toBe('ERROR');
    expect(report.findings.map((f) => f.code)).toEqual(['check.interrupted']);
    expect(report.findings[0]?.message).toContain('interrupted');
  });

  it('shows "interrupted" in the popup with Check again, which checks again', async () => {
    const runCheck = vi
      .fn()
      .mockRejectedValueOnce(new CheckInterruptedError())
      .mockResolvedValueOnce(successReport);
    renderPopupChecking(runCheck);
    await waitFor(() => expect(shownStatus()).toBe('ERROR'));
    const finding = screen.getByTestId('finding');
    expect(finding.dataset.code).toBe('check.interrupted');
    expect(finding.textContent).not.toContain('bug');
    screen.getByRole('button', { name: 'Check again' }).click();
    await waitFor(() => expect(shownStatus()).toBe('SUCCESS'));
    expect(runCheck).toHaveBeenCalledTimes(2);
  });
});
