import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PopupApp } from '../../components/PopupApp';
import { PopupShell } from '../../components/PopupShell';
import { renderPopupShell } from '../../scripts/popup-shell';
import { presentFailureHere } from '../support/presented';

afterEach(cleanup);

/** PopupApp while the check of `a.example` runs (its answer never comes). */
function runningPopup() {
  return render(
    <PopupApp
      initialDomain="a.example"
      tab={null}
      runCheck={() => new Promise(() => {})}
      copyText={vi.fn(async () => {})}
      openOptions={vi.fn()}
      openAudit={vi.fn()}
      presentFailure={presentFailureHere}
    />,
  ).container;
}

const part = (root: Element, selector: string) => (root.querySelector(selector) as Element).outerHTML;

describe('the popup shell (popup.html before its script runs)', () => {
  it('shows a check starting without naming a domain: empty field, every step pending', () => {
    const { container } = render(<PopupShell />);
    const status = container.querySelector('[data-testid="status"]') as HTMLElement;
    expect(status.dataset.status).toBe('RUNNING');
    expect(status.getAttribute('aria-busy')).toBe('true');
    expect(status.textContent).toContain('Checking…');
    expect(container.querySelector('.status-domain')).toBeNull();
    expect((container.querySelector('input') as HTMLInputElement).value).toBe('');
    const steps = [...container.querySelectorAll<HTMLElement>('[data-testid="step"]')];
    expect(steps.map((s) => s.dataset.state)).toEqual(Array(5).fill('pending'));
  });

  // Shell and popup share their parts, so the first frame's layout is the one the check then fills in.
  it.each([
    ['the domain form', 'form'],
    ['the step list', '.step-list'],
    ['the footer', 'footer'],
    ['the status badge', '.status-badge'],
  ])('has the same %s as the popup while a check runs', (_name, selector) => {
    const shell = render(<PopupShell />).container;
    expect(part(shell, selector)).toBe(part(runningPopup(), selector));
  });

  it('is static HTML for popup.html: the status element, no script, no handler attribute', () => {
    const html = renderPopupShell();
    expect(html).toMatch(/^<main class="popup">/);
    expect(html).toContain('data-testid="status" data-status="RUNNING"');
    expect(html).not.toMatch(/<script|\son[a-z]+=/i);
  });
});
