import { act, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { LaterDetails } from '../../components/LaterDetails';
import { afterNextFrame } from '../support/later-details';

const details = () => screen.getByTestId('later') as HTMLDetailsElement;
const content = () => screen.queryByText('the long part');

describe('LaterDetails', () => {
  it('builds a closed one after the next frame, and leaves it closed', async () => {
    render(
      <LaterDetails data-testid="later" summary="More">
        <p>the long part</p>
      </LaterDetails>,
    );
    expect(details().open).toBe(false);
    expect(details().querySelector('summary')?.textContent).toBe('More');
    expect(content()).toBeNull();
    await afterNextFrame();
    expect(content()).not.toBeNull();
    expect(details().open).toBe(false);
  });

  it('builds an open one at once', () => {
    render(
      <LaterDetails data-testid="later" summary="More" open>
        <p>the long part</p>
      </LaterDetails>,
    );
    expect(details().open).toBe(true);
    expect(content()).not.toBeNull();
  });

  it('builds a closed one at once when it is opened before the frame, and tells the caller', () => {
    const onToggle = vi.fn();
    render(
      <LaterDetails data-testid="later" summary="More" onToggle={onToggle}>
        <p>the long part</p>
      </LaterDetails>,
    );
    act(() => {
      details().open = true; // fires "toggle", as a click on the summary does
    });
    // Built by the toggle itself: the frame after which it would have been built has not come yet.
    expect(content()).not.toBeNull();
    expect(onToggle).toHaveBeenCalledTimes(1);
  });

  it('keeps the content once built, when closed again', async () => {
    render(
      <LaterDetails data-testid="later" summary="More">
        <p>the long part</p>
      </LaterDetails>,
    );
    await afterNextFrame();
    act(() => {
      details().open = true; // fires "toggle", as a click on the summary does
    });
    act(() => {
      details().open = false;
    });
    expect(content()).not.toBeNull();
  });

  it('passes its attributes to the details element', () => {
    render(
      <LaterDetails data-testid="later" class="finding-group" data-severity-group="info" summary="More">
        <p>the long part</p>
      </LaterDetails>,
    );
    expect(details().className).toBe('finding-group');
    expect(details().dataset.severityGroup).toBe('info');
  });
});
