// The whole check of one domain: every independent lookup runs at once, then the verdict.
// Only this module decides what is looked up and in what order; parsers never do I/O.

import { createDnsCache, type DnsCache } from '../dns/cache';
import { createResolver } from '../dns/doh-client';
import type { DnsRecord, DnsResult, Resolver, ResolverSetting, RRType } from '../dns/types';
import { normalizeDomain } from '../input/domain';
import { classifyFetchFailure, fetchPolicy } from '../mta-sts/fetch-policy';
import { findMatchingPattern } from '../mta-sts/mx-match';
import { parsePolicy } from '../mta-sts/policy';
import { createStsRecordFindings } from '../mta-sts/record';
import type { StsPolicy, StsRecord } from '../mta-sts/types';
import { createEmptyEvidence } from '../report/empty';
import { finishReport } from '../report/finish';
import type { DnsEvidence, Finding, MxHostEvidence, Report, StepName, StepProgress } from '../report/types';
import { createTlsRptFindings } from '../tls-rpt/record';

export interface CheckDeps {
  /** The fetch used for the policy file (and for DoH unless `resolver` is given). */
  fetch?: typeof fetch;
  /** A ready resolver; otherwise one is made from `resolverSetting`. */
  resolver?: Resolver;
  resolverSetting?: ResolverSetting;
  /** DNS cache shared with other checks (e.g. a bulk audit). A fresh one per check otherwise. */
  dnsCache?: DnsCache;
  /** Milliseconds since the epoch; injected so tests and benchmarks control time. */
  now?: () => number;
  dnsTimeoutMs?: number;
  policyTimeoutMs?: number;
  onProgress?: (progress: StepProgress) => void;
  /** Cancels the check's lookups and fetch (e.g. a bulk audit that was cancelled). */
  signal?: AbortSignal;
}

export const DEFAULT_RESOLVER: ResolverSetting = { kind: 'preset', preset: 'cloudflare' };

const RFC_8461 = 'RFC 8461';

/** Looks a name up and keeps what the UI shows as evidence, whatever the outcome. */
async function lookup(
  resolver: Resolver,
  name: string,
  type: RRType,
  signal?: AbortSignal,
): Promise<{ result: DnsResult; evidence: DnsEvidence }> {
  const result = await resolver.query(name, type, { signal });
  if (!result.ok) {
    return {
      result,
      evidence: {
        name,
        type,
        rcode: null,
        authenticated: null,
        cnames: [],
        data: [],
        error: result.error,
        resolver: result.resolver,
        elapsedMs: result.elapsedMs,
      },
    };
  }
  const { answer } = result;
  const data = answer.records.map(formatRecord);
  return {
    result,
    evidence: {
      name,
      type,
      rcode: answer.rcode,
      authenticated: answer.ad,
      cnames: answer.cnames,
      data,
      error: null,
      resolver: answer.resolver,
      elapsedMs: answer.elapsedMs,
    },
  };
}

/** Presentation form of one record, for the evidence panel. */
function formatRecord(r: DnsRecord): string {
  switch (r.type) {
    case 'TXT':
      return r.text;
    case 'MX':
      return `${r.preference} ${r.exchange || '.'}`;
    case 'A':
    case 'AAAA':
      return r.address;
    case 'CNAME':
      return r.target;
    default:
      return `${r.usage} ${r.selector} ${r.matchingType} ${r.data}`;
  }
}

/** A lookup we can draw a conclusion from: NOERROR or NXDOMAIN. Anything else means our lookup failed. */
function isConclusive(result: DnsResult): boolean {
  return result.ok && (result.answer.rcode === 'NOERROR' || result.answer.rcode === 'NXDOMAIN');
}

function lookupFailure(result: DnsResult, what: string): string {
  // The client's message already names the query and says it was our lookup that failed.
  if (!result.ok) return result.error;
  return `Our resolver (${result.answer.resolver}) answered ${result.answer.rcode} for ${what}, so we could not tell what the domain publishes. This is a lookup failure on our side or at the domain's name servers, not a finding about MTA-STS itself.`;
}

function txtOf(result: DnsResult): string[] {
  if (!result.ok) return [];
  return result.answer.records.flatMap((r) => (r.type === 'TXT' ? [r.text] : []));
}

/**
 * Checks the MTA-STS and TLS-RPT setup of exactly `input` (normalised, not reduced to the registrable
 * domain: that choice belongs to the caller). Never rejects for expected failures: they become findings.
 */
