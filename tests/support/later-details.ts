// Closed <details> built after the next frame (components/LaterDetails.tsx): tests that read their content
// let that frame pass first, as a user who opens them does.
import { act } from '@testing-library/preact';

/** Lets the next frame and the timers queued after it run, with Preact's updates flushed. */
export function afterNextFrame(): Promise<void> {
  return act(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(), 0))),
  );
}
