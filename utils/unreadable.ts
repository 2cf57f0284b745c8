// Stored values that could not be read are skipped by the stores' tolerant readers and reported once per key
// and context, so a damaged entry is visible in the console without flooding it on every read; and the one
// reader of a stored list, in any of the shapes it was stored in.

export type UnreadableHandler = (key: string) => void;

export function createUnreadableReporter(handler?: UnreadableHandler): UnreadableHandler {
  const reported = new Set<string>();
  const report =
    handler ??
    ((key: string) => console.warn(`MTA-STS Checker: skipped an unreadable stored value (${key})`));
  return (key) => {
    if (reported.has(key)) return;
    reported.add(key);
    report(key);
  };
}

/**
 * The items of a stored list, whatever shape it was stored in: a versioned envelope (`{ v, [field]: [...] }`) or
 * the older bare array. `read` turns one item into what the store keeps, or null when it cannot be read.
 * `damaged`: something was there that could not be read (an item, or a value that is no list at all).
 */
export function readStoredList<T>(
  value: unknown,
  field: string,
  read: (item: unknown) => T | null,
): { items: T[]; damaged: boolean } {
  const list = Array.isArray(value)
    ? value
    : typeof value === 'object' && value !== null && Array.isArray((value as Record<string, unknown>)[field])
      ? ((value as Record<string, unknown>)[field] as unknown[])
      : null;
  if (list === null) return { items: [], damaged: value !== undefined && value !== null };
  const items = list.map(read).filter((item): item is T => item !== null);
  return { items, damaged: items.length !== list.length };
}
