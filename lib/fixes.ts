// Corrected examples the domain owner can copy: records, policies and a complete starter set.
// Pure: everything comes from the Report and an explicit time; nothing here does I/O.
import { createMxMatcher } from './mta-sts/mx-match';
import type { PolicyMode } from './mta-sts/types';
import type { Finding, Report } from './report/types';

/** A snippet to copy, what it is, and what to do after publishing it. */
export interface FixSuggestion {
  /** What the text is and where it goes, e.g. "TXT record at _mta-sts.example.com". */
  label: string;
  text: string;
  /** A follow-up step, when publishing the text alone is not enough. */
  note?: string;
}

export interface StarterSet {
  domain: string;
  /** Host name that must serve the policy over HTTPS: mta-sts.<domain>. */
  policyHost: string;
  policyUrl: string;
  policy: string;
  /** The MX host names listed in the policy (valid host names only, deduplicated). */
  mx: string[];
  maxAge: number;
  stsRecordName: string;
  stsRecord: string;
  tlsRptRecordName: string;
  tlsRptRecord: string;
}

// RFC 8461 §3.2: max_age is at most 31557600 seconds (about one year).
const MAX_AGE_LIMIT = 31557600;

/**
 * max_age we suggest per mode. RFC 8461 §3.2 says values are "typically in the range of weeks or greater".
 * - testing: one week. Testing mode never blocks delivery, so a long cache carries no bounce risk, and one
 *   week is the bottom of the range the RFC describes, so the starter policy is not itself flagged as short.
 *   Changes still take effect at once because senders refetch whenever the TXT id changes (§3.1).
 * - enforce: two weeks; §10.2 asks operators to prefer long values, which shrink the window in which an
 *   attacker can block the first fetch.
 * - none: one day, because mode none is used to withdraw a policy and caches should forget it soon (§8.3).
 */
export const RECOMMENDED_MAX_AGE: Readonly<Record<PolicyMode, number>> = {
  testing: 604800,
  enforce: 1209600,
  none: 86400,
};

// RFC 8461 §3.1: sts-id = 1*32(ALPHA / DIGIT).
const STS_ID = /^[A-Za-z0-9]{1,32}$/;
// RFC 5321 §4.1.2 Domain: letter/digit labels with inner hyphens. Policy mx values use this form (§3.2).
const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A sortable timestamp id, e.g. 20260314093005 (UTC): 14 digits, within the 32 ALPHA/DIGIT limit of §3.1. */
export function createFreshId(now: Date): string {
  const time = Number.isNaN(now.getTime()) ? new Date(0) : now;
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return (
    pad(time.getUTCFullYear(), 4) +
    pad(time.getUTCMonth() + 1) +
    pad(time.getUTCDate()) +
    pad(time.getUTCHours()) +
    pad(time.getUTCMinutes()) +
    pad(time.getUTCSeconds())
  );
}

/** The `_mta-sts` TXT value. An id that is not 1–32 letters/digits is replaced by a fresh one. */
export function createStsRecordExample(id?: string, now: Date = new Date()): string {
  const safeId = id !== undefined && STS_ID.test(id) ? id : createFreshId(now);
  return `v=STSv1; id=${safeId}`;
}

/**
 * The policy file body. Lines end in LF: the ABNF of RFC 8461 §3.2 accepts LF or CRLF, and LF survives
 * copying into any editor. Invalid or duplicate mx entries are dropped; max_age is clamped to 0…31557600.
 */
export function createPolicyExample({
  mode,
  mx,
  maxAge,
}: {
  mode: PolicyMode;
  mx: readonly string[];
  maxAge: number;
}): string {
  const age = Number.isFinite(maxAge) ? Math.min(MAX_AGE_LIMIT, Math.max(0, Math.floor(maxAge))) : 0;
  const lines = ['version: STSv1', `mode: ${mode}`];
  for (const pattern of uniquePatterns(mx)) lines.push(`mx: ${pattern}`);
  lines.push(`max_age: ${age}`);
  return `${lines.join('\n')}\n`;
}

/** The `_smtp._tls` TXT value sending aggregate reports to tlsrpt@<domain> (RFC 8460 §3). */
export function createTlsRptExample(domain: string, rua?: readonly string[]): string {
  const uris = rua && rua.length > 0 ? rua : [`mailto:tlsrpt@${cleanHost(domain)}`];
  return `v=TLSRPTv1; rua=${uris.join(',')}`;
}

/**
 * Everything a domain without MTA-STS publishes to start in testing mode, built from its real MX hosts.
 * With no usable MX host the policy has no mx line; callers should not offer it then (see isWithoutMtaSts).
 */
