import { useState } from 'preact/hooks';
import type { ResolverTestResult } from '../lib/dns/test-resolver';
import type { ResolverPreset } from '../lib/dns/types';
import { DEFAULT_SETTINGS, type Settings, validateResolverUrl } from '../lib/settings';

const PRESETS: Array<{ value: ResolverPreset; label: string; host: string }> = [
  { value: 'cloudflare', label: 'Cloudflare', host: 'cloudflare-dns.com' },
  { value: 'google', label: 'Google Public DNS', host: 'dns.google' },
  { value: 'quad9', label: 'Quad9', host: 'dns.quad9.net' },
];

export interface OptionsFormProps {
  initial: Settings;
  onSave(settings: Settings): Promise<void>;
  /** Asks the custom URL one DNS question (lib/dns/test-resolver.ts); the button is hidden without it. */
  testResolver?(url: string): Promise<ResolverTestResult>;
}

type TestState = { kind: 'idle' } | { kind: 'testing' } | { kind: 'done'; result: ResolverTestResult };

/** Resolver and timeouts. Filling in a custom URL and saving selects the custom resolver by itself. */
export function OptionsForm({ initial, onSave, testResolver }: OptionsFormProps) {
  const [test, setTest] = useState<TestState>({ kind: 'idle' });
  const [resolver, setResolver] = useState<Settings['resolver']>(initial.resolver);
  const [customUrl, setCustomUrl] = useState(initial.customUrl);
  const [allowFallback, setAllowFallback] = useState(initial.allowFallback);
  const [dnsTimeout, setDnsTimeout] = useState(String(initial.dnsTimeoutMs / 1000));
  const [policyTimeout, setPolicyTimeout] = useState(String(initial.policyTimeoutMs / 1000));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setSaved(false);
    const url = customUrl.trim();
    // A URL typed in means the user wants it: selecting "custom" by hand is not required.
    const chosen = url !== '' && url !== initial.customUrl ? 'custom' : resolver;
    if (chosen === 'custom') {
      const problem = validateResolverUrl(url);
      if (problem) {
        setError(problem);
        return;
      }
    }
    const dnsMs = Math.round(Number(dnsTimeout) * 1000);
    const policyMs = Math.round(Number(policyTimeout) * 1000);
    if (!(dnsMs >= 500 && dnsMs <= 30000) || !(policyMs >= 1000 && policyMs <= 60000)) {
      setError('Timeouts: DNS between 0.5 and 30 seconds, policy fetch between 1 and 60 seconds.');
      return;
    }
    setError(null);
    setResolver(chosen);
    await onSave({
      resolver: chosen,
      customUrl: url,
      dnsTimeoutMs: dnsMs,
      policyTimeoutMs: policyMs,
      allowFallback,
    });
    setSaved(true);
  }

  return (
    <form
      class="options-form"
      noValidate
      onSubmit={submit}
      aria-describedby={error ? 'options-error' : undefined}
    >
      <fieldset>
        <legend>DNS-over-HTTPS resolver</legend>
        {PRESETS.map((p) => (
          <label key={p.value} class="radio">
            <input
              type="radio"
              name="resolver"
              value={p.value}
              checked={resolver === p.value}
              onChange={() => setResolver(p.value)}
            />{' '}
            {p.label} <span class="muted">({p.host})</span>
          </label>
        ))}
        <label class="checkbox">
          <input
            type="checkbox"
            data-testid="resolver-fallback"
            checked={allowFallback}
            disabled={resolver === 'custom'}
            onChange={(e) => {
              setAllowFallback((e.target as HTMLInputElement).checked);
              setSaved(false);
            }}
          />{' '}
          If the chosen provider does not answer, ask the other two
          <span class="muted field-note" data-testid="resolver-fallback-note">
            {allowFallback && resolver !== 'custom'
              ? ' Then the checked domain is also sent to the other providers, only when the chosen one fails.'
              : ' Off: the checked domain goes only to the provider you chose; when it fails, the check says so.'}
          </span>
        </label>
        <label class="radio">
          <input
            type="radio"
            name="resolver"
            value="custom"
            checked={resolver === 'custom'}
            onChange={() => setResolver('custom')}
          />{' '}
          Custom
        </label>
        <label class="field">
          <span>Custom resolver URL (RFC 8484, https only)</span>
          <input
            data-testid="resolver-url"
            type="url"
            inputMode="url"
            placeholder="https://dns.example/dns-query"
            value={customUrl}
            onInput={(e) => {
              setCustomUrl((e.target as HTMLInputElement).value);
              setSaved(false);
              setTest({ kind: 'idle' });
            }}
          />
        </label>
        {testResolver && (
          <div class="resolver-test">
            {/* Never blocks saving: it only tells whether the URL answers DNS messages before relying on it. */}
            <button
              type="button"
              class="button"
              data-testid="test-resolver"
              disabled={test.kind === 'testing'}
              onClick={() => {
                const url = customUrl.trim();
                const problem = validateResolverUrl(url);
                if (problem) {
                  setTest({ kind: 'done', result: { ok: false, error: problem } });
                  return;
                }
                setTest({ kind: 'testing' });
                testResolver(url).then(
                  (result) => setTest({ kind: 'done', result }),
                  (error: unknown) => setTest({ kind: 'done', result: { ok: false, error: String(error) } }),
                );
              }}
            >
              Test resolver
            </button>
            <p
              role="status"
              data-testid="resolver-test-result"
              class={test.kind === 'done' && !test.result.ok ? 'text-error' : undefined}
            >
              {test.kind === 'testing' && 'Asking it one DNS question…'}
              {test.kind === 'done' &&
                (test.result.ok
                  ? `✔\uFE0E It answers DNS-over-HTTPS (RFC 8484) messages: ${test.result.rcode} in ${Math.round(test.result.elapsedMs)} ms.`
                  : `✖\uFE0E It does not answer as a DNS-over-HTTPS resolver: ${test.result.error}`)}
            </p>
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>Timeouts</legend>
        <label class="field">
          <span>Each DNS query (seconds)</span>
          <input
            type="number"
            min="0.5"
            max="30"
            step="0.5"
            value={dnsTimeout}
            onInput={(e) => setDnsTimeout((e.target as HTMLInputElement).value)}
          />
        </label>
        <label class="field">
          <span>Policy fetch (seconds)</span>
          <input
            type="number"
            min="1"
            max="60"
            step="1"
            value={policyTimeout}
            onInput={(e) => setPolicyTimeout((e.target as HTMLInputElement).value)}
          />
        </label>
      </fieldset>
      {error && (
        <p id="options-error" class="field-error" role="alert">
          {error}
        </p>
      )}
      <div class="actions options-actions">
        <button type="submit" class="button button-primary" data-testid="save-settings">
          Save
        </button>
        <button
          type="button"
          class="button"
          onClick={() => {
            setResolver(DEFAULT_SETTINGS.resolver);
            setCustomUrl('');
            setDnsTimeout(String(DEFAULT_SETTINGS.dnsTimeoutMs / 1000));
            setPolicyTimeout(String(DEFAULT_SETTINGS.policyTimeoutMs / 1000));
            setSaved(false);
          }}
        >
          Reset to defaults
        </button>
        {saved && (
          <span class="copy-feedback" data-testid="settings-saved" role="status">
            Saved. The next check uses these settings.
          </span>
        )}
      </div>
    </form>
  );
}

/** What the extension sends where: shown on the options page. */
export function PrivacyNote() {
  return (
    <section aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">What this extension sends where</h2>
      <p>
        For each domain you check, and only then, the extension sends DNS queries for that domain (
        <code>_mta-sts</code>, <code>_smtp._tls</code>, MX, the policy host's addresses and the MX hosts' TLSA
        records) to the DNS-over-HTTPS resolver chosen above, and to no other resolver unless you ticked “ask
        the other two” (then only when the chosen one fails), and one HTTPS request to the domain's own policy
        host, <code>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</code>, without cookies or cache.
        Nothing else is sent anywhere: no telemetry, no analytics, no accounts. Settings and recent results
        stay in your browser.
      </p>
    </section>
  );
}
