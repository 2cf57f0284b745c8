// Text that came from the network (records, host names, policy bodies, messages quoting them), shown as text
// and isolated from its surroundings (unicode-bidi: isolate), with every invisible or direction-changing
// character made visible as ⟨U+202E⟩ instead of acting: "\u202Emoc.elgoog.xm" never reads "mx.google.com".
import { splitUntrusted } from '../lib/untrusted-text';

export function NetworkText({ text }: { text: string | null | undefined }) {
  if (text === null || text === undefined) return null;
  const parts = splitUntrusted(text);
  return (
    <span class="network-text">
      {parts.map((p, i) =>
        p.kind === 'text' ? (
          p.text
        ) : (
          <span key={i} class="hidden-char" data-testid="hidden-char" title="Invisible character">
            {p.name}
          </span>
        ),
      )}
    </span>
  );
}
