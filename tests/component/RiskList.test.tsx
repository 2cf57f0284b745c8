import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { RiskList } from '../../components/RiskList';
import type { DisplayStatus } from '../../components/StatusHeader';
import { warningReport } from '../support/report-fixtures';

afterEach(cleanup);

describe('RiskList', () => {
  it.each<[DisplayStatus, number]>([
    ['WARNING', 2],
    ['ERROR', 2],
    ['SUCCESS', 0],
    ['RUNNING', 0],
  ])('with status %s shows %i risks', (status, count) => {
    render(<RiskList risks={warningReport.risks} status={status} />);
    expect(screen.queryAllByTestId('risk')).toHaveLength(count);
  });

  it('shows title and detail under a collapsed "Why this matters"', () => {
    render(<RiskList risks={warningReport.risks} status="WARNING" />);
    expect(screen.getByRole('heading', { level: 2, name: 'Why this matters' })).toBeTruthy();
    expect(screen.getByTestId('risks').hasAttribute('open')).toBe(false);
    expect(screen.getByRole('heading', { level: 3, name: 'Legitimate mail may bounce' })).toBeTruthy();
    expect(screen.getByText('An unlisted MX host will be refused once enforced.')).toBeTruthy();
  });

  it('renders nothing without risks', () => {
    const { container } = render(<RiskList risks={[]} status="WARNING" />);
    expect(container.innerHTML).toBe('');
  });
});
