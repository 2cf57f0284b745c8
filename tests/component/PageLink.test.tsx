import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PageLink } from '../../components/PageLink';

afterEach(cleanup);

describe('PageLink', () => {
  it('opens the page through the caller instead of navigating, and keeps a real href', () => {
    const onOpen = vi.fn();
    render(
      <PageLink href="/options.html" onOpen={onOpen} class="options-link">
        Options
      </PageLink>,
    );
    const link = screen.getByRole('link', { name: 'Options' });
    expect(link.getAttribute('href')).toBe('/options.html');
    expect(link.className).toBe('options-link');
    // fireEvent returns false when the default action (following the link) was prevented.
    expect(fireEvent.click(link)).toBe(false);
    expect(onOpen).toHaveBeenCalledTimes(1);
  });
});
