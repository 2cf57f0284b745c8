// The popup opened on example.com with a given runCheck (the rest of its I/O faked), and its current status.
import { render, screen } from '@testing-library/preact';
import { vi } from 'vitest';
import { PopupApp } from '../../components/PopupApp';
import { presentFailureHere, presenting } from './presented';

/** `runCheck` answers plain reports; they reach the popup presented, as the background sends them. */
export function renderPopupChecking(runCheck: Parameters<typeof presenting>[0], domain = 'example.com') {
  return render(
    <PopupApp
      initialDomain={domain}
      tab={null}
      runCheck={presenting(runCheck)}
      copyText={vi.fn()}
      openOptions={vi.fn()}
      presentFailure={presentFailureHere}
    />,
  );
}

export const shownStatus = () => screen.getByTestId('status').dataset.status;
