// When the tab is on a subdomain (www.shop.example.co.uk), lets the user switch between checking the
// registrable domain and the exact host: each can publish its own MTA-STS (RFC 8461 §3.4: no fallback).
export interface ScopeSwitchProps {
  /** Exact host of the tab. */
  tabHost: string | null;
  /** Registrable domain of the tab host. */
  registrable: string | null;
  /** The domain currently checked or being checked. */
  current: string | null;
  onCheck(domain: string): void;
}

export function ScopeSwitch({ tabHost, registrable, current, onCheck }: ScopeSwitchProps) {
  if (!tabHost || !registrable || tabHost === registrable) return null;
  if (current !== tabHost && current !== registrable) return null;
  const onRegistrable = current === registrable;
  const target = onRegistrable ? tabHost : registrable;
  return (
    <p class="scope" data-testid="scope-switch">
      {onRegistrable
        ? `Checking ${registrable}, the domain of this tab (${tabHost}). `
        : `Checking the exact host ${tabHost}. `}
      <button type="button" class="button button-link" onClick={() => onCheck(target)}>
        Check {target} instead
      </button>
    </p>
  );
}
