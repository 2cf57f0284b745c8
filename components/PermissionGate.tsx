import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export interface PermissionGateProps {
  hasAccess(): Promise<boolean>;
  /** Must run from the click itself: browsers only grant permissions on a user gesture. */
  requestAccess(): Promise<boolean>;
  children: ComponentChildren;
}

/**
 * Shows its children only when the extension may contact websites. Without host access the policy fetch
 * fails, and reporting that as the domain's fault would be wrong, so we ask instead.
 */
export function PermissionGate({ hasAccess, requestAccess, children }: PermissionGateProps) {
  const [state, setState] = useState<'unknown' | 'granted' | 'missing' | 'refused'>('unknown');
  useEffect(() => {
    hasAccess().then(
      (ok) => setState(ok ? 'granted' : 'missing'),
      () => setState('granted'), // Browsers without the permissions API grant host access at install.
    );
  }, []);
  // While the answer is on its way the popup renders at once (host access is granted at install in most
  // browsers); the caller's runCheck waits for the same answer, so no check runs without access.
  if (state === 'unknown' || state === 'granted') return <>{children}</>;
  return (
    <main class="popup">
      <section class="permission" data-testid="permission-missing" aria-labelledby="permission-heading">
        <h1 id="permission-heading">Allow access to websites</h1>
        <p>
          To check a domain, the extension fetches its policy file from{' '}
          <code>https://mta-sts.&lt;domain&gt;</code>. Your browser has not given it access to websites yet,
          so a check now would wrongly report the policy as unreachable.
        </p>
        <button
          type="button"
          data-testid="grant-access"
          onClick={() =>
            requestAccess().then(
              (ok) => setState(ok ? 'granted' : 'refused'),
              () => setState('refused'),
            )
          }
        >
          Grant access
        </button>
        {state === 'refused' && <p role="alert">Access was not granted, so no check can run.</p>}
      </section>
    </main>
  );
}
