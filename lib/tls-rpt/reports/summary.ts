// A month of reports, per policy domain: sessions, failures by result type, MX host and reporter, and a daily
// series. Counts a report did not give stay unknown: a sum that includes an unknown count is itself unknown
// (the known part is still shown as "at least").
import type { TlsReport, TlsReportFailure, TlsReportPolicy } from './types';

/** One accepted file's report. */
export interface ImportedReport {
  fileName: string;
  report: TlsReport;
  warnings: string[];
}

export interface DuplicateReport {
  fileName: string;
  reportId: string | null;
  /** The file whose copy was kept. */
  keptFrom: string;
  /** The same id came with different content: the first one read is kept. */
  differs: boolean;
}

/** A session total: `known` sums the counts given; `unknown` counts the policies that gave none. */
export interface SessionCount {
  known: number;
  unknown: number;
}

export interface Tally {
  key: string | null;
  sessions: number;
}

export interface DaySessions {
  /** YYYY-MM-DD (UTC), the day the report's period starts. */
  day: string;
  success: number;
  failure: number;
}

/** A failure detail with the report it came from. */
export interface FailureRow extends TlsReportFailure {
  reportId: string | null;
  organizationName: string | null;
  start: string | null;
  end: string | null;
  policyType: string | null;
  policyDomain: string | null;
  /** The mode in the policy the sender applied ("testing", "enforce", "none"), when the report says. */
  mode: string | null;
}

export interface DomainSummary {
  /** null collects policies whose report named no domain. */
  domain: string | null;
  reports: number;
  success: SessionCount;
  failure: SessionCount;
  policyTypes: string[];
  /** The same totals for STS policies only, and the days they were reported on: what the verdict weighs. */
  sts: { success: SessionCount; failure: SessionCount; days: string[] };
  byResultType: Tally[];
  byMxHost: Tally[];
  byOrganization: Array<{ key: string | null; success: number; failure: number }>;
  daily: DaySessions[];
  /** Reports without a usable date: counted in the totals, not in the chart. */
  undated: number;
  firstDay: string | null;
  lastDay: string | null;
  /** The policy strings of the newest STS policy that had them, and the mode they name. */
  latestPolicy: { strings: string[]; mode: string | null; day: string | null } | null;
  failures: FailureRow[];
}

/** Whether two reports are the same: the reporter plus its report id (RFC 8460 §4.4: unique per reporter). */
export function reportKey(report: TlsReport): string {
  if (report.reportId === null) return `content:${JSON.stringify(report)}`;
  return `${report.organizationName ?? ''}\u0000${report.reportId}`;
}

/**
 * Adds new reports to those already kept; a report seen before (same reporter and id) is counted once, the
 * copy read first kept.
 */
export function mergeReports(
  existing: readonly ImportedReport[],
  incoming: readonly ImportedReport[],
): { reports: ImportedReport[]; duplicates: DuplicateReport[] } {
  const byKey = new Map(existing.map((r) => [reportKey(r.report), r]));
  const reports = [...existing];
  const duplicates: DuplicateReport[] = [];
  for (const item of incoming) {
    const key = reportKey(item.report);
    const kept = byKey.get(key);
    if (kept) {
      duplicates.push({
        fileName: item.fileName,
        reportId: item.report.reportId,
        keptFrom: kept.fileName,
        differs: JSON.stringify(kept.report) !== JSON.stringify(item.report),
      });
      continue;
    }
    byKey.set(key, item);
    reports.push(item);
  }
  return { reports, duplicates };
}

/** "mode: testing" in a policy's strings (RFC 8461 §3.2), or null when the reporter left the policy out. */
export function modeOf(strings: readonly string[] | null): string | null {
  for (const line of strings ?? []) {
    const m = /^\s*mode\s*:\s*(\S+)\s*$/i.exec(line);
    if (m?.[1]) return m[1].toLowerCase();
  }
  return null;
}

function dayOf(report: TlsReport): string | null {
  const iso = report.dateRange.start ?? report.dateRange.end;
  return iso ? iso.slice(0, 10) : null;
}

function sortTallies(map: Map<string | null, number>): Tally[] {
  return [...map]
    .map(([key, sessions]) => ({ key, sessions }))
    .sort((a, b) => b.sessions - a.sessions || String(a.key).localeCompare(String(b.key)));
}

