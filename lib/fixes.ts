// Corrected examples the domain owner can copy: records, policies and a complete starter set.
// Pure: everything comes from the Report and an explicit time; nothing here does I/O.
import type { FindingCode } from './catalog/index';
import { TLSRPT_MAILBOX } from './examples';
import { MAX_AGE_MAX, STS_ID } from './mta-sts/grammar';
import { createMxMatcher } from './mta-sts/mx-match';
import type { PolicyMode } from './mta-sts/types';
import { canonicalHostName as cleanHost, isHostName, isMxPattern } from './names';
import type { Finding, Report } from './report/types';

/** A snippet to copy, what it is, and what to do after publishing it. */
export interface FixSuggestion {
  /** What the text is and where it goes, e.g. "TXT record at _mta-sts.example.com". */
  label: string;
  text: string;
  /** A follow-up step, when publishing the text alone is not enough. */
  note?: string;
  /** 'command': a shell line to see what senders see; otherwise a record or file to publish. */
  kind?: 'example' | 'command';
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
  /** null when the domain already has a TLS-RPT record: a second v=TLSRPTv1 record breaks TLS-RPT. */
  tlsRptRecord: string | null;
  /** True when our TLS-RPT lookup failed, so we cannot tell whether a record exists. */
  tlsRptUnknown: boolean;
}

/** What the report says about the domain's TLS-RPT record: there, not there, or unknown (lookup failed). */
export type TlsRptPresence = 'present' | 'absent' | 'unknown';

export function getTlsRptPresence(report: Report): TlsRptPresence {
  const txt = report.evidence.tlsRptTxt;
  if (report.evidence.tlsRptRecord !== null) return 'present';
  if (txt?.data.some((t) => /^\s*v\s*=\s*TLSRPTv1/i.test(t))) return 'present';
  if (txt === null || txt.error !== null || (txt.rcode !== 'NOERROR' && txt.rcode !== 'NXDOMAIN'))
    return report.findings.some((f) => f.code === 'tlsrpt.missing') ? 'absent' : 'unknown';
  return 'absent';
}

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
// RFC 5321 §4.1.2 Domain: letter/digit labels with inner hyphens. Policy mx values use this form (§3.2).

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
  const age = Number.isFinite(maxAge) ? Math.min(MAX_AGE_MAX, Math.max(0, Math.floor(maxAge))) : 0;
  const lines = ['version: STSv1', `mode: ${mode}`];
  for (const pattern of uniquePatterns(mx)) lines.push(`mx: ${pattern}`);
  lines.push(`max_age: ${age}`);
  return `${lines.join('\n')}\n`;
}

/** The `_smtp._tls` TXT value sending aggregate reports to the TLSRPT_MAILBOX at <domain> (RFC 8460 §3). */
export function createTlsRptExample(domain: string, rua?: readonly string[]): string {
  const uris = rua && rua.length > 0 ? rua : [`mailto:${TLSRPT_MAILBOX}@${cleanHost(domain)}`];
  return `v=TLSRPTv1; rua=${uris.join(',')}`;
}

/**
 * Everything a domain without MTA-STS publishes to start in testing mode, built from its real MX hosts.
 * With no usable MX host the policy has no mx line; callers should not offer it then (see isWithoutMtaSts).
 */
export function createStarterSet(
  domain: string,
  mxHosts: readonly string[],
  now: Date,
  tlsRpt: TlsRptPresence = 'absent',
): StarterSet {
  const name = cleanHost(domain);
  const mx = uniquePatterns(mxHosts.filter((h) => isHostName(cleanHost(h), 2)));
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
    tlsRptRecord: tlsRpt === 'present' ? null : createTlsRptExample(name),
    tlsRptUnknown: tlsRpt === 'unknown',
  };
}

/** The starter set for a report's domain: its MX hosts, the check time, and its TLS-RPT record left alone. */
export function createStarterSetFor(report: Report): StarterSet {
  return createStarterSet(
    report.domain,
    getMxHostNames(report),
    getCheckTime(report),
    getTlsRptPresence(report),
  );
}

const PLACEHOLDERS: ReadonlyArray<readonly [RegExp, (domain: string) => string]> = [
  [/<your domain>/g, (d) => d],
  [/<domain>/g, (d) => d],
];

/**
 * A catalogue fix text for this report: the real domain instead of <domain>, and the check time's fresh id
 * instead of the catalogue's sample id, so the text never contradicts the snippet beside it.
 */
