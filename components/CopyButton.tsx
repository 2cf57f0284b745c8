// A button that copies text through the injected copyText and says whether it worked.
import { useEffect, useRef, useState } from 'preact/hooks';

export interface CopyButtonProps {
  /** Visible button text, e.g. "Copy policy". */
  label: string;
  /** The text, or a function computing it only when the button is pressed (Markdown, JSON). */
  text: string | (() => string);
  copyText(text: string): Promise<void>;
  /** Shown after a successful copy. */
  copiedMessage?: string;
}

type CopyState = 'idle' | 'copied' | 'failed';

// Long enough to read, short enough that a second copy shows fresh feedback.
const FEEDBACK_MS = 2500;

export function CopyButton({ label, text, copyText, copiedMessage = 'Copied' }: CopyButtonProps) {
  const [state, setState] = useState<CopyState>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const mounted = useRef(true);

  useEffect(
    () => () => {
      mounted.current = false;
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );

  const show = (next: CopyState) => {
    if (!mounted.current) return;
    setState(next);
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = setTimeout(() => mounted.current && setState('idle'), FEEDBACK_MS);
  };

  const onClick = async () => {
    try {
      await copyText(typeof text === 'function' ? text() : text);
      show('copied');
    } catch {
      show('failed');
    }
  };

  return (
    <span class="copy">
      <button type="button" class="button" onClick={onClick}>
        {label}
      </button>
      {/* Polite live region: screen readers announce the outcome without moving focus. */}
      <span class={`copy-feedback copy-${state}`} aria-live="polite">
        {state === 'copied'
          ? `✔ ${copiedMessage}`
          : state === 'failed'
            ? 'Copy failed: select the text and copy it by hand'
            : ''}
      </span>
    </span>
  );
}