function add(map: Map<string | null, number>, key: string | null, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

function tallySessions(count: SessionCount, n: number | null): void {
  if (n === null) count.unknown++;
  else count.known += n;
}

interface Builder {
  domain: string | null;
  reports: Set<string>;
  success: SessionCount;
  failure: SessionCount;
  policyTypes: Set<string>;
  sts: { success: SessionCount; failure: SessionCount; days: Set<string> };
  byResultType: Map<string | null, number>;
  byMxHost: Map<string | null, number>;
  byOrganization: Map<string | null, { success: number; failure: number }>;
  daily: Map<string, DaySessions>;
  undated: Set<string>;
  latestPolicy: DomainSummary['latestPolicy'];
  latestTime: number;
  failures: FailureRow[];
}

function newBuilder(domain: string | null): Builder {
  return {
    domain,
    reports: new Set(),
    success: { known: 0, unknown: 0 },
    failure: { known: 0, unknown: 0 },
    policyTypes: new Set(),
    sts: { success: { known: 0, unknown: 0 }, failure: { known: 0, unknown: 0 }, days: new Set() },
    byResultType: new Map(),
    byMxHost: new Map(),
    byOrganization: new Map(),
    daily: new Map(),
    undated: new Set(),
    latestPolicy: null,
    latestTime: Number.NEGATIVE_INFINITY,
    failures: [],
  };
}

function addPolicy(b: Builder, report: TlsReport, key: string, policy: TlsReportPolicy): void {
  b.reports.add(key);
  if (policy.policyType) b.policyTypes.add(policy.policyType);
  const success = policy.successCount;
  const failure = policy.failureCount;
  const day = dayOf(report);
  tallySessions(b.success, success);
  tallySessions(b.failure, failure);
  if (policy.policyType === 'sts') {
    tallySessions(b.sts.success, success);
    tallySessions(b.sts.failure, failure);
    if (day !== null && (success ?? 0) + (failure ?? 0) > 0) b.sts.days.add(day);
  }

  const org = b.byOrganization.get(report.organizationName) ?? { success: 0, failure: 0 };
  org.success += success ?? 0;
  org.failure += failure ?? 0;
  b.byOrganization.set(report.organizationName, org);

  if (day === null) b.undated.add(key);
  else {
    const entry = b.daily.get(day) ?? { day, success: 0, failure: 0 };
    entry.success += success ?? 0;
    entry.failure += failure ?? 0;
    b.daily.set(day, entry);
  }

  const mode = modeOf(policy.policyStrings);
  if (policy.policyType === 'sts' && policy.policyStrings) {
    const time = Date.parse(report.dateRange.start ?? report.dateRange.end ?? '') || 0;
    if (time >= b.latestTime) {
      b.latestTime = time;
      b.latestPolicy = { strings: policy.policyStrings, mode, day };
    }
  }
  for (const f of policy.failures) {
    const n = f.count ?? 0;
    add(b.byResultType, f.resultType, n);
    add(b.byMxHost, f.receivingMxHostname || null, n);
    b.failures.push({
      ...f,
      reportId: report.reportId,
      organizationName: report.organizationName,
      start: report.dateRange.start,
      end: report.dateRange.end,
      policyType: policy.policyType,
      policyDomain: policy.policyDomain,
      mode,
    });
  }
}

/** Per policy domain, sorted by domain name (reports without a domain last). */
export function summarizeReports(reports: readonly ImportedReport[]): DomainSummary[] {
  const builders = new Map<string | null, Builder>();
  for (const { report } of reports) {
    const key = reportKey(report);
    for (const policy of report.policies) {
      const domain = policy.policyDomain?.trim().toLowerCase().replace(/\.$/, '') || null;
      let b = builders.get(domain);
      if (!b) {
        b = newBuilder(domain);
        builders.set(domain, b);
      }
      addPolicy(b, report, key, policy);
    }
  }
  return [...builders.values()]
    .sort((a, b) => (a.domain === null ? 1 : b.domain === null ? -1 : a.domain.localeCompare(b.domain)))
    .map((b) => {
      const daily = [...b.daily.values()].sort((x, y) => x.day.localeCompare(y.day));
      return {
        domain: b.domain,
        reports: b.reports.size,
        success: b.success,
        failure: b.failure,
        policyTypes: [...b.policyTypes].sort(),
        sts: { success: b.sts.success, failure: b.sts.failure, days: [...b.sts.days].sort() },
        byResultType: sortTallies(b.byResultType),
        byMxHost: sortTallies(b.byMxHost),
        byOrganization: [...b.byOrganization]
          .map(([key, v]) => ({ key, ...v }))
          .sort((x, y) => y.success + y.failure - (x.success + x.failure)),
        daily,
        undated: b.undated.size,
        firstDay: daily[0]?.day ?? null,
        lastDay: daily.at(-1)?.day ?? null,
        latestPolicy: b.latestPolicy,
        failures: b.failures,
      };
    });
}

/** A session total as a number, or null when any report in it left the count out. */
export function exactCount(count: SessionCount): number | null {
  return count.unknown > 0 ? null : count.known;
}
