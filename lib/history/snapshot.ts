// Snapshots and their differences: the part of the history the popup's diff view needs, kept apart from the
// history logic (verdicts, storage) so the popup does not load that.
import type { Snapshot, SnapshotDiff } from '../report/types';

function setDiff(from: readonly string[], to: readonly string[]) {
  const before = new Set(from);
  const after = new Set(to);
  const added = to.filter((x) => !before.has(x));
  const removed = from.filter((x) => !after.has(x));
  return added.length + removed.length > 0 ? { added, removed } : undefined;
}

/** What changed between two snapshots, without judging it. */
export function createSnapshotDiff(previous: Snapshot, current: Snapshot): SnapshotDiff {
  const diff: SnapshotDiff = {};
  if (previous.status !== current.status) diff.status = { from: previous.status, to: current.status };
  if (previous.recordId !== current.recordId)
    diff.recordId = { from: previous.recordId, to: current.recordId };
  // A policy that could not be read or parsed has no mode: that is a fetch/parse finding, not a mode change.
  if (previous.mode !== null && current.mode !== null && previous.mode !== current.mode) {
    diff.mode = { from: previous.mode, to: current.mode };
  }
  if (
    previous.policyHash !== null &&
    current.policyHash !== null &&
    previous.policyHash !== current.policyHash
  ) {
    diff.policyBody = true;
  }
  if (previous.mode !== null && current.mode !== null) {
    const mx = setDiff(previous.mx, current.mx);
    if (mx) diff.mxPatterns = mx;
  }
  // An empty list may mean our MX lookup did not answer (that alone does not make the status ERROR when no
  // policy is published), so only two observed host lists are compared.
  if (previous.mxHosts.length > 0 && current.mxHosts.length > 0) {
    const hosts = setDiff(previous.mxHosts, current.mxHosts);
    if (hosts) diff.mxHosts = hosts;
  }
  return diff;
}

const STATUSES = new Set(['SUCCESS', 'WARNING', 'ERROR']);
const MODES = new Set(['enforce', 'testing', 'none']);
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * A stored snapshot read tolerantly: written by an older version (fields missing), truncated or foreign.
 * Missing facts become "unknown" (null / empty list, which the diff never compares); a value without a time
 * or a status is not a snapshot at all (null).
 */
export function readSnapshot(value: unknown): Snapshot | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.at !== 'string' || Number.isNaN(Date.parse(v.at))) return null;
  if (typeof v.status !== 'string' || !STATUSES.has(v.status)) return null;
  return {
    at: v.at,
    status: v.status as Snapshot['status'],
    recordId: stringOrNull(v.recordId),
    policyHash: stringOrNull(v.policyHash),
    mode: typeof v.mode === 'string' && MODES.has(v.mode) ? (v.mode as Snapshot['mode']) : null,
    mx: strings(v.mx),
    maxAge: typeof v.maxAge === 'number' && Number.isFinite(v.maxAge) ? v.maxAge : null,
    mxHosts: strings(v.mxHosts),
  };
}