export function createStarterSet(domain: string, mxHosts: readonly string[], now: Date): StarterSet {
  const name = cleanHost(domain);
  const mx = uniquePatterns(mxHosts.filter((h) => isHostName(cleanHost(h))));
  const maxAge = RECOMMENDED_MAX_AGE.testing;
  const policyHost = `mta-sts.${name}`;
  return {
    domain: name,
    policyHost,
    policyUrl: `https://${policyHost}/.well-known/mta-sts.txt`,
    policy: createPolicyExample({ mode: 'testing', mx, maxAge }),
    mx,
    maxAge,
    stsRecordName: `_mta-sts.${name}`,
    stsRecord: createStsRecordExample(undefined, now),
    tlsRptRecordName: `_smtp._tls.${name}`,
    tlsRptRecord: createTlsRptExample(name),
  };
}

/**
 * True when the domain has no MTA-STS at all (no record, no readable policy) but does receive mail, so a
 * starter set is the useful answer. A null MX domain receives no mail and needs none.
 */
export function isWithoutMtaSts(report: Report): boolean {
  const codes = new Set(report.findings.map((f) => f.code));
  return (
    codes.has('record.missing') &&
    !codes.has('domain.invalid') &&
    report.evidence.policy === null &&
    report.evidence.policyFetch?.outcome !== 'ok' &&
    !report.evidence.nullMx
  );
}

/** The MX host names of the report, usable as policy mx values, in preference order. */
export function getMxHostNames(report: Report): string[] {
  const hosts = [...report.evidence.mxHosts]
    .sort((a, b) => a.preference - b.preference)
    .map((h) => cleanHost(h.host));
  return uniquePatterns(hosts.filter(isHostName));
}

const POLICY_FIX_CODES = new Set([
  'policy.invalid',
  'policy.mx.invalid',
  'policy.duplicate-key',
  'policy.unknown-key',
  'policy.html',
  'policy.encoding',
  'policy.max-age.short',
  'policy.max-age.zero',
  'mx.uncovered',
]);

/**
 * A corrected snippet for a finding, or null when the fix is not something to paste (server settings,
 * DNS outages) or when the starter set already covers it. `now` makes fresh ids; it defaults to the time of
 * the check so the same report always yields the same suggestion.
 */
export function suggestFix(
  finding: Finding,
  report: Report,
  now: Date = checkTime(report),
): FixSuggestion | null {
  const domain = cleanHost(report.domain);
  switch (finding.code) {
    case 'record.invalid':
      return {
        label: `TXT record at _mta-sts.${domain}`,
        text: createStsRecordExample(salvageId(report) ?? undefined, now),
        note: 'Replace the existing record with this one. Only one TXT record starting with v=STSv1 may exist.',
      };
    case 'record.multiple':
      // A new id makes every sender refetch the policy, whichever of the old records it had seen.
      return {
        label: `The only TXT record at _mta-sts.${domain}`,
        text: createStsRecordExample(undefined, now),
        note: 'Delete all the other v=STSv1 records: senders ignore MTA-STS when there is more than one (RFC 8461 §3.1).',
      };
    case 'record.missing':
    case 'policy.orphan':
      // Without any policy, the starter set shows the record together with everything else.
      if (isWithoutMtaSts(report)) return null;
      return {
        label: `TXT record at _mta-sts.${domain}`,
        text: createStsRecordExample(undefined, now),
        note: 'Publish the policy file first, then this record: senders fetch the policy only when the record exists.',
      };
    case 'tlsrpt.missing':
      if (isWithoutMtaSts(report)) return null;
      return {
        label: `TXT record at _smtp._tls.${domain}`,
        text: createTlsRptExample(domain),
        note: `Make sure the mailbox tlsrpt@${domain} exists, or put another address after mailto:.`,
      };
    case 'tlsrpt.invalid':
      return {
        label: `The only TXT record at _smtp._tls.${domain}`,
        text: createTlsRptExample(domain, salvageRua(report)),
        note: 'Replace the existing record with this one (RFC 8460 §3).',
      };
    case 'policy.mode.testing':
      return suggestPolicy(report, now, 'enforce');
    default:
      return POLICY_FIX_CODES.has(finding.code) ? suggestPolicy(report, now) : null;
  }
}