export async function checkDomain(input: string, deps: CheckDeps = {}): Promise<Report> {
  const now = deps.now ?? Date.now;
  const started = now();
  const normalized = normalizeDomain(input);
  const resolver =
    deps.resolver ??
    createResolver(deps.resolverSetting ?? DEFAULT_RESOLVER, {
      fetch: deps.fetch,
      timeoutMs: deps.dnsTimeoutMs,
      cache: deps.dnsCache ?? createDnsCache(),
      now,
    });
  const timings: Report['timings'] = {};
  const progress = (step: StepName, state: StepProgress['state']) => {
    const elapsedMs = now() - started;
    timings[step] = elapsedMs;
    deps.onProgress?.({ step, state, elapsedMs });
  };

  if (!normalized.ok) {
    const findings: Finding[] = [{ code: 'domain.invalid', severity: 'error', message: normalized.error }];
    return finishReport({
      domain: input.trim().slice(0, 253),
      checkedAt: new Date(started).toISOString(),
      findings,
      evidence: createEmptyEvidence(),
      timings: { total: 0 },
      resolver: resolver.label,
    });
  }
  const domain = normalized.domain;
  const evidence = createEmptyEvidence();

  // Step 1, all at once: the record, TLS-RPT, MX, the policy host's addresses and the policy itself (§3.3:
  // fetched even without a record, so a policy served without one can be reported).
  const recordStep = lookup(resolver, `_mta-sts.${domain}`, 'TXT', deps.signal).then((r) => {
    progress('record', isConclusive(r.result) ? 'done' : 'failed');
    return r;
  });
  const tlsRptStep = lookup(resolver, `_smtp._tls.${domain}`, 'TXT', deps.signal).then((r) => {
    progress('tlsrpt', isConclusive(r.result) ? 'done' : 'failed');
    return r;
  });
  const mxLookup = lookup(resolver, domain, 'MX', deps.signal);
  const policyHost = `mta-sts.${domain}`;
  const hostA = lookup(resolver, policyHost, 'A', deps.signal);
  const hostAAAA = lookup(resolver, policyHost, 'AAAA', deps.signal);
  const policyFetch = fetchPolicy(domain, {
    fetch: deps.fetch,
    timeoutMs: deps.policyTimeoutMs,
    now,
    signal: deps.signal,
  });

  // Step 2, as soon as MX is known: DANE (TLSA at _25._tcp.<mx>, RFC 7672) for every MX host, in parallel.
  const daneStep = mxLookup.then(async (mx) => {
    const hosts = mxHostsOf(mx.result);
    const tlsa = await Promise.all(
      hosts.map((h) => lookup(resolver, `_25._tcp.${h.exchange}`, 'TLSA', deps.signal)),
    );
    progress('dane', 'done');
    return tlsa;
  });

  // The policy step needs the fetch and, when the connection failed, the host lookup to tell DNS from TLS.
  const policyStep = Promise.all([policyFetch, hostA, hostAAAA]).then(([fetched, a, aaaa]) => {
    progress('policy', fetched.evidence.outcome === 'ok' ? 'done' : 'failed');
    return { fetched, a, aaaa };
  });

  const [record, tlsRpt, mx, policyResult, dane] = await Promise.all([
    recordStep,
    tlsRptStep,
    mxLookup,
    policyStep,
    daneStep,
  ]);

  const findings: Finding[] = [];

  // _mta-sts TXT (§3.1).
  evidence.stsTxt = record.evidence;
  let stsRecord: StsRecord | null = null;
  let recordMissing = false;
  if (!isConclusive(record.result)) {
    findings.push({
      code: 'dns.failed',
      severity: 'error',
      message: lookupFailure(record.result, `_mta-sts.${domain} TXT`),
    });
  } else {
    const sts = createStsRecordFindings(txtOf(record.result));
    stsRecord = sts.record;
    evidence.stsRecord = sts.record;
    recordMissing = sts.findings.some((f) => f.code === 'record.missing');
    findings.push(...sts.findings);
  }

  // Policy (§3.2, §3.3).
  const { fetched, a, aaaa } = policyResult;
  evidence.policyFetch = fetched.evidence;
  evidence.policyHostA = a.evidence;
  evidence.policyHostAAAA = aaaa.evidence;
  const policyFindings: Finding[] = [...fetched.findings];
  let policy: StsPolicy | null = null;
  if (fetched.evidence.outcome === 'network') {
    const hostState = policyHostState(a.result, aaaa.result);
    policyFindings.push(classifyFetchFailure(fetched.evidence, hostState));
    if (hostState === 'unknown' && stsRecord) {
      // The fetch failed and our own lookup of the policy host failed too: we cannot tell whose fault it is.
      const failed = isConclusive(a.result) ? aaaa.result : a.result;
      findings.push({
        code: 'dns.failed',
        severity: 'error',
        message: lookupFailure(failed, `${policyHost}`),
      });
    }
  } else if (fetched.body !== null) {
    const parsed = parsePolicy(fetched.body);
    policyFindings.push(...parsed.findings);
    if (parsed.ok) policy = parsed.policy;
  }
  evidence.policy = policy;
  if (recordMissing) {
    if (policy) {
      findings.push({
        code: 'policy.orphan',
        severity: 'warning',
        message: `A policy is served at ${fetched.evidence.url}, but there is no _mta-sts.${domain} TXT record, so senders never fetch it (RFC 8461 §3.1).`,
        rfc: `${RFC_8461} §3.1`,
      });
      findings.push(...policyFindings);
    } else {
      // Without a record, a missing policy host is expected: keep what we saw as information only.
      findings.push(...policyFindings.map((f) => ({ ...f, severity: 'info' as const })));
    }
  } else {
    findings.push(...policyFindings);
  }

  // MX and coverage (§4.1, RFC 7505 null MX).
  evidence.mx = mx.evidence;
  const mxHosts = mxHostsOf(mx.result);
  const nullMx = isNullMx(mx.result);
  evidence.nullMx = nullMx;
  // Only a policy that is in force (mode enforce or testing) says which MX hosts are covered.
  const matching = policy !== null && policy.mode !== 'none' ? policy : null;
  if (!isConclusive(mx.result)) {
    findings.push({
      // Coverage decides the verdict only when a policy is published.
      code: stsRecord ? 'dns.failed' : 'dns.incomplete',
      severity: stsRecord ? 'error' : 'info',
      message: lookupFailure(mx.result, `${domain} MX`),
    });
  } else if (mx.result.ok && mx.result.answer.rcode === 'NXDOMAIN') {
    findings.push({
      code: 'domain.nxdomain',
      severity: 'warning',
      message: `${domain} does not exist in DNS (NXDOMAIN), so it cannot receive mail.`,
    });
  } else if (nullMx) {
    findings.push({
      code: 'mx.null',
      severity: 'info',
      message: `${domain} publishes a null MX (RFC 7505): it declares that it does not receive mail.`,
      rfc: 'RFC 7505 §3',
    });
  } else if (mxHosts.length === 0) {
    findings.push({
      code: 'mx.none',
      severity: 'warning',
      message: `${domain} has no MX records. Senders fall back to its address records (RFC 5321 §5.1), which is rarely intended for a domain that receives mail; publish MX records, or a null MX if it receives none.`,
      rfc: 'RFC 5321 §5.1',
    });
  }
  const uncovered: string[] = [];
  evidence.mxHosts = mxHosts.map((h, i): MxHostEvidence => {
    const matchedBy = matching ? findMatchingPattern(matching.mx, h.exchange) : null;
    const covered = matching ? matchedBy !== null : null;
    if (covered === false) uncovered.push(h.exchange);
    const tlsa = dane[i]?.result;
    const tlsaAnswer = tlsa?.ok && isConclusive(tlsa) ? tlsa.answer : null;
    return {
      host: h.exchange,
      preference: h.preference,
      covered,
      matchedBy,
      dane: tlsaAnswer ? tlsaAnswer.records.some((r) => r.type === 'TLSA') : null,
      daneAuthenticated: tlsaAnswer ? tlsaAnswer.ad : null,
    };
  });
  if (matching) {
    if (uncovered.length > 0) {
      const enforce = matching.mode === 'enforce';
      findings.push({
        code: 'mx.uncovered',
        severity: enforce ? 'error' : 'warning',
        message: enforce
          ? `The policy's mx patterns (${matching.mx.join(', ')}) do not cover ${uncovered.join(', ')}. In enforce mode, MTA-STS senders refuse to deliver to ${uncovered.length === 1 ? 'that host' : 'those hosts'}: mail routed there will be delayed and then bounce.`
          : `The policy's mx patterns (${matching.mx.join(', ')}) do not cover ${uncovered.join(', ')}. In testing mode senders still deliver but report failures; switching to enforce as it stands would make mail to ${uncovered.length === 1 ? 'that host' : 'those hosts'} bounce.`,
        rfc: `${RFC_8461} §4.1`,
      });
    } else if (mxHosts.length > 0) {
      findings.push({
        code: 'mx.covered',
        severity: 'info',
        message: `All ${mxHosts.length} MX host${mxHosts.length === 1 ? ' is' : 's are'} covered by the policy's mx patterns.`,
        rfc: `${RFC_8461} §4.1`,
      });
    }
  }
  progress('mx', isConclusive(mx.result) ? 'done' : 'failed');

  // TLS-RPT (RFC 8460 §3): a finding, never a downgrade of the status.
  evidence.tlsRptTxt = tlsRpt.evidence;
  if (!isConclusive(tlsRpt.result)) {
    findings.push({
      code: 'dns.incomplete',
      severity: 'info',
      message: lookupFailure(tlsRpt.result, `_smtp._tls.${domain} TXT`),
    });
  } else {
    const rpt = createTlsRptFindings(txtOf(tlsRpt.result));
    evidence.tlsRptRecord = rpt.record;
    findings.push(...rpt.findings);
  }

  // DNSSEC: the resolver's AD flag on the answers the verdict rests on.
  const signedLookups = [record, mx].filter((l) => l.result.ok && isConclusive(l.result));
  if (signedLookups.length > 0) {
    const unsigned = signedLookups
      .filter((l) => !(l.result.ok && l.result.answer.ad))
      .map((l) => l.evidence.name);
    findings.push(
      unsigned.length === 0
        ? {
            code: 'dnssec.signed',
            severity: 'info',
            message: 'The _mta-sts record and the MX records were validated with DNSSEC by the resolver.',
          }
        : {
            code: 'dnssec.unsigned',
            severity: 'info',
            message: `Not validated with DNSSEC: ${unsigned.join(', ')}. MTA-STS is designed to work without DNSSEC; with it, DANE becomes possible too.`,
          },
    );
  }
  // DANE (RFC 7672): informational, MTA-STS and DANE complement each other.
  const daneHosts = evidence.mxHosts.filter((h) => h.dane === true).map((h) => h.host);
  if (mxHosts.length > 0 && !nullMx) {
    findings.push(
      daneHosts.length > 0
        ? {
            code: 'dane.present',
            severity: 'info',
            message: `TLSA records (DANE) found for ${daneHosts.join(', ')}.`,
            rfc: 'RFC 7672',
          }
        : {
            code: 'dane.absent',
            severity: 'info',
            message: 'No TLSA records (DANE) at _25._tcp for the MX hosts.',
            rfc: 'RFC 7672',
          },
    );
  }

  timings.total = now() - started;
  return finishReport({
    domain,
    checkedAt: new Date(started).toISOString(),
    findings,
    evidence,
    timings,
    resolver: resolver.label,
  });
}

