// A <details> whose content, while it is closed, is built only after the page has painted: the report's status
// and open findings show first, and the long closed parts (evidence, passed checks) follow a frame later. They
// are then in the DOM like any other, so find-in-page, copying and assistive technology see them; opening one
// before that builds it at once.
import type { ComponentChildren, DetailsHTMLAttributes } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';

export interface LaterDetailsProps
  extends Omit<DetailsHTMLAttributes<HTMLDetailsElement>, 'summary' | 'open' | 'children'> {
  summary: ComponentChildren;
  /** Starts open (its content is built at once). */
  open?: boolean;
  children: ComponentChildren;
}

/** After the next frame is drawn (or soon, where frames are not drawn). */
function afterNextPaint(f: () => void): () => void {
  if (typeof requestAnimationFrame !== 'function') {
    const timer = setTimeout(f, 0);
    return () => clearTimeout(timer);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(f, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

export function LaterDetails({ summary, open = false, children, onToggle, ...rest }: LaterDetailsProps) {
  const [built, setBuilt] = useState(open);
  // Scheduled as the report is committed (a plain effect would itself wait for a frame, making it two).
  useLayoutEffect(() => (built ? undefined : afterNextPaint(() => setBuilt(true))), [built]);
  return (
    <details
      {...rest}
      open={open}
      onToggle={(event) => {
        if (event.currentTarget.open) setBuilt(true);
        onToggle?.(event);
      }}
    >
      <summary>{summary}</summary>
      {built && children}
    </details>
  );
}