function suggestPolicy(report: Report, now: Date, forceMode?: PolicyMode): FixSuggestion | null {
  const domain = cleanHost(report.domain);
  const policy = report.evidence.policy;
  const body = report.evidence.policyFetch?.body ?? '';
  const mode = forceMode ?? policy?.mode ?? salvageMode(body) ?? 'testing';
  const currentAge = policy?.maxAge ?? salvageMaxAge(body);
  const maxAge = Math.max(currentAge ?? 0, RECOMMENDED_MAX_AGE[mode]);

  // Keep the owner's valid patterns (wildcards included), then add every real MX host they miss (§4.1).
  const patterns = uniquePatterns((policy?.mx ?? salvageMx(body)).filter(isMxPattern));
  // Compiled once, so a 2,400-line policy against 1,200 hosts stays linear.
  const matcher = createMxMatcher(patterns);
  for (const host of getMxHostNames(report)) {
    if (matcher.match(host) === null) {
      patterns.push(host);
      matcher.add(host);
    }
  }
  if (patterns.length === 0 && mode !== 'none') return null;

  const newId = createFreshId(now);
  const enforceWarning =
    forceMode === 'enforce'
      ? 'Switch to enforce only after TLS reports have shown no failures for a few weeks. '
      : '';
  return {
    label: `Policy file at https://mta-sts.${domain}/.well-known/mta-sts.txt`,
    text: createPolicyExample({ mode, mx: patterns, maxAge }),
    note: `${enforceWarning}After uploading it, change the id of the _mta-sts.${domain} TXT record (for example to v=STSv1; id=${newId}): senders fetch a policy again only when the id changes (RFC 8461 §3.1).`,
  };
}

function checkTime(report: Report): Date {
  const t = new Date(report.checkedAt);
  return Number.isNaN(t.getTime()) ? new Date() : t;
}

function cleanHost(host: string): string {
  const h = host.trim().toLowerCase();
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

function isHostName(host: string): boolean {
  if (host.length === 0 || host.length > 253) return false;
  const labels = host.split('.');
  return labels.length >= 2 && labels.every((l) => HOST_LABEL.test(l));
}

function isMxPattern(pattern: string): boolean {
  const p = cleanHost(pattern);
  return isHostName(p.startsWith('*.') ? p.slice(2) : p);
}

function uniquePatterns(patterns: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of patterns) {
    const p = cleanHost(raw);
    if (!isMxPattern(p) || seen.has(p)) continue;
    seen.add(p);
    out.push(p);
  }
  return out;
}

// The TXT strings that look like MTA-STS records, or all of them when none does.
function stsTexts(report: Report): string[] {
  const data = report.evidence.stsTxt?.data ?? [];
  const sts = data.filter((t) => /^\s*v\s*=\s*STSv1/i.test(t));
  return sts.length > 0 ? sts : data;
}

/** The first id in the received records that is valid on its own (1–32 letters/digits, §3.1). */
function salvageId(report: Report): string | null {
  if (report.evidence.stsRecord && STS_ID.test(report.evidence.stsRecord.id))
    return report.evidence.stsRecord.id;
  for (const text of stsTexts(report)) {
    const match = /(?:^|[;\s])id\s*=\s*([A-Za-z0-9]{1,32})(?=[\s;]|$)/.exec(text);
    if (match?.[1]) return match[1];
  }
  return null;
}

/** The mailto:/https: URIs of a broken TLS-RPT record that are fine on their own (RFC 8460 §3). */
function salvageRua(report: Report): string[] {
  const uris: string[] = [];
  for (const text of report.evidence.tlsRptTxt?.data ?? []) {
    const match = /(?:^|[;\s])rua\s*=\s*([^;]*)/i.exec(text);
    for (const uri of (match?.[1] ?? '').split(',')) {
      const u = uri.trim();
      if (/^mailto:[^\s,;!@]+@[a-z0-9.-]+\.[a-z0-9-]+$/i.test(u) || /^https:\/\/[^\s,;!]+$/i.test(u)) {
        if (!uris.includes(u)) uris.push(u);
      }
    }
  }
  return uris;
}

function salvageMode(body: string): PolicyMode | null {
  const match = /^mode[ \t]*:[ \t]*(enforce|testing|none)[ \t]*\r?$/m.exec(body);
  return (match?.[1] as PolicyMode | undefined) ?? null;
}

function salvageMaxAge(body: string): number | null {
  const match = /^max_age[ \t]*:[ \t]*(\d{1,10})[ \t]*\r?$/m.exec(body);
  const value = match?.[1] ? Number(match[1]) : Number.NaN;
  return Number.isInteger(value) && value <= MAX_AGE_LIMIT ? value : null;
}

function salvageMx(body: string): string[] {
  return [...body.matchAll(/^mx[ \t]*:[ \t]*(\S+)[ \t]*\r?$/gm)].map((m) => m[1] ?? '');
}