function mxHostsOf(result: DnsResult): Array<{ preference: number; exchange: string }> {
  if (!result.ok || result.answer.rcode !== 'NOERROR') return [];
  return result.answer.records
    .flatMap((r) => (r.type === 'MX' && r.exchange !== '' && r.exchange !== '.' ? [r] : []))
    .sort((x, y) => x.preference - y.preference || x.exchange.localeCompare(y.exchange));
}

/** RFC 7505 §3: a single MX record with preference 0 and an empty exchange ("."). */
function isNullMx(result: DnsResult): boolean {
  if (!result.ok || result.answer.rcode !== 'NOERROR') return false;
  const mx = result.answer.records.filter((r) => r.type === 'MX');
  return mx.length === 1 && mx[0]?.type === 'MX' && (mx[0].exchange === '' || mx[0].exchange === '.');
}

function policyHostState(a: DnsResult, aaaa: DnsResult): 'resolves' | 'nxdomain' | 'unknown' {
  const hasAddress = (r: DnsResult) =>
    r.ok && r.answer.records.some((rec) => rec.type === 'A' || rec.type === 'AAAA');
  if (hasAddress(a) || hasAddress(aaaa)) return 'resolves';
  if (isConclusive(a) && isConclusive(aaaa)) return 'nxdomain';
  return 'unknown';
}
