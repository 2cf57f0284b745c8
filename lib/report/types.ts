// The Report: the one data structure `checkDomain` produces and every view renders.

import type { FindingCode } from '../catalog/index';
import type { PolicyTlsEvidence } from '../certificate/types';
import type { PolicyMode, StsPolicy, StsRecord } from '../mta-sts/types';
import type { TlsRptRecord } from '../tls-rpt/types';

export type Severity = 'info' | 'warning' | 'error';

/** One observation about the checked domain. `code` is a stable identifier documented in the README. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  /** Where the rule lives, e.g. "RFC 8461 §3.1". */
  rfc?: string;
}

/** The machine values; FAIL exists in the product's vocabulary but is never produced (MTA-STS is optional). */
export type Status = 'SUCCESS' | 'WARNING' | 'ERROR';

export interface Risk {
  id: string;
  title: string;
  detail: string;
}

/** What a parser returns: the parsed value under `K` when usable, and its findings either way. */
export type ParseResult<K extends string, T> =
  | ({ ok: true; findings: Finding[] } & { [key in K]: T })
  | { ok: false; findings: Finding[] };

/** What the HTTPS fetch of the policy file observed (RFC 8461 §3.3), kept for display. */
export interface PolicyFetchEvidence {
  url: string;
  /** ok: 200 with a body read in full; the others say why there is no usable body. */
  outcome: 'ok' | 'redirect' | 'http-status' | 'timeout' | 'too-large' | 'network';
  status: number | null;
  contentType: string | null;
  /** Redirect target when the server answered 3xx (null when the browser hides it, as in `opaqueredirect`). */
  location: string | null;
  /** Bytes read from the body (up to the cap). */
  bytes: number;
  elapsedMs: number;
  /** Body decoded as UTF-8, capped for display; null when nothing was read. */
  body: string | null;
  truncated: boolean;
  /** The transport error message for outcome 'network' / 'timeout'. */
  error: string | null;
}

export interface DnsEvidence {
  name: string;
  type: string;
  /** NOERROR, NXDOMAIN, SERVFAIL, …; null when the lookup itself failed (transport). */
  rcode: string | null;
  /** DNSSEC: the resolver's AD flag. */
  authenticated: boolean | null;
  /** CNAMEs followed inside the answer, in order. */
  cnames: string[];
  /** TXT: each record's strings joined; MX: "pref host"; A/AAAA: addresses; TLSA: presentation form. */
  data: string[];
  /** Transport error (resolver unreachable, timeout, garbage answer). */
  error: string | null;
  resolver: string | null;
  elapsedMs: number;
}

export interface MxHostEvidence {
  host: string;
  preference: number;
  /** null when there is no usable policy to match against. */
  covered: boolean | null;
  /** The policy pattern that matched, if any. */
  matchedBy: string | null;
  /** DANE: TLSA at _25._tcp.<host>; null when unknown (lookup failed or not done). */
  dane: boolean | null;
  daneAuthenticated: boolean | null;
}

export interface Evidence {
  stsTxt: DnsEvidence | null;
  stsRecord: StsRecord | null;
  tlsRptTxt: DnsEvidence | null;
  tlsRptRecord: TlsRptRecord | null;
  mx: DnsEvidence | null;
  mxHosts: MxHostEvidence[];
  nullMx: boolean;
  policyHostA: DnsEvidence | null;
  policyHostAAAA: DnsEvidence | null;
  policyFetch: PolicyFetchEvidence | null;
  /** The policy host's TLS connection as the browser saw it; absent where the browser does not expose it. */
  policyTls?: PolicyTlsEvidence;
  policy: StsPolicy | null;
  /** The TLSA (DANE) lookups are still running: this report was shown after the first round. */
  danePending?: boolean;
  /**
   * The policy host's A/AAAA lookups are still running (the verdict came once the policy fetch had answered;
   * the addresses matter only when it failed). policyHostA/AAAA hold what has answered so far.
   */
  policyHostPending?: boolean;
}

export type StepName = 'record' | 'policy' | 'mx' | 'tlsrpt' | 'dane';

export interface StepProgress {
  step: StepName;
  state: 'done' | 'failed';
  elapsedMs: number;
}

export interface Report {
  /** The domain as checked (A-label form). */
  domain: string;
  /** ISO 8601. */
  checkedAt: string;
  status: Status;
  /** One sentence: what the status means for this domain's mail. */
  summary: string;
  findings: Finding[];
  risks: Risk[];
  evidence: Evidence;
  /** Milliseconds per step plus `total`. */
  timings: Partial<Record<StepName | 'total', number>>;
  /** Name or URL of the DoH resolver used. */
  resolver: string;
  /** Set by callers that keep a history (the extension): what this check was compared with. */
  history?: { previous: Snapshot | null; current: Snapshot | null; diff: SnapshotDiff | null };
}

// History shapes live with the Report that carries them (lib/history computes them).
/** What one check saw, reduced to what drift detection compares. */
export interface Snapshot {
  /** ISO 8601, the report's checkedAt. */
  at: string;
  status: Status;
  recordId: string | null;
  /** SHA-256 hex of the policy body as fetched; null when no body was read. */
  policyHash: string | null;
  mode: PolicyMode | null;
  /** The policy's mx patterns (lower case, sorted). Empty without a usable policy. */
  mx: string[];
  maxAge: number | null;
  /** The domain's MX hosts (lower case, sorted). */
  mxHosts: string[];
}

/** Field-by-field differences between two snapshots; each key is present only when that part changed. */
export interface SnapshotDiff {
  status?: { from: Status; to: Status };
  recordId?: { from: string | null; to: string | null };
  mode?: { from: PolicyMode; to: PolicyMode };
  /** The policy body changed (both bodies were read). */
  policyBody?: true;
  mxPatterns?: { added: string[]; removed: string[] };
  mxHosts?: { added: string[]; removed: string[] };
}
