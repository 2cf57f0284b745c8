// Shared shapes of the product's brain. Everything the UI, the CLI and the tests see flows through these.

export type Severity = 'info' | 'warning' | 'error';

/** One observation about the checked domain. `code` is a stable identifier documented in the README. */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  /** Where the rule lives, e.g. "RFC 8461 §3.1". */
  rfc?: string;
}

/** Catalogue entry for a finding code: what it means and how to fix it (shown in the popup and README). */
export interface CodeInfo {
  /** One line, used as the README table's meaning column and as a heading in the UI. */
  title: string;
  /** How to fix it, when the domain owner can do something. */
  fix?: string;
}

export type Status = 'SUCCESS' | 'WARNING' | 'ERROR';
/** FAIL is part of the status vocabulary of the product this models, but MTA-STS is optional: never produced. */
export type StatusVocabulary = Status | 'FAIL';

export interface Risk {
  id: string;
  title: string;
  detail: string;
}

export interface StsRecord {
  version: 'STSv1';
  id: string;
  extensions: Record<string, string>;
}

export type PolicyMode = 'enforce' | 'testing' | 'none';

export interface StsPolicy {
  version: 'STSv1';
  mode: PolicyMode;
  mx: string[];
  maxAge: number;
}

export interface TlsRptRecord {
  version: 'TLSRPTv1';
  rua: string[];
}

export type ParseResult<K extends string, T> =
  | ({ ok: true; findings: Finding[] } & { [key in K]: T })
  | { ok: false; findings: Finding[] };
