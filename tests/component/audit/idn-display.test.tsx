// The audit table reads IDNs in Unicode; the A-label (what is looked up and exported) stays in the row's
// data, its tooltip and the report.
import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditResults } from '../../../components/audit/AuditResults';
import { toDisplayDomain } from '../../../lib/input/idn';
import { createRow } from './audit-fixtures';

afterEach(cleanup);

describe('IDNs in the audit table', () => {
  it.each([
    ['xn--mnchen-3ya.de', 'münchen.de'],
    ['mail.xn--bcher-kva.example', 'mail.bücher.example'],
    ['example.com', 'example.com'],
    ['xn--broken-.example', 'xn--broken-.example'],
    ['XN--MNCHEN-3YA.DE', 'XN--MNCHEN-3YA.DE'],
  ])('%s reads as %s', (aLabel, shown) => {
    expect(toDisplayDomain(aLabel)).toBe(shown);
  });

  it('shows the Unicode form, keeps the A-label in the row data and tooltip, and finds it by either', () => {
    render(<AuditResults rows={[createRow('xn--mnchen-3ya.de')]} openReport={vi.fn()} />);
    const row = screen.getByTestId('audit-row');
    expect(row.dataset.domain).toBe('xn--mnchen-3ya.de');
    const button = within(row).getByRole('button', { name: /münchen\.de/ });
    expect(button.getAttribute('title')).toBe('xn--mnchen-3ya.de');
  });
});
