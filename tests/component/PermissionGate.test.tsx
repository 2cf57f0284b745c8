import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { PermissionGate } from '../../components/PermissionGate';

const child = <p>the popup</p>;

describe('PermissionGate', () => {
  it('shows the popup while the answer is on its way and once access is known', async () => {
    let answer: (ok: boolean) => void = () => {};
    render(
      <PermissionGate hasAccess={() => new Promise((r) => (answer = r))} requestAccess={vi.fn()}>
        {child}
      </PermissionGate>,
    );
    expect(screen.getByText('the popup')).toBeTruthy();
    answer(true);
    await waitFor(() => expect(screen.getByText('the popup')).toBeTruthy());
    expect(screen.queryByTestId('grant-access')).toBeNull();
  });

  it('asks for access instead of misreporting the domain when it is missing', async () => {
    const requestAccess = vi.fn().mockResolvedValue(true);
    render(
      <PermissionGate hasAccess={async () => false} requestAccess={requestAccess}>
        {child}
      </PermissionGate>,
    );
    const button = await screen.findByTestId('grant-access');
    expect(screen.queryByText('the popup')).toBeNull();
    expect(screen.getByTestId('permission-missing').textContent).toMatch(/mta-sts/);
    fireEvent.click(button);
    await screen.findByText('the popup');
    expect(requestAccess).toHaveBeenCalledTimes(1);
  });

  it('says so when the user refuses access', async () => {
    render(
      <PermissionGate hasAccess={async () => false} requestAccess={async () => false}>
        {child}
      </PermissionGate>,
    );
    fireEvent.click(await screen.findByTestId('grant-access'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/not granted/);
    expect(screen.queryByText('the popup')).toBeNull();
  });
});
