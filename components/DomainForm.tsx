// The domain field: accepts a domain, a web address or an e-mail address; Enter or the button submits.
import { useEffect, useState } from 'preact/hooks';

export interface DomainFormProps {
  /** Text to show in the field; the field follows it when it changes (e.g. after a scope switch). */
  value?: string;
  /** A line under the field, e.g. why no domain was filled in. */
  hint?: string;
  /** Why the typed input cannot be checked; shown beside the field. */
  error?: string | null;
  onSubmit(value: string): void;
  autoFocus?: boolean;
}

export function DomainForm({ value = '', hint, error, onSubmit, autoFocus = false }: DomainFormProps) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);

  const describedBy = [hint ? 'domain-hint' : '', error ? 'domain-error' : ''].filter(Boolean).join(' ');
  return (
    <form
      class="domain-form"
      aria-label="Check a domain"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(text);
      }}
    >
      <label for="domain-input">Domain, web address or e-mail address</label>
      <div class="domain-row">
        <input
          id="domain-input"
          name="domain"
          type="text"
          inputMode="url"
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          placeholder="example.com"
          // biome-ignore lint/a11y/noAutofocus: the popup exists to take this one input when nothing is prefilled
          autoFocus={autoFocus}
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
          onInput={(event) => setText(event.currentTarget.value)}
          onKeyDown={(event) => {
            // Submit on Enter ourselves, so it works even where implicit form submission does not.
            if (event.key === 'Enter' && !event.isComposing) {
              event.preventDefault();
              onSubmit(event.currentTarget.value);
            }
          }}
        />
        <button type="submit" class="button button-primary">
          Check
        </button>
      </div>
      {hint && (
        <p id="domain-hint" class="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id="domain-error" class="field-error" role="alert">
          <span aria-hidden="true">✖&#xFE0E; </span>
          {error}
        </p>
      )}
    </form>
  );
}
