// A small counting semaphore: at most `max` tasks hold a slot, the others wait in arrival order, except that
// `background` waiters let every other waiter go first. Used for the per-resolver DoH queue (so a timeout
// measures the resolver, not our own queue; a bulk audit's lookups wait behind the popup's) and for TLSA fan-out.

export interface Limiter {
  /**
   * Waits for a slot; resolves to the function that gives it back, or to null when `signal` aborted while
   * waiting (the slot is then never taken).
   */
  acquire(signal?: AbortSignal, options?: { background?: boolean }): Promise<(() => void) | null>;
  /** Runs `task` in a slot. */
  run<T>(task: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly waiting: number;
}

export function createLimiter(max: number): Limiter {
  const limit = Math.max(1, Math.floor(max));
  let active = 0;
  const queue: Array<() => void> = [];
  const backgroundQueue: Array<() => void> = [];

  const release = () => {
    const next = queue.shift() ?? backgroundQueue.shift();
    if (next) next();
    else active -= 1;
  };
  const once = () => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      release();
    };
  };

  const acquire = (
    signal?: AbortSignal,
    options: { background?: boolean } = {},
  ): Promise<(() => void) | null> => {
    if (signal?.aborted) return Promise.resolve(null);
    const waiting = options.background ? backgroundQueue : queue;
    if (active < limit) {
      active += 1;
      return Promise.resolve(once());
    }
    return new Promise((resolve) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(once());
      };
      const onAbort = () => {
        const at = waiting.indexOf(grant);
        if (at >= 0) waiting.splice(at, 1);
        resolve(null);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiting.push(grant);
    });
  };

  return {
    acquire,
    async run(task) {
      const done = (await acquire()) as () => void;
      try {
        return await task();
      } finally {
        done();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length + backgroundQueue.length;
    },
  };
}
