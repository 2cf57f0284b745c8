// The whole check of one domain: the I/O fan-out (every independent lookup at once, then TLSA for the MX
// hosts) and the pure reading of what came back (readCheck, built from the step readers beside this file).
// Only this module decides what is looked up and in what order; parsers and readers never do I/O.

import type { PolicyTlsEvidence, TlsObserver } from '../certificate/types';
import { createDnsCache, type DnsCache } from '../dns/cache';
import { createResolver } from '../dns/doh-client';
import { createLimiter, type Priority } from '../dns/limiter';
import type { Resolver, ResolverSetting } from '../dns/types';
import { normalizeDomain } from '../input/domain';
import { fetchPolicy, policyUrl } from '../mta-sts/fetch-policy';
import { createEmptyEvidence } from '../report/empty';
import { finishReport } from '../report/finish';
import type { Evidence, Finding, Report, StepName, StepProgress } from '../report/types';
import { examinedMxHosts, isConclusive, type Lookup, lookup, toLookup } from './lookup';
import { DANE_PENDING, readDane, readDnssec } from './read-dnssec';
import { readMx } from './read-mx';
import { type PolicyInputs, readPolicy } from './read-policy';
import { readRecord } from './read-record';
import { readTlsRpt } from './read-tlsrpt';

export interface CheckDeps {
  /** The fetch used for the policy file (and for DoH unless `resolver` is given). */
  fetch?: typeof fetch;
  /** A ready resolver; otherwise one is made from `resolverSetting`. */
  resolver?: Resolver;
  resolverSetting?: ResolverSetting;
  /** DNS cache shared with other checks (e.g. a bulk audit). A fresh one per check otherwise. */
  dnsCache?: DnsCache;
  /** DoH requests the client can have in flight to a resolver at once (ResolverDeps.dohInFlight). */
  dohInFlight?: (serverUrl: string) => number;
  /** Milliseconds since the epoch; injected so tests and benchmarks control time. */
  now?: () => number;
  dnsTimeoutMs?: number;
  policyTimeoutMs?: number;
  onProgress?: (progress: StepProgress) => void;
  /**
   * The report as soon as the first round has answered (record, policy, MX coverage, TLS-RPT: everything the
   * status rests on), with DANE still pending (evidence.danePending), and the policy host's A/AAAA too when the
   * fetch got an answer (evidence.policyHostPending). The final report has the same status.
   */
  onVerdict?: (report: Report) => void;
  /** Cancels the check's lookups and fetch (e.g. a bulk audit that was cancelled). */
  signal?: AbortSignal;
  /**
   * Background for a check nobody is waiting to see (a bulk audit's): its DNS questions let every other check's
   * go first in the resolver's queue, so a popup opened during an audit is not queued behind it. Raised when
   * someone starts watching it (the popup asked for the same domain): its questions still waiting go first.
   */
  priority?: Priority;
  /** Observes the policy host's TLS certificate during the fetch (Firefox only); its result joins the evidence. */
  observeTls?: TlsObserver;
}

/**
 * Stands in for the policy host's A and AAAA lookups in the verdict when the fetch got an answer: readPolicy
 * reads them only for a fetch that failed on the network, which always waits for them.
 */
const HOST_PENDING: Lookup = toLookup('', 'A', {
  ok: false,
  error: 'Not answered yet.',
  resolver: '',
  elapsedMs: 0,
});

/** TLSA lookups in flight at once for one check. */
export const TLSA_CONCURRENCY = 6;

