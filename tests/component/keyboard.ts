// Keyboard helpers for component tests: happy-dom has no Tab navigation, so tab order is computed the way
// browsers do for documents without positive tabindex (DOM order of focusable, visible elements).
const FOCUSABLE = 'a[href], button, input, select, textarea, summary, [tabindex]';

function isHiddenByClosedDetails(el: Element): boolean {
  for (let node = el.parentElement; node; node = node.parentElement) {
    if (node instanceof HTMLDetailsElement && !node.open) {
      // The summary of a closed <details> stays reachable; everything else inside does not.
      const summary = node.querySelector(':scope > summary');
      if (summary !== el) return true;
    }
  }
  return false;
}

export function tabOrder(container: ParentNode): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) =>
      !(el as HTMLButtonElement).disabled &&
      el.getAttribute('tabindex') !== '-1' &&
      !isHiddenByClosedDetails(el),
  );
}

/** Accessible-ish name for asserting order: aria-label, label text, or text content. */
export function nameOf(el: HTMLElement): string {
  const label = el.getAttribute('aria-label');
  if (label) return label;
  if (el.id) {
    const byFor = el.ownerDocument.querySelector(`label[for="${el.id}"]`);
    if (byFor?.textContent) return byFor.textContent.trim();
  }
  return (el.textContent ?? '').trim();
}

export function positiveTabIndexes(container: ParentNode): Element[] {
  return [...container.querySelectorAll('[tabindex]')].filter(
    (el) => Number(el.getAttribute('tabindex')) > 0,
  );
}
