import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryDiff } from '../../components/HistoryDiff';
import { compareSnapshots } from '../../lib/history/history';
import { createSnapshotDiff } from '../../lib/history/snapshot';
import type { Finding, Snapshot } from '../../lib/report/types';
import { HOSTILE_IMG, HOSTILE_SCRIPT } from '../support/report-fixtures';

afterEach(() => {
  cleanup();
  delete (window as { __pwned?: boolean }).__pwned;
});

const PREVIOUS: Snapshot = {
  at: '2026-11-20T08:00:00.000Z',
  status: 'SUCCESS',
  recordId: '20261101000000',
  policyHash: 'a'.repeat(64),
  mode: 'enforce',
  mx: ['mx1.example.com'],
  maxAge: 1209600,
  mxHosts: ['mx1.example.com'],
};
const next = (overrides: Partial<Snapshot>): Snapshot => ({
  ...PREVIOUS,
  at: '2026-11-28T09:30:00.000Z',
  ...overrides,
});

function renderChange(current: Snapshot, withCurrent = true) {
  const findings = compareSnapshots(PREVIOUS, current);
  return render(
    <HistoryDiff
      previous={PREVIOUS}
      current={withCurrent ? current : undefined}
      diff={withCurrent ? createSnapshotDiff(PREVIOUS, current) : null}
      findings={findings}
    />,
  );
}

const lineText = (code: string) =>
  screen.getAllByTestId('history-line').find((l) => l.dataset.code === code)?.textContent ?? '';

describe('HistoryDiff', () => {
  it.each<[string, Finding[]]>([
    ['no findings', []],
    [
      'only findings of other areas',
      [{ code: 'policy.mode.testing', severity: 'warning', message: 'testing' }],
    ],
  ])('renders nothing with %s', (_name, findings) => {
    const { container } = render(<HistoryDiff previous={PREVIOUS} current={next({})} findings={findings} />);
    expect(container.innerHTML).toBe('');
  });

  it('says since when things changed', () => {
    renderChange(next({ mode: 'testing' }));
    expect(screen.getByRole('heading').textContent).toBe('Changed since 2026-11-20');
  });

  it.each<[string, Partial<Snapshot>, string, string]>([
    ['mode', { mode: 'testing' }, 'history.mode-changed', 'Mode: enforce → testing'],
    ['id', { recordId: 'new1' }, 'history.id-changed', 'Record id: 20261101000000 → new1'],
    ['removed record', { recordId: null }, 'history.id-changed', 'Record id: 20261101000000 → (none)'],
    ['status', { status: 'WARNING' }, 'history.status-changed', 'Status: SUCCESS → WARNING'],
    [
      'mx patterns',
      { mx: ['mx2.example.com'] },
      'history.mx-changed',
      'MX: policy mx: +mx2.example.com −mx1.example.com',
    ],
    [
      'MX hosts',
      { mxHosts: ['mx1.example.com', 'mx3.example.com'] },
      'history.mx-changed',
      'MX: MX hosts: +mx3.example.com',
    ],
    [
      'policy body under the same id',
      { policyHash: 'b'.repeat(64), maxAge: 60 },
      'history.policy-changed-same-id',
      'Policy: policy file changed, id still 20261101000000',
    ],
  ])('shows a %s change as a small diff', (_name, change, code, text) => {
    renderChange(next(change));
    expect(
      lineText(code)
        .replace('Warning: ', '')
        .replace(/^⚠\uFE0E /, ''),
    ).toBe(text);
  });

  it('marks a weakening with an icon and the word, not colour alone', () => {
    renderChange(next({ mode: 'none' }));
    const line = screen.getAllByTestId('history-line')[0] as HTMLElement;
    expect(line.dataset.severity).toBe('warning');
    expect(line.className).toContain('history-warning');
    expect(line.textContent).toContain('⚠');
    expect(line.textContent).toContain('Warning:');
  });

  it('shows the finding messages when it does not have the current snapshot', () => {
    renderChange(next({ mode: 'testing' }), false);
    expect(lineText('history.mode-changed')).toContain(
      'The policy mode changed from enforce to testing since 2026-11-20',
    );
  });

  it('names the previous check without a date when it has no previous snapshot', () => {
    render(
      <HistoryDiff
        previous={null}
        findings={[{ code: 'history.status-changed', severity: 'info', message: 'm' }]}
      />,
    );
    expect(screen.getByRole('heading').textContent).toBe('Changed since the previous check');
    expect(lineText('history.status-changed')).toBe('Status: m');
  });

  it('shows ids and host names with markup as text', () => {
    const { container } = renderChange(next({ recordId: HOSTILE_IMG, mx: [HOSTILE_SCRIPT] }));
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect((window as { __pwned?: boolean }).__pwned).toBeUndefined();
    expect(lineText('history.id-changed')).toContain(HOSTILE_IMG);
    expect(lineText('history.mx-changed')).toContain(HOSTILE_SCRIPT);
  });
});
