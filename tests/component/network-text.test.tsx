// Bidi and invisible characters from the network are shown, not obeyed: the popup's evidence, findings and
// status, and the audit table, render them as ⟨U+202E⟩ inside isolated network text.
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditResults } from '../../components/audit/AuditResults';
import { Evidence } from '../../components/Evidence';
import { FindingList } from '../../components/FindingList';
import { NetworkText } from '../../components/NetworkText';
import { StatusHeader } from '../../components/StatusHeader';
import { createAuditRow } from '../../lib/audit/audit-row';
import { presentReport } from '../../lib/report/presentation';
import { afterNextFrame } from '../support/later-details';
import { createSpoofedReport, findRawSpoofCharacter, SPOOF_CHARACTERS } from '../support/report-fixtures';

afterEach(cleanup);

describe('NetworkText', () => {
  it('shows an MX target with a right-to-left override as it really is', () => {
    const { container } = render(<NetworkText text={'\u202Emoc.elgoog.xm'} />);
    expect(container.textContent).toBe('⟨U+202E⟩moc.elgoog.xm');
    expect(screen.getByTestId('hidden-char').textContent).toBe('⟨U+202E⟩');
    expect(container.querySelector('.network-text')).not.toBeNull();
  });

  it('keeps plain text and line breaks as they are', () => {
    const { container } = render(<NetworkText text={'mode: enforce\nmx: a.example'} />);
    expect(container.textContent).toBe('mode: enforce\nmx: a.example');
    expect(screen.queryByTestId('hidden-char')).toBeNull();
  });
});

describe.each(SPOOF_CHARACTERS)('%s from the network', (_name, evil) => {
  const report = createSpoofedReport(evil);

  it.each([
    ['the evidence (records, policy, MX table)', () => <Evidence report={report} />],
    ['the findings', () => <FindingList presented={presentReport(report)} copyText={vi.fn()} />],
    ['the status header', () => <StatusHeader status="WARNING" domain={report.domain} summary="x" />],
    ['the audit table', () => <AuditResults rows={[createAuditRow(report)]} openReport={vi.fn()} />],
  ])('is shown visibly in %s, never raw', async (_where, view) => {
    const { container } = render(view());
    await afterNextFrame();
    expect(findRawSpoofCharacter(container.textContent ?? '')).toBeNull();
    expect(screen.getAllByTestId('hidden-char').length).toBeGreaterThan(0);
  });

  it('shows the spoofed MX host in the MX table with its hidden characters named', async () => {
    render(<Evidence report={report} />);
    await afterNextFrame();
    const cell = screen.getByTestId('mx-host').firstElementChild;
    expect(cell?.textContent).toContain('moc.elgoog.xm');
    expect(cell?.textContent).toMatch(/⟨U\+[0-9A-F]{4}⟩/);
  });
});
