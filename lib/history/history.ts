// Check history: a small snapshot of each check, so the next check of the same domain can say what changed.
// The storage is injected (HistoryStore), so this module stays pure and runs in Node as well as the extension.

import type { PolicyMode } from '../mta-sts/types';
import { finishReport } from '../report/finish';
import type { Finding, Report, Snapshot } from '../report/types';
import { storedBytes } from '../stored-size';
import { createSnapshotDiff } from './snapshot';

export interface HistoryStore {
  getSnapshots(domain: string): Promise<Snapshot[]>;
  setSnapshots(domain: string, snapshots: Snapshot[]): Promise<void>;
  removeDomains(domains: string[]): Promise<void>;
  /** `bytes`: the size of the domain's stored value, when the store knows it (for the byte cap). */
  listDomains(): Promise<Array<{ domain: string; lastAt: string; bytes?: number }>>;
  /** Resolves once every change made so far is stored, for a store that writes them later. */
  settled?(): Promise<void>;
  clear(): Promise<void>;
}

export interface HistoryUsageInfo {
  domains: number;
  snapshots: number;
  /** Approximate size of the stored JSON, in bytes. */
  bytes: number;
}

export interface HistoryOptions {
  maxPerDomain?: number;
  maxDomains?: number;
  /** Total stored bytes at most; the domains checked longest ago go first. */
  maxBytes?: number;
}

export interface RecordResult {
  /** The snapshot the check was compared with; null on the first check of a domain. */
  previous: Snapshot | null;
  /** The snapshot of this check; null when the check was not recorded (status ERROR). */
  current: Snapshot | null;
  findings: Finding[];
}

export interface History {
  record(report: Report): Promise<RecordResult>;
  /**
   * The drift findings `report` would get, without recording it (for the verdict shown before DANE).
   * `stored`: the domain's snapshots as read by `get` when the check started, so the verdict does not wait for
   * a storage read.
   */
  preview(report: Report, stored?: Promise<Snapshot[]>): Promise<Finding[]>;
  get(domain: string): Promise<Snapshot[]>;
  usage(): Promise<HistoryUsageInfo>;
  clear(): Promise<void>;
  /** Resolves once every write started so far has finished (record answers before its write is done). */
  settled(): Promise<void>;
}

export const DEFAULT_MAX_PER_DOMAIN = 20;
export const DEFAULT_MAX_DOMAINS = 500;
/** storage.local holds 10 MB in Chromium without unlimitedStorage; the history takes at most a fifth. */
export const DEFAULT_MAX_HISTORY_BYTES = 2 * 1024 * 1024;

const RFC_8461 = 'RFC 8461';
const isHistoryCode = (f: Finding) => f.code.startsWith('history.');

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

const normalizeHosts = (hosts: readonly string[]) =>
  [...new Set(hosts.map((h) => h.toLowerCase().replace(/\.$/, '')))].sort();

export async function createSnapshot(report: Report): Promise<Snapshot> {
  const { evidence } = report;
  const fetched = evidence.policyFetch;
  const body = fetched?.outcome === 'ok' ? fetched.body : null;
  const policy = evidence.policy;
  return {
    at: report.checkedAt,
    // The domain's own status: drift findings already applied to this report must not feed back into it.
    status: finishReport({ ...report, findings: report.findings.filter((f) => !isHistoryCode(f)) }).status,
    recordId: evidence.stsRecord?.id ?? null,
    policyHash: body === null ? null : await sha256Hex(body),
    mode: policy?.mode ?? null,
    mx: policy ? normalizeHosts(policy.mx) : [],
    maxAge: policy?.maxAge ?? null,
    mxHosts: normalizeHosts(evidence.mxHosts.map((h) => h.host)),
  };
}

/** Protection strength of a mode, for telling a weakening from a strengthening (RFC 8461 §5). */
const MODE_STRENGTH: Record<PolicyMode, number> = { none: 0, testing: 1, enforce: 2 };

const day = (iso: string) => iso.slice(0, 10);
/** A day from epoch milliseconds; a damaged stored time must not throw (toISOString does on NaN). */
const dayOf = (ms: number) =>
  Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : 'an unknown date';

