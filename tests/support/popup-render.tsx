// The popup opened on example.com with a given runCheck (the rest of its I/O faked), and its current status.
import { render, screen } from '@testing-library/preact';
import { vi } from 'vitest';
import { PopupApp, type PopupAppProps } from '../../components/PopupApp';

export function renderPopupChecking(runCheck: PopupAppProps['runCheck'], domain = 'example.com') {
  return render(
    <PopupApp
      initialDomain={domain}
      tab={null}
      runCheck={runCheck}
      copyText={vi.fn()}
      openOptions={vi.fn()}
    />,
  );
}

export const shownStatus = () => screen.getByTestId('status').dataset.status;
