import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FindingList } from '../../components/FindingList';
import type { CodeInfo } from '../../lib/catalog/types';
import { presentReport } from '../../lib/report/presentation';
import { afterNextFrame } from '../support/later-details';
import {
  createReport,
  invalidRecordReport,
  longReport,
  successReport,
  warningReport,
} from '../support/report-fixtures';

// A fixed catalogue, so these tests do not depend on wording other areas are still writing.
const CATALOG: Record<string, CodeInfo> = {
  'record.invalid': { title: 'The _mta-sts record is invalid', fix: 'Publish exactly "v=STSv1; id=…".' },
  'mx.uncovered': { title: 'Some MX hosts are not in the policy', fix: 'Add them as mx: lines.' },
  'policy.mode.testing': { title: 'The policy is in testing mode' },
};
vi.mock('../../lib/catalog/index', () => ({
  getCodeInfo: (code: string) => CATALOG[code],
}));

afterEach(cleanup);

const group = (severity: string) =>
  document.querySelector<HTMLDetailsElement>(`[data-severity-group="${severity}"]`);

describe('FindingList', () => {
  it('groups findings by severity, errors first, with counts in the summaries', () => {
    render(<FindingList presented={presentReport(longReport)} />);
    const groups = [...document.querySelectorAll<HTMLDetailsElement>('[data-severity-group]')];
    expect(groups.map((g) => g.dataset.severityGroup)).toEqual(['error', 'warning', 'info']);
    expect(groups.map((g) => g.querySelector('summary')?.textContent)).toEqual([
      'Problems (3)',
      'Advice (12)',
      'Passed checks and notes (40)',
    ]);
  });

  it('keeps errors and warnings open and the long info group collapsed, in the DOM from the next frame', async () => {
    render(<FindingList presented={presentReport(longReport)} />);
    expect(group('error')?.open).toBe(true);
    expect(group('warning')?.open).toBe(true);
    expect(group('info')?.open).toBe(false);
    // The open groups are there at once; the closed one is built after the report has painted.
    expect(within(group('warning') as HTMLElement).getAllByTestId('finding')).toHaveLength(12);
    expect(within(group('info') as HTMLElement).queryAllByTestId('finding')).toHaveLength(0);
    await afterNextFrame();
    expect(group('info')?.open).toBe(false);
    expect(within(group('info') as HTMLElement).getAllByTestId('finding')).toHaveLength(40);
  });

  it('marks every finding with its code and severity', async () => {
    render(<FindingList presented={presentReport(warningReport)} />);
    await afterNextFrame();
    const items = screen.getAllByTestId('finding');
    expect(items.map((el) => [el.dataset.code, el.dataset.severity])).toEqual([
      ['mx.uncovered', 'warning'],
      ['policy.mode.testing', 'warning'],
      ['policy.max-age.short', 'warning'],
      ['record.valid', 'info'],
    ]);
  });

  it('shows catalogue title, message, code, RFC link and fix', () => {
    render(<FindingList presented={presentReport(warningReport)} />);
    const item = screen
      .getAllByTestId('finding')
      .find((el) => el.dataset.code === 'mx.uncovered') as HTMLElement;
    expect(within(item).getByRole('heading', { level: 3 }).textContent).toContain(
      'Some MX hosts are not in the policy',
    );
    expect(within(item).getByRole('heading', { level: 3 }).textContent).toContain('Advice');
    expect(item.textContent).toContain('The policy does not cover backup.other.net.');
    expect(item.textContent).toContain('mx.uncovered');
    expect(item.textContent).toContain('How to fix: Add them as mx: lines.');
    const link = within(item).getByRole('link', { name: 'RFC 8461 §4.1' });
    expect(link.getAttribute('href')).toBe('https://www.rfc-editor.org/rfc/rfc8461#section-4.1');
  });

  it('falls back to the message as title when a code has no catalogue entry', () => {
    render(<FindingList presented={presentReport(warningReport)} />);
    const item = screen
      .getAllByTestId('finding')
      .find((el) => el.dataset.code === 'policy.max-age.short') as HTMLElement;
    expect(within(item).getByRole('heading', { level: 3 }).textContent).toContain(
      'max_age is 3600 seconds (one hour).',
    );
    expect(item.textContent).not.toContain('How to fix');
  });

  it('offers a corrected record to copy for an invalid record', async () => {
    const copyText = vi.fn(async () => {});
    render(<FindingList presented={presentReport(invalidRecordReport)} copyText={copyText} />);
    expect(screen.getByTestId('suggestion').textContent).toBe('v=STSv1; id=keepme42');
    fireEvent.click(screen.getByRole('button', { name: 'Copy example' }));
    await waitFor(() => expect(screen.getByText('✔ Copied')).toBeTruthy());
    expect(copyText).toHaveBeenCalledWith('v=STSv1; id=keepme42');
  });

  it('offers the policy with the missing MX host added for mx.uncovered', () => {
    render(<FindingList presented={presentReport(warningReport)} />);
    const item = screen
      .getAllByTestId('finding')
      .find((el) => el.dataset.code === 'mx.uncovered') as HTMLElement;
    expect(within(item).getByTestId('suggestion').textContent).toContain('mx: backup.other.net\n');
  });

  it('shows no snippet where there is nothing to paste', () => {
    render(<FindingList presented={presentReport(successReport)} />);
    expect(screen.queryAllByTestId('suggestion')).toHaveLength(0);
  });

  it('says so when there are no findings', () => {
    render(<FindingList presented={presentReport(createReport())} />);
    expect(screen.getByText('No findings.')).toBeTruthy();
    expect(screen.queryAllByTestId('finding')).toHaveLength(0);
  });
});

describe('FindingList on a report without problems', () => {
  it('shows a note that comes with a fix (a short max_age) as open advice, not among the passed checks', () => {
    const report = {
      ...successReport,
      findings: [
        ...successReport.findings,
        {
          code: 'policy.max-age.short' as const,
          severity: 'info' as const,
          message: 'max_age is 86400 seconds (one day).',
        },
      ],
    };
    render(<FindingList presented={presentReport(report)} />);
    const advice = group('warning');
    expect(advice?.open).toBe(true);
    const item = within(advice as HTMLElement).getByTestId('finding');
    expect(item.dataset.code).toBe('policy.max-age.short');
    expect(item.dataset.severity).toBe('info');
    expect(within(item).getByTestId('suggestion').textContent).toContain('max_age: 1209600');
  });

  it('leaves out the finding shown first above the list', () => {
    const lead = warningReport.findings[0] ?? null;
    render(<FindingList presented={presentReport(warningReport)} exclude={0} />);
    expect(screen.getAllByTestId('finding').map((el) => el.dataset.code)).not.toContain(lead?.code);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('All other findings');
  });
});
