// The one error that is not a failure of the check: it was cut off. Kept apart from the report builders so
// the extension pages that raise it (utils/check-client.ts) do not load them.

/**
 * The check did not fail, it was cut off: the browser stopped the extension's background worker (Chrome stops
 * an idle one after 30 s; an update or reload stops it too) before it answered.
 */
export class CheckInterruptedError extends Error {
  constructor(cause?: unknown) {
    super('The check was interrupted before it finished.', { cause });
    this.name = 'CheckInterruptedError';
  }
}
