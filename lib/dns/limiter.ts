// A small counting semaphore: at most `max` tasks hold a slot, the others wait in arrival order, except that
// background waiters let every other waiter go first. Used for the per-resolver DoH queue (so a timeout
// measures the resolver, not our own queue; a bulk audit's lookups wait behind the popup's) and for TLSA fan-out.

/**
 * Where a waiter queues: behind every other waiter while `background` (a bulk audit's question), until it is
 * raised because someone now waits to see the answer (the popup joined that check or that question). Raising
 * is one-way.
 */
export interface Priority {
  readonly background: boolean;
  /** Calls `listener` when the priority is raised; returns what stops listening. */
  onRaise(listener: () => void): () => void;
}

export interface RaisablePriority extends Priority {
  raise(): void;
}

export function createPriority(background: boolean): RaisablePriority {
  let low = background;
  const listeners = new Set<() => void>();
  return {
    get background() {
      return low;
    },
    raise() {
      if (!low) return;
      low = false;
      const raised = [...listeners];
      listeners.clear();
      for (const listener of raised) listener();
    },
    onRaise(listener) {
      if (!low) return () => {};
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export interface Limiter {
  /**
   * Waits for a slot; resolves to the function that gives it back, or to null when `signal` aborted while
   * waiting (the slot is then never taken). A waiter with a background `priority` waits behind the others, and
   * moves to the end of the front queue if that priority is raised while it waits.
   */
  acquire(signal?: AbortSignal, options?: { priority?: Priority }): Promise<(() => void) | null>;
  /** Runs `task` in a slot. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /**
   * Changes the number of slots. More slots go to waiters at once; with fewer, the tasks already holding one
   * finish and no waiter gets a slot until fewer than `max` are held.
   */
  setMax(max: number): void;
  readonly max: number;
  readonly active: number;
  readonly waiting: number;
}

export function createLimiter(max: number): Limiter {
  let limit = slots(max);
  let active = 0;
  const queue: Array<() => void> = [];
  const backgroundQueue: Array<() => void> = [];

  const next = () => queue.shift() ?? backgroundQueue.shift();
  /** A freed slot goes straight to the next waiter, unless the slots were cut below those held. */
  const release = () => {
    const waiter = active <= limit ? next() : undefined;
    if (waiter) waiter();
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
  /** Takes `grant` out of whichever queue holds it; false when it is in neither. */
  const remove = (grant: () => void): boolean => {
    for (const waiting of [queue, backgroundQueue]) {
      const at = waiting.indexOf(grant);
      if (at >= 0) {
        waiting.splice(at, 1);
        return true;
      }
    }
    return false;
  };

  const acquire = (
    signal?: AbortSignal,
    options: { priority?: Priority } = {},
  ): Promise<(() => void) | null> => {
    if (signal?.aborted) return Promise.resolve(null);
    if (active < limit) {
      active += 1;
      return Promise.resolve(once());
    }
    const { priority } = options;
    const background = priority?.background === true;
    return new Promise((resolve) => {
      const grant = () => {
        stopWatching();
        resolve(once());
      };
      const onAbort = () => {
        stopWatching();
        remove(grant);
        resolve(null);
      };
      // Raised while it waits: behind the waiters someone already watches, ahead of every background one.
      const stopRaise =
        priority && background
          ? priority.onRaise(() => {
              if (remove(grant)) queue.push(grant);
            })
          : () => {};
      const stopWatching = () => {
        stopRaise();
        signal?.removeEventListener('abort', onAbort);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      (background ? backgroundQueue : queue).push(grant);
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
    setMax(max) {
      limit = slots(max);
      while (active < limit) {
        const waiter = next();
        if (!waiter) break;
        active += 1;
        waiter();
      }
    },
    get max() {
      return limit;
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length + backgroundQueue.length;
    },
  };
}

/** A whole number of slots, at least one (NaN gives one). */
function slots(max: number): number {
  return Number.isNaN(max) ? 1 : Math.max(1, Math.floor(max));
}
