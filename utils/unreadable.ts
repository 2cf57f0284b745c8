// Stored values that could not be read are skipped by the stores' tolerant readers and reported once per key
// and context, so a damaged entry is visible in the console without flooding it on every read.

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
