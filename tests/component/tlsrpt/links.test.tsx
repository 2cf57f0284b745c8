// The ways to the TLS reports page: the popup's TLS-RPT and testing-mode findings, the options page, the audit page.
import { render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { AuditPage } from '../../../components/audit/AuditPage';
import { FindingItem } from '../../../components/FindingItem';
import { OptionsPage } from '../../../components/OptionsPage';
import type { FindingCode } from '../../../lib/catalog/index';
import { DEFAULT_SETTINGS } from '../../../lib/settings';

describe('links to the TLS reports page', () => {
  it.each<[FindingCode, boolean]>([
    ['tlsrpt.valid', true],
    ['policy.mode.testing', true],
    ['tlsrpt.missing', false],
    ['mx.uncovered', false],
  ])('finding %s links to it: %s', (code, linked) => {
    render(
      <ul>
        <FindingItem
          finding={{ code, severity: 'info', message: 'm' }}
          view={{ title: 'title', fix: null, suggestion: null, group: 'info' }}
        />
      </ul>,
    );
    const link = screen.queryByTestId('tlsrpt-link');
    expect(link !== null).toBe(linked);
    if (link) expect(link.getAttribute('href')).toBe('/tlsrpt.html');
  });

  it('is linked from the options page', () => {
    render(
      <OptionsPage
        initial={DEFAULT_SETTINGS}
        onSave={async () => undefined}
        history={{
          usage: async () => ({ domains: 0, snapshots: 0, bytes: 0 }),
          clear: async () => undefined,
        }}
        auditUrl="/audit.html"
      />,
    );
    expect(screen.getByRole('link', { name: 'open the TLS reports page' }).getAttribute('href')).toBe(
      '/tlsrpt.html',
    );
  });

  it('is linked from the audit page', () => {
    const store = {
      saveResult: vi.fn(),
      loadRows: vi.fn(async () => []),
      loadReports: vi.fn(async () => []),
      previousRow: vi.fn(async () => null),
      startRun: vi.fn(async () => undefined),
      clear: vi.fn(async () => undefined),
    };
    render(<AuditPage runCheck={vi.fn()} store={store} openReport={vi.fn()} download={vi.fn()} />);
    expect(screen.getByRole('link', { name: 'Read them on the TLS reports page' }).getAttribute('href')).toBe(
      '/tlsrpt.html',
    );
  });
});