export function fillFixText(text: string, report: Report, now: Date = getCheckTime(report)): string {
  const domain = cleanHost(report.domain);
  let out = text;
  for (const [pattern, value] of PLACEHOLDERS) out = out.replace(pattern, value(domain));
  return out.replace(/id=20240101T000000/g, `id=${createFreshId(now)}`);
}

/** Splits text on `backticks` into plain and code parts, so views show code without raw Markdown. */
export function splitCodeSpans(text: string): Array<{ code: boolean; text: string }> {
  const parts: Array<{ code: boolean; text: string }> = [];
  const pattern = /`([^`]+)`/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) parts.push({ code: false, text: text.slice(last, index) });
    parts.push({ code: true, text: match[1] ?? '' });
    last = index + match[0].length;
  }
  if (last < text.length) parts.push({ code: false, text: text.slice(last) });
  return parts;
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
  return uniquePatterns(hosts.filter((h) => isHostName(h, 2)));
}

const POLICY_FIX_CODES: ReadonlySet<FindingCode> = new Set<FindingCode>([
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
  now: Date = getCheckTime(report),
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
        note: `Make sure the mailbox ${TLSRPT_MAILBOX}@${domain} exists, or put another address after mailto:.`,
      };
    case 'tlsrpt.invalid':
      return {
        label: `The only TXT record at _smtp._tls.${domain}`,
        text: createTlsRptExample(domain, salvageRua(report)),
        note: 'Replace the existing record with this one (RFC 8460 §3).',
      };
    case 'policy.mode.testing':
      return suggestPolicy(report, now, 'enforce');
    case 'policy.redirect':
      return {
        kind: 'command',
        label: 'See where the policy URL redirects to',
        text: `curl -sI ${policyUrlOf(report)}`,
        note: report.evidence.policyFetch?.location
          ? 'The Location line shows the target. Serve the file itself at this URL with HTTP 200 instead.'
          : 'A browser extension is not shown the redirect target; the Location line of this command shows it. Serve the file itself at this URL with HTTP 200 instead.',
      };
    case 'policy.http-status':
      return {
        kind: 'command',
        label: 'See what senders get',
        text: `curl -si ${policyUrlOf(report)}`,
        note: 'The first line must say HTTP 200 and the body must be the policy text.',
      };
    case 'policy.fetch.failed':
    case 'policy.fetch.cert-rejected':
    case 'policy.timeout': {
      const host = `mta-sts.${domain}`;
      return {
        kind: 'command',
        label: 'See the certificate senders get',
        text: `openssl s_client -connect ${host}:443 -servername ${host} -verify_return_error </dev/null`,
        note: `"Verify return code: 0 (ok)" means the certificate is trusted and valid for ${host}.`,
      };
    }
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

function policyUrlOf(report: Report): string {
  return (
    report.evidence.policyFetch?.url ?? `https://mta-sts.${cleanHost(report.domain)}/.well-known/mta-sts.txt`
  );
}

/** How to test what a browser cannot: STARTTLS and the certificate of an MX host (port 25). */
export function createStartTlsCommand(mxHost: string): string {
  const host = cleanHost(mxHost);
  return `openssl s_client -starttls smtp -connect ${host}:25 -servername ${host} -verify_return_error </dev/null`;
}

/** The time of the check, which fresh ids in suggestions are made from (so a report always gives the same text). */
export function getCheckTime(report: Report): Date {
  const t = new Date(report.checkedAt);
  return Number.isNaN(t.getTime()) ? new Date() : t;
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
  return Number.isInteger(value) && value <= MAX_AGE_MAX ? value : null;
}

function salvageMx(body: string): string[] {
  return [...body.matchAll(/^mx[ \t]*:[ \t]*(\S+)[ \t]*\r?$/gm)].map((m) => m[1] ?? '');
}

/**
 * Everything to paste for this report: each finding's corrected snippet or command, and the starter set. A caller
 * that has already built them (one suggestion per finding, in order; the starter set) passes them in.
 */
export function createFixBundle(
  report: Report,
  suggestions: ReadonlyArray<FixSuggestion | null> = report.findings.map((f) => suggestFix(f, report)),
  starterSet: StarterSet | null = isWithoutMtaSts(report) ? createStarterSetFor(report) : null,
): {
  fixes: Array<FixSuggestion & { code: string }>;
  starterSet: StarterSet | null;
} {
  const fixes = report.findings.flatMap((finding, i) => {
    const suggestion = suggestions[i];
    return suggestion ? [{ code: finding.code, ...suggestion }] : [];
  });
  return { fixes, starterSet };
}
