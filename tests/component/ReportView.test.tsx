// The report's order (issue 9, item 1): the first problem with its fix, then the starter set or what a browser
// cannot test, the actions, the other findings, the risks (collapsed) and the evidence.
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReportView } from '../../components/ReportView';
import { presentReport } from '../../lib/report/presentation';
import type { Report } from '../../lib/report/types';
import { errorReport, noMtaStsReport, successReport, warningReport } from '../support/report-fixtures';

afterEach(cleanup);

const SECTIONS: Record<string, string> = {
  '[data-testid="first-problem"]': 'first problem',
  '[data-testid="starter-set"]': 'starter set',
  '[data-testid="browser-limits"]': 'not tested from a browser',
  '.actions': 'actions',
  '.findings': 'other findings',
  '[data-testid="risks"]': 'why this matters',
  '.evidence': 'evidence',
};

function renderView(report: Report) {
  return render(
    <ReportView
      presented={presentReport(report)}
      copyText={vi.fn(async () => {})}
      onCheckAgain={vi.fn()}
      onOpenOptions={vi.fn()}
    />,
  );
}

function order(report: Report): string[] {
  const { container } = renderView(report);
  const found = Object.keys(SECTIONS).flatMap((selector) => {
    const el = container.querySelector(selector);
    return el ? [{ el, name: SECTIONS[selector] as string }] : [];
  });
  found.sort((a, b) => (a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  return found.map((f) => f.name);
}

describe('ReportView', () => {
  it.each<[string, Report, string[]]>([
    [
      'a WARNING',
      warningReport,
      ['first problem', 'actions', 'other findings', 'why this matters', 'evidence'],
    ],
    [
      'a domain without MTA-STS',
      noMtaStsReport,
      ['first problem', 'starter set', 'actions', 'other findings', 'why this matters', 'evidence'],
    ],
    ['a SUCCESS', successReport, ['not tested from a browser', 'actions', 'other findings', 'evidence']],
    ['an ERROR', errorReport, ['first problem', 'actions', 'other findings', 'evidence']],
  ])('orders %s: cause and fix first, evidence last', (_what, report, expected) => {
    expect(order(report)).toEqual(expected);
  });

  it('keeps the risks collapsed and opens the first problem', () => {
    renderView(warningReport);
    expect(screen.getByTestId('risks').hasAttribute('open')).toBe(false);
    const lead = screen.getByTestId('first-problem');
    expect(lead.querySelector('[data-testid="finding"]')?.getAttribute('data-lead')).toBe('true');
    expect(lead.closest('details')).toBeNull();
  });

  it('gives a SUCCESS the STARTTLS command for its first MX host', () => {
    renderView(successReport);
    expect(screen.getByTestId('starttls-command').textContent).toMatch(
      /^openssl s_client -starttls smtp -connect \S+:25 /,
    );
  });
});
