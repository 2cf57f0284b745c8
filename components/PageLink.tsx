// A link to one of the extension's pages that the caller opens (in a tab, not inside the popup), with a real
// href so it reads and copies as a link.
import type { ComponentChildren } from 'preact';

export interface PageLinkProps {
  href: string;
  onOpen(): void;
  class?: string;
  children: ComponentChildren;
}

export function PageLink({ href, onOpen, class: className, children }: PageLinkProps) {
  return (
    <a
      class={className}
      href={href}
      onClick={(event) => {
        event.preventDefault();
        onOpen();
      }}
    >
      {children}
    </a>
  );
}