/** The parts of a policy a sender acts on: when they are equal, a cached copy behaves like the new one. */
function samePolicy(a: Snapshot, b: Snapshot): boolean {
  return (
    a.mode !== null &&
    b.mode !== null &&
    a.mode === b.mode &&
    a.maxAge === b.maxAge &&
    a.mx.length === b.mx.length &&
    a.mx.every((x, i) => x === b.mx[i])
  );
}

/** A fresh id a domain owner can publish: the UTC time of the check as digits (RFC 8461 §3.1: 1–32 ALPHA/DIGIT). */
function suggestId(at: string): string {
  const digits = at.replace(/\D/g, '').slice(0, 14);
  return digits.length === 14 ? digits : '20260101000000';
}

function formatDuration(seconds: number): string {
  if (seconds >= 86400) {
    const days = Math.round(seconds / 86400);
    return `${days} day${days === 1 ? '' : 's'}`;
  }
  const hours = Math.max(1, Math.round(seconds / 3600));
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

/** `servedUntil`: the last moment the old policy may have been fetched (ms), to say when caches run out. */
function sameIdFinding(previous: Snapshot, current: Snapshot, since: string, servedUntil: number): Finding {
  const id = current.recordId ?? '';
  const rfc = `${RFC_8461} §3.1`;
  // Only a usable earlier policy can sit in senders' caches (§3.3, §5.1); if it equals the new one in
  // everything senders act on, the stale copy does no harm.
  if (previous.mode === null || samePolicy(previous, current)) {
    return {
      code: 'history.policy-changed-same-id',
      severity: 'info',
      message: `The policy file's text changed since ${since} while the _mta-sts id stayed "${id}". Its mode, mx and max_age are what senders act on, and no sender can be holding a different usable policy, so this does no harm now; still, publish a new id with every policy change.`,
      rfc,
    };
  }
  return {
    code: 'history.policy-changed-same-id',
    severity: 'warning',
    message: `The policy file changed since ${since}, but the _mta-sts TXT id is still "${id}". Senders only refetch the policy when the id changes, so those that cached the old one keep applying it for up to its max_age (${formatDuration(previous.maxAge ?? 0)}, until about ${dayOf(servedUntil + (previous.maxAge ?? 0) * 1000)}). Publish a new id in the _mta-sts TXT record now, for example "v=STSv1; id=${suggestId(current.at)};".`,
    rfc: `${rfc}, §8.1`,
  };
}

function listChange(label: string, change: { added: string[]; removed: string[] }): string {
  const parts: string[] = [];
  if (change.added.length > 0) parts.push(`added ${change.added.join(', ')}`);
  if (change.removed.length > 0) parts.push(`removed ${change.removed.join(', ')}`);
  return `${label}: ${parts.join('; ')}`;
}

/**
 * Findings about what changed between two checks of the same domain. None when nothing changed, and none
 * when either check ended in ERROR: then we could not tell what the domain publishes.
 */
export function compareSnapshots(previous: Snapshot, current: Snapshot): Finding[] {
  if (previous.status === 'ERROR' || current.status === 'ERROR') return [];
  const diff = createSnapshotDiff(previous, current);
  const since = day(previous.at);
  const findings: Finding[] = [];

  // RFC 8461 §3.1, §8.1: senders refetch only when the TXT id changes, so a new body needs a new id.
  if (diff.policyBody && previous.recordId !== null && previous.recordId === current.recordId) {
    findings.push(sameIdFinding(previous, current, since, Date.parse(current.at)));
  }
  if (diff.recordId) {
    const { from, to } = diff.recordId;
    const message =
      from === null
        ? `An _mta-sts record with id "${to}" is published; there was none on ${since}.`
        : to === null
          ? `The _mta-sts record with id "${from}" seen on ${since} is gone.`
          : `The _mta-sts id changed from "${from}" to "${to}" since ${since}: senders will fetch the policy again.`;
    findings.push({ code: 'history.id-changed', severity: 'info', message, rfc: `${RFC_8461} §3.1` });
  }
  if (diff.mode) {
    const { from, to } = diff.mode;
    const weaker = MODE_STRENGTH[to] < MODE_STRENGTH[from];
    findings.push({
      code: 'history.mode-changed',
      severity: weaker ? 'warning' : 'info',
      message: weaker
        ? `The policy mode changed from ${from} to ${to} since ${since}: senders no longer refuse delivery when TLS fails${to === 'none' ? ', and the policy is withdrawn' : ''}. If this was not intended, set "mode: ${from}" again and publish a new id.`
        : `The policy mode changed from ${from} to ${to} since ${since}.`,
      rfc: `${RFC_8461} §5`,
    });
  }
  if (diff.mxPatterns || diff.mxHosts) {
    const parts: string[] = [];
    if (diff.mxPatterns) parts.push(listChange("the policy's mx patterns", diff.mxPatterns));
    if (diff.mxHosts) parts.push(listChange("the domain's MX hosts", diff.mxHosts));
    findings.push({
      code: 'history.mx-changed',
      severity: 'info',
      message: `Since ${since}, ${parts.join('. And ')}.`,
      rfc: `${RFC_8461} §4.1`,
    });
  }
  if (diff.status) {
    findings.push({
      code: 'history.status-changed',
      severity: 'info',
      message: `The status changed from ${diff.status.from} to ${diff.status.to} since ${since}.`,
    });
  }
  return findings;
}

/**
 * A policy body changed under an unchanged id stays a hazard after the first check that saw it: senders may
 * hold the old policy until its max_age runs out. Looks back over the snapshots published under the current
 * id for an earlier, different policy that may still be cached at `current.at`.
 */
function findLingeringPolicy(history: readonly Snapshot[], current: Snapshot): Finding | null {
  if (current.recordId === null || current.policyHash === null || current.status === 'ERROR') return null;
  const now = Date.parse(current.at);
  // A body may have been fetched until the next (newer) snapshot saw a body; unread bodies tell nothing.
  let servedUntil = now;
  for (let i = history.length - 1; i >= 0; i--) {
    const s = history[i] as Snapshot;
    if (s.recordId !== current.recordId || s.status === 'ERROR') break;
    if (s.policyHash === null) continue;
    const cachedUntil = servedUntil + (s.maxAge ?? 0) * 1000;
    if (
      s.policyHash !== current.policyHash &&
      s.mode !== null &&
      !samePolicy(s, current) &&
      now < cachedUntil
    ) {
      return sameIdFinding(s, current, day(s.at), servedUntil);
    }
    servedUntil = Date.parse(s.at);
  }
  return null;
}

/** Compares with the latest snapshot, and keeps warning about a policy changed under an unchanged id. */
export function compareWithHistory(history: readonly Snapshot[], current: Snapshot): Finding[] {
  const latest = history.at(-1);
  if (!latest) return [];
  const findings = compareSnapshots(latest, current);
  if (
    latest.policyHash === current.policyHash &&
    !findings.some((f) => f.code === 'history.policy-changed-same-id')
  ) {
    const lingering = findLingeringPolicy(history, current);
    if (lingering) findings.unshift(lingering);
  }
  return findings;
}

/** A HistoryStore in memory: for tests, the CLI and as the reference behaviour of the storage-backed one. */
export function createMemoryHistoryStore(): HistoryStore {
  const data = new Map<string, Snapshot[]>();
  return {
    async getSnapshots(domain) {
      return structuredClone(data.get(domain) ?? []);
    },
    async setSnapshots(domain, snapshots) {
      if (snapshots.length === 0) data.delete(domain);
      else data.set(domain, structuredClone(snapshots));
    },
    async removeDomains(domains) {
      for (const d of domains) data.delete(d);
    },
    async listDomains() {
      return [...data].map(([domain, s]) => ({ domain, lastAt: s.at(-1)?.at ?? '', bytes: storedBytes(s) }));
    },
    async clear() {
      data.clear();
    },
  };
}

export function createHistory(store: HistoryStore, options: HistoryOptions = {}): History {
  const maxPerDomain = Math.max(1, options.maxPerDomain ?? DEFAULT_MAX_PER_DOMAIN);
  const maxDomains = Math.max(1, options.maxDomains ?? DEFAULT_MAX_DOMAINS);
  const maxBytes = Math.max(1, options.maxBytes ?? DEFAULT_MAX_HISTORY_BYTES);
  // Read-compare-append must not interleave for two checks finishing together in the same context.
  let queue: Promise<unknown> = Promise.resolve();
  const serialize = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => {});
    return run;
  };

  /** Oldest first, until both the number of domains and the stored bytes are within their caps. */
  async function evict(keep: string): Promise<void> {
    const domains = await store.listDomains();
    let count = domains.length;
    let bytes = domains.reduce((sum, d) => sum + (d.bytes ?? 0), 0);
    if (count <= maxDomains && bytes <= maxBytes) return;
    const gone: string[] = [];
    const oldestFirst = domains
      .filter((d) => d.domain !== keep)
      .sort((a, b) => a.lastAt.localeCompare(b.lastAt) || a.domain.localeCompare(b.domain));
    for (const d of oldestFirst) {
      if (count <= maxDomains && bytes <= maxBytes) break;
      gone.push(d.domain);
      count -= 1;
      bytes -= d.bytes ?? 0;
    }
    await store.removeDomains(gone);
  }

  return {
    // The comparison is answered as soon as it is known; the write (and eviction) finishes afterwards, off the
    // check's critical path, still inside the queue so the next record, get or usage sees it.
    record: (report) =>
      new Promise<RecordResult>((resolve, reject) => {
        serialize(async () => {
          const history = await store.getSnapshots(report.domain);
          const previous = history.at(-1) ?? null;
          const current = await createSnapshot(report);
          // An ERROR report says nothing about the domain: keeping it would only hide the real last state.
          if (current.status === 'ERROR') {
            resolve({ previous, current: null, findings: [] });
            return;
          }
          resolve({ previous, current, findings: compareWithHistory(history, current) });
          await store.setSnapshots(report.domain, [...history, current].slice(-maxPerDomain));
          await evict(report.domain);
        }).catch(reject);
      }),
    async preview(report, stored) {
      // The stored snapshots are read while this one is made (its hashes take a moment): the verdict waits for this.
      const [current, snapshots] = await Promise.all([
        createSnapshot(report),
        stored ?? store.getSnapshots(report.domain),
      ]);
      if (current.status === 'ERROR') return [];
      return compareWithHistory(snapshots, current);
    },
    get: (domain) => serialize(() => store.getSnapshots(domain)),
    settled: () =>
      serialize(async () => {
        await store.settled?.();
      }),
    usage: () =>
      serialize(async () => {
        const domains = await store.listDomains();
        let snapshots = 0;
        let bytes = storedBytes(domains);
        for (const { domain } of domains) {
          const list = await store.getSnapshots(domain);
          snapshots += list.length;
          bytes += storedBytes({ [`history:${domain}`]: list });
        }
        return { domains: domains.length, snapshots, bytes };
      }),
    clear: () => serialize(() => store.clear()),
  };
}

/**
 * A new report with the history findings appended and status, summary and risks recomputed, so a policy
 * changed under an unchanged id turns a SUCCESS into a WARNING. Earlier history findings are replaced.
 */
export function applyHistoryFindings(report: Report, findings: readonly Finding[]): Report {
  return finishReport({
    ...report,
    findings: [...report.findings.filter((f) => !isHistoryCode(f)), ...findings],
  });
}

/**
 * Compares the report with the domain's previous checks, saves its snapshot, and adds drift findings
 * (RFC 8461 §3.1/§8.1: a changed policy under an unchanged id is never refetched). A failing history store
 * must not cost the user the report.
 */
export async function withHistory(history: History, report: Report): Promise<Report> {
  try {
    const recorded = await history.record(report);
    return {
      ...applyHistoryFindings(report, recorded.findings),
      history: {
        previous: recorded.previous,
        current: recorded.current,
        diff:
          recorded.previous && recorded.current
            ? createSnapshotDiff(recorded.previous, recorded.current)
            : null,
      },
    };
  } catch {
    return report;
  }
}