export const DEFAULT_RESOLVER: ResolverSetting = { kind: 'preset', preset: 'cloudflare' };

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
      dohInFlight: deps.dohInFlight,
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

  // How every lookup of this check is asked: cancelled with it, and behind other checks when it is a bulk one.
  const asked = { signal: deps.signal, priority: deps.priority };

  // Round 1, all at once: the record, TLS-RPT, MX, the policy host's addresses and the policy itself (§3.3:
  // fetched even without a record, so a policy served without one can be reported).
  const recordStep = lookup(resolver, `_mta-sts.${domain}`, 'TXT', asked).then((r) => {
    progress('record', isConclusive(r.result) ? 'done' : 'failed');
    return r;
  });
  const tlsRptStep = lookup(resolver, `_smtp._tls.${domain}`, 'TXT', asked).then((r) => {
    progress('tlsrpt', isConclusive(r.result) ? 'done' : 'failed');
    return r;
  });
  const mxLookup = lookup(resolver, domain, 'MX', asked);
  const policyHost = `mta-sts.${domain}`;
  const hostA = lookup(resolver, policyHost, 'A', asked);
  const hostAAAA = lookup(resolver, policyHost, 'AAAA', asked);
  const tlsWatch = deps.observeTls?.(policyUrl(domain));
  const policyFetch = fetchPolicy(domain, {
    fetch: deps.fetch,
    timeoutMs: deps.policyTimeoutMs,
    now,
    signal: deps.signal,
  });

  // Round 2, as soon as MX is known: DANE (TLSA at _25._tcp.<mx>, RFC 7672) for the examined MX hosts, a few
  // at a time (a hostile MX answer must not put thousands of queries in flight).
  const daneStep = mxLookup.then(async (mx) => {
    const limiter = createLimiter(TLSA_CONCURRENCY);
    const tlsa = await Promise.all(
      examinedMxHosts(mx.result).hosts.map((h) =>
        limiter.run(() => lookup(resolver, `_25._tcp.${h.exchange}`, 'TLSA', asked)),
      ),
    );
    progress('dane', 'done');
    return tlsa;
  });

  // The policy step needs the fetch and, when the connection failed, the host lookup to tell DNS from TLS.
  // The browser's view of the TLS connection (Firefox) is complete once the fetch has settled.
  const policyTls: Promise<PolicyInputs['tls']> = policyFetch.then(async () => {
    const evidence: PolicyTlsEvidence | undefined = await tlsWatch?.finish();
    return evidence ? { evidence, atMs: now() } : undefined;
  });
  const policyStep = Promise.all([policyFetch, hostA, hostAAAA, policyTls]).then(
    ([fetched, a, aaaa, tls]): PolicyInputs => ({
      fetched,
      hostA: a,
      hostAAAA: aaaa,
      ...(tls ? { tls } : {}),
    }),
  );
  // The policy host's addresses explain a fetch that failed on the network (readPolicy), and nothing else: when
  // the fetch got an answer, the verdict does not wait for them, and they join the final report.
  const answered: { A?: Lookup; AAAA?: Lookup } = {};
  hostA.then((l) => (answered.A = l));
  hostAAAA.then((l) => (answered.AAAA = l));
  const verdictPolicy = Promise.all([policyFetch, policyTls]).then(async ([fetched, tls]) => {
    const inputs: PolicyInputs =
      fetched.evidence.outcome === 'network'
        ? await policyStep
        : { fetched, hostA: HOST_PENDING, hostAAAA: HOST_PENDING, ...(tls ? { tls } : {}) };
    progress('policy', fetched.evidence.outcome === 'ok' ? 'done' : 'failed');
    return inputs;
  });

  const [record, tlsRpt, mx, earlyPolicy] = await Promise.all([
    recordStep,
    tlsRptStep,
    mxLookup,
    verdictPolicy,
  ]);
  progress('mx', isConclusive(mx.result) ? 'done' : 'failed');
  if (deps.onVerdict) {
    // Try/catch: a failing listener must not cost the check.
    try {
      const early = readCheck(domain, { record, tlsRpt, mx, policy: earlyPolicy, tlsa: DANE_PENDING });
      // Not waited for: the evidence has what has answered of them so far.
      const skippedHosts = earlyPolicy.hostA === HOST_PENDING;
      const hostsPending = skippedHosts && !(answered.A && answered.AAAA);
      deps.onVerdict(
        finishReport({
          domain,
          checkedAt: new Date(started).toISOString(),
          findings: early.findings,
          evidence: {
            ...early.evidence,
            ...(skippedHosts
              ? {
                  policyHostA: answered.A?.evidence ?? null,
                  policyHostAAAA: answered.AAAA?.evidence ?? null,
                  ...(hostsPending ? { policyHostPending: true } : {}),
                }
              : {}),
            danePending: true,
          },
          timings: { ...timings },
          resolver: resolver.label,
        }),
      );
    } catch {
      // The final report still comes.
    }
  }
  const [tlsa, policyInputs] = await Promise.all([daneStep, policyStep]);
  const report = readCheck(domain, { record, tlsRpt, mx, policy: policyInputs, tlsa });
  timings.total = now() - started;
  return finishReport({
    domain,
    checkedAt: new Date(started).toISOString(),
    ...report,
    timings,
    resolver: resolver.label,
  });
}

/** Everything the check looked up, as the step readers take it. */
export interface CheckLookups {
  record: Lookup;
  tlsRpt: Lookup;
  mx: Lookup;
  policy: PolicyInputs;
  /** TLSA lookups, one per MX host in preference order. */
  tlsa: ReadonlyArray<Lookup | undefined>;
}

/** The pure half of the check: every step reader over what was looked up, in the report's order. */
export function readCheck(
  domain: string,
  lookups: CheckLookups,
): { findings: Finding[]; evidence: Evidence } {
  const record = readRecord(domain, lookups.record);
  const policy = readPolicy(domain, lookups.policy, {
    present: record.record !== null,
    missing: record.missing,
  });
  const mx = readMx(domain, lookups.mx, policy.policy, record.record !== null);
  const tlsRpt = readTlsRpt(domain, lookups.tlsRpt);
  const dane = readDane(mx.hosts, lookups.tlsa, mx.nullMx);
  return {
    findings: [
      ...record.findings,
      ...policy.findings,
      ...mx.findings,
      ...tlsRpt.findings,
      ...readDnssec([lookups.record, lookups.mx]),
      ...dane.findings,
    ],
    evidence: {
      ...createEmptyEvidence(),
      stsTxt: lookups.record.evidence,
      stsRecord: record.record,
      tlsRptTxt: lookups.tlsRpt.evidence,
      tlsRptRecord: tlsRpt.record,
      mx: lookups.mx.evidence,
      mxHosts: dane.hosts,
      nullMx: mx.nullMx,
      policyHostA: lookups.policy.hostA.evidence,
      policyHostAAAA: lookups.policy.hostAAAA.evidence,
      policyFetch: lookups.policy.fetched.evidence,
      ...(lookups.policy.tls ? { policyTls: lookups.policy.tls.evidence } : {}),
      policy: policy.policy,
    },
  };
}
