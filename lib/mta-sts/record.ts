// The `_mta-sts.<domain>` TXT record (RFC 8461 §3.1): selecting the one record senders use, and parsing it.
//
// The grammar (RFC 8461 §3.1, case-sensitive literals per RFC 7405):
//   sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim]
//   sts-field       = sts-id / sts-extension
//   sts-field-delim = *WSP ";" *WSP
//   sts-version     = %s"v=STSv1"
//   sts-id          = %s"id=" 1*32(ALPHA / DIGIT)
//   sts-extension   = sts-ext-name "=" sts-ext-value
//   sts-ext-name    = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
//   sts-ext-value   = 1*(%x21-3A / %x3C / %x3E-7E)
//
// The parser is a hand-written linear scan (no backtracking regular expressions over the whole input), so a
// hostile or huge TXT value costs O(n).
import { EXAMPLE_ID } from '../examples';
import type { Finding, ParseResult } from '../report/types';
import type { StsRecord } from './types';

const RFC_RECORD = 'RFC 8461 §3.1';
const RFC_DUPLICATES = 'RFC 8461 §3.2';

export type StsRecordParseResult = ParseResult<'record', StsRecord>;

const ID_PATTERN = /^[A-Za-z0-9]{1,32}$/;
const EXT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
const EXT_VALUE_PATTERN = /^[\x21-\x3A\x3C\x3E-\x7E]+$/;
/** Longest excerpt of user data quoted in a message; records can be arbitrarily long. */
const EXCERPT_MAX = 40;

function isWsp(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

function trimWspStart(s: string): string {
  let i = 0;
  while (i < s.length && isWsp(s[i])) i++;
  return s.slice(i);
}

function trimWspEnd(s: string): string {
  let j = s.length;
  while (j > 0 && isWsp(s[j - 1])) j--;
  return s.slice(0, j);
}

function excerpt(s: string): string {
  return JSON.stringify(s.length > EXCERPT_MAX ? `${s.slice(0, EXCERPT_MAX)}…` : s);
}

/** Quotes at most a few items of a list that can be arbitrarily long. */
function listExcerpt(items: readonly string[]): string {
  const shown = items.slice(0, 5).map(excerpt).join(', ');
  return items.length > 5 ? `${shown} and ${items.length - 5} more` : shown;
}

function describeChar(cp: number): string {
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (cp === 0x20) return 'a space';
  if (cp === 0x09) return 'a tab';
  if (cp < 0x20 || cp === 0x7f) return `the control character ${hex}`;
  if (cp > 0x7e) return `the non-ASCII character ${String.fromCodePoint(cp)} (${hex})`;
  return `"${String.fromCodePoint(cp)}"`;
}

/** First character of `s` that `allowed` rejects, described for a message. */
function firstBadChar(s: string, allowed: RegExp): string | null {
  for (const ch of s) {
    if (!allowed.test(ch)) return describeChar(ch.codePointAt(0) ?? 0);
  }
  return null;
}

/** RFC 8461 §3.1: the record is US-ASCII; only printable characters and WSP can match the grammar. */
function findBadCharacter(txt: string): { index: number; cp: number } | null {
  for (let i = 0; i < txt.length; i++) {
    const c = txt.charCodeAt(i);
    if (c === 0x09 || (c >= 0x20 && c <= 0x7e)) continue;
    return { index: i, cp: txt.codePointAt(i) ?? c };
  }
  return null;
}

function invalid(message: string): StsRecordParseResult {
  return { ok: false, findings: [{ code: 'record.invalid', severity: 'error', message, rfc: RFC_RECORD }] };
}

/** "name=value …" inside a value usually means a missing ';' between two fields. */
function looksLikeMissingDelimiter(value: string): boolean {
  const space = value.search(/[ \t]/);
  return space >= 0 && value.slice(space).includes('=');
}

/** Why the first segment is not exactly `v=STSv1`, or null when it is. */
function checkVersion(first: string): string | null {
  if (first === 'v=STSv1') return null;
  if (first === '')
    return `The record is empty. It must begin with v=STSv1, e.g. "v=STSv1; id=${EXAMPLE_ID}".`;
  const eq = first.indexOf('=');
  const name = eq >= 0 ? first.slice(0, eq) : first;
  const value = eq >= 0 ? first.slice(eq + 1) : '';
  if (trimWspEnd(name) === 'v' && (name !== 'v' || isWsp(value[0]))) {
    return `The version field ${excerpt(first)} has spaces around "=". Write it exactly as "v=STSv1".`;
  }
  if (name === 'V')
    return 'Field names are case-sensitive: the record must begin with lowercase "v=STSv1", not "V=".';
  if (name !== 'v') {
    return `The record must begin with "v=STSv1", but it begins with ${excerpt(first)}. The version field must come first.`;
  }
  if (!/^sts/i.test(value)) {
    return `The record must begin with "v=STSv1", but it begins with ${excerpt(first)}: this is not an MTA-STS record.`;
  }
  if (value.startsWith('STSv1') && isWsp(value[5])) {
    return `There is no ";" after "v=STSv1": fields must be separated by ";", e.g. "v=STSv1; id=${EXAMPLE_ID}".`;
  }
  if (value.toLowerCase() === 'stsv1') {
    return `The version ${excerpt(value)} has the wrong letter case. The version is case-sensitive: write "v=STSv1".`;
  }
  return `The version ${excerpt(value)} is not supported: the only MTA-STS version is "STSv1".`;
}

function checkId(value: string): string | null {
  if (ID_PATTERN.test(value)) return null;
  if (value === '') return `The id field is empty. Use 1 to 32 letters and digits, e.g. "id=${EXAMPLE_ID}".`;
  if (looksLikeMissingDelimiter(value)) {
    return `The id value ${excerpt(value)} runs into another field: fields must be separated by ";".`;
  }
  const bad = firstBadChar(value, /[A-Za-z0-9]/);
  if (bad !== null) {
    return `The id ${excerpt(value)} contains ${bad}. An id may contain only letters A–Z, a–z and digits 0–9.`;
  }
  return `The id ${excerpt(value)} is ${value.length} characters long; the maximum is 32.`;
}

function checkExtension(name: string, value: string, field: string): string | null {
  if (!EXT_NAME_PATTERN.test(name)) {
    if (name === '') return `The field ${excerpt(field)} has no name before "=".`;
    if (isWsp(name[name.length - 1]) || isWsp(value[0])) {
      return `The field ${excerpt(field)} has spaces around "=", which the record syntax does not allow.`;
    }
    if (name.length > 32) {
      return `The field name ${excerpt(name)} is ${name.length} characters long; field names are at most 32.`;
    }
    if (!/^[A-Za-z0-9]/.test(name)) {
      return `The field name ${excerpt(name)} must start with a letter or digit.`;
    }
    const bad = firstBadChar(name, /[A-Za-z0-9_.-]/);
    return `The field name ${excerpt(name)} contains ${bad ?? 'a character that is not allowed'}; names use only letters, digits, "_", "-" and ".".`;
  }
  if (EXT_VALUE_PATTERN.test(value)) return null;
  if (value === '') return `The field ${excerpt(field)} has an empty value.`;
  if (looksLikeMissingDelimiter(value)) {
    return `The value of ${excerpt(name)} (${excerpt(value)}) runs into another field: fields must be separated by ";".`;
  }
  const bad = firstBadChar(value, /[\x21-\x3A\x3C\x3E-\x7E]/);
  return `The value of the field ${excerpt(name)} contains ${bad ?? 'a character that is not allowed'}; values may not contain spaces, "=" or ";".`;
}

/**
 * Parses one `_mta-sts` TXT record (its character-strings already joined without spaces), RFC 8461 §3.1.
 * Never throws. An invalid record yields exactly one `record.invalid` error naming the problem.
 */
export function parseStsRecord(txt: string): StsRecordParseResult {
  if (typeof txt !== 'string') return invalid('The TXT record is not text.');
  const bad = findBadCharacter(txt);
  if (bad !== null) {
    return invalid(
      `The record contains ${describeChar(bad.cp)} at position ${bad.index + 1}. MTA-STS records may contain only printable ASCII characters, spaces and tabs.`,
    );
  }

  const warnings: Finding[] = [];
  const body = trimWspEnd(txt);
  // Ambiguous (RFC 8461 §3.1): the ABNF only allows WSP inside sts-field-delim, so "v=STSv1; id=abc " (WSP after
  // the last field, with no ";" following) is outside the grammar, and strict parsers (e.g. mailauth) reject it;
  // lenient ones (postfix-mta-sts-resolver, most others) trim it. Our choice: accept the record, because the
  // intended id is unambiguous and most senders use it, but warn, because some senders ignore the whole record.
  if (body.length > 0 && body.length < txt.length && body[body.length - 1] !== ';') {
    warnings.push({
      code: 'record.whitespace.trailing',
      severity: 'warning',
      message:
        'The record ends with whitespace after the last field. Strict parsers follow the RFC grammar, which does not allow this, and ignore the record.',
      rfc: RFC_RECORD,
    });
  }

  const segments = body.split(';');
  const last = segments.length - 1;
  const fields = segments.map((segment, i) => {
    // WSP next to a ";" belongs to sts-field-delim; WSP before the first field does not (checked below).
    const start = i > 0 ? trimWspStart(segment) : segment;
    return i < last ? trimWspEnd(start) : start;
  });

  // RFC 8461 §3.1: the record begins with sts-version; nothing, not even WSP, may precede it.
  if (isWsp(body[0])) {
    return invalid(
      'The record starts with whitespace. It must begin with exactly "v=STSv1", with nothing before it.',
    );
  }
  const versionProblem = checkVersion(fields[0] ?? '');
  if (versionProblem !== null) return invalid(versionProblem);

  // Erratum 6285 (reported against RFC 8461 §3.1): the ABNF allows WSP before ";" but the discard rule names the
  // literal prefix "v=STSv1;". We follow the ABNF (and keep such records in selectStsRecords), but warn: senders
  // that apply the literal prefix discard this record whenever other TXT records exist at the same name.
  if (segments.length > 1 && isWsp(segments[0]?.[segments[0].length - 1])) {
    warnings.push({
      code: 'record.whitespace.version',
      severity: 'warning',
      message:
        'There is whitespace between "v=STSv1" and ";". The RFC grammar allows it, but senders that look for the exact prefix "v=STSv1;" discard the record when other TXT records share its name.',
      rfc: RFC_RECORD,
    });
  }

  // sts-text-record allows one optional trailing sts-field-delim, nothing more.
  if (fields.length > 1 && fields[last] === '') fields.pop();
  if (fields.length === 1) {
    return invalid(
      `The record has no id field. Add one after the version, e.g. "v=STSv1; id=${EXAMPLE_ID}".`,
    );
  }

  let id: string | null = null;
  const extensions: Record<string, string> = {};
  const seen = new Set<string>(['v']);
  const duplicates: string[] = [];
  for (let i = 1; i < fields.length; i++) {
    const field = fields[i] ?? '';
    if (field === '') {
      return invalid(
        'The record has an empty field (two ";" with nothing between them). Remove the extra ";".',
      );
    }
    const eq = field.indexOf('=');
    if (eq < 0) {
      return invalid(`The field ${excerpt(field)} has no "=". Every field is name=value, separated by ";".`);
    }
    const name = field.slice(0, eq);
    const value = field.slice(eq + 1);
    // RFC 8461 §3.2 (its last paragraph covers "TXT records and policy files"): when a field appears more than
    // once, the first occurrence is used. A later repeat only has to be a syntactically valid extension field
    // (e.g. "id=x-y" after a valid id). Ambiguous: §3.1 itself is silent and some implementations reject any
    // duplicate; we follow §3.2 and warn, because those senders ignore the record.
    if (seen.has(name)) {
      const problem = checkExtension(name, value, field);
      if (problem !== null) return invalid(problem);
      duplicates.push(name);
      continue;
    }
    seen.add(name);
    // Field names are case-sensitive (%s"id=", RFC 7405): "ID=abc" is an extension, not the id.
    if (name === 'id') {
      const problem = checkId(value);
      if (problem !== null) return invalid(problem);
      id = value;
      continue;
    }
    const problem = checkExtension(name, value, field);
    if (problem !== null) return invalid(problem);
    extensions[name] = value;
  }

  if (id === null) {
    return invalid(
      `The record has no id field (the name "id" is lowercase). Add one, e.g. "v=STSv1; id=${EXAMPLE_ID}".`,
    );
  }
  if (duplicates.length > 0) {
    const names = [...new Set(duplicates)];
    const plural = names.length > 1;
    warnings.push({
      code: 'record.field.duplicate',
      severity: 'warning',
      message: `The field${plural ? 's' : ''} ${listExcerpt(names)} appear${plural ? '' : 's'} more than once. Senders that follow the RFC use the first value; others reject the whole record.`,
      rfc: RFC_DUPLICATES,
    });
  }

  const extensionNames = Object.keys(extensions);
  const extras =
    extensionNames.length > 0 ? ` Extension fields, ignored by senders: ${listExcerpt(extensionNames)}.` : '';
  return {
    ok: true,
    record: { version: 'STSv1', id, extensions },
    findings: [
      {
        code: 'record.valid',
        severity: 'info',
        message: `Valid MTA-STS record with id "${id}".${extras}`,
        rfc: RFC_RECORD,
      },
      ...warnings,
    ],
  };
}

/** RFC 8461 §3.1: with several TXT records, those not beginning with "v=STSv1;" are discarded (see erratum note). */
const STS_PREFIX = /^v=STSv1[ \t]*;/;
/** A TXT record that was probably meant as an MTA-STS record (case, spacing, order or version mistakes). */
const LOOKS_LIKE_STS = /(?:^|[;\s])v\s*=\s*sts/i;
/** How far into a TXT record we look for a version field that is not at the start. */
const LOOK_AHEAD = 256;

export interface StsRecordSelection {
  /** The single record senders use, or null when there is not exactly one. */
  selected: string | null;
  /** Records that begin with "v=STSv1" *WSP ";". */
  candidates: string[];
  /** Discarded records that look like a mistyped MTA-STS record. */
  nearMisses: string[];
  findings: Finding[];
}

function nearMissReason(txt: string): string {
  const parsed = parseStsRecord(txt);
  return parsed.ok ? 'it does not begin with "v=STSv1;"' : (parsed.findings[0]?.message ?? '');
}

/**
 * Applies the RFC 8461 §3.1 selection rule to the whole TXT RRset at `_mta-sts.<domain>` (each element one record,
 * character-strings joined). Exactly one record beginning with "v=STSv1;" must remain.
 */
export function selectStsRecords(txts: readonly string[]): StsRecordSelection {
  const list = Array.isArray(txts) ? txts.filter((t): t is string => typeof t === 'string') : [];
  // The prefix rule is applied even to a lone record: a single "v=spf1 …" at _mta-sts means "no MTA-STS",
  // not "invalid MTA-STS". Ambiguous (erratum 6285): WSP before the ";" is accepted, matching the ABNF.
  const candidates = list.filter((t) => STS_PREFIX.test(t));
  const nearMisses = list.filter((t) => !STS_PREFIX.test(t) && LOOKS_LIKE_STS.test(t.slice(0, LOOK_AHEAD)));
  const others = list.length - candidates.length - nearMisses.length;
  const findings: Finding[] = [];

  if (candidates.length === 0 && nearMisses.length > 0) {
    // The domain clearly tried to publish MTA-STS: report the broken record(s) as invalid, not as absent.
    for (const t of nearMisses) {
      findings.push({
        code: 'record.invalid',
        severity: 'error',
        message: `Senders ignore the TXT record ${excerpt(t)}: ${nearMissReason(t)}`,
        rfc: RFC_RECORD,
      });
    }
    return { selected: null, candidates, nearMisses, findings };
  }
  for (const t of nearMisses) {
    findings.push({
      code: 'record.discarded',
      severity: 'warning',
      message: `Senders discard the extra TXT record ${excerpt(t)}: ${nearMissReason(t)}`,
      rfc: RFC_RECORD,
    });
  }
  if (candidates.length === 0) {
    const ignored =
      others > 0 ? ` (${others} other TXT record${others > 1 ? 's are' : ' is'} there and ignored)` : '';
    findings.push({
      code: 'record.missing',
      severity: 'warning',
      message: `No TXT record at _mta-sts begins with "v=STSv1;", so the domain has no MTA-STS${ignored}.`,
      rfc: RFC_RECORD,
    });
    return { selected: null, candidates, nearMisses, findings };
  }
  if (candidates.length > 1) {
    findings.push({
      code: 'record.multiple',
      severity: 'error',
      message: `There are ${candidates.length} MTA-STS TXT records (${listExcerpt(candidates)}). With more than one, senders treat the domain as having no MTA-STS policy.`,
      rfc: RFC_RECORD,
    });
    return { selected: null, candidates, nearMisses, findings };
  }
  return { selected: candidates[0] ?? null, candidates, nearMisses, findings };
}

/** Selection plus parsing: the record senders would use (or null) and every finding about it. */
export function createStsRecordFindings(txts: readonly string[]): {
  record: StsRecord | null;
  findings: Finding[];
} {
  const selection = selectStsRecords(txts);
  if (selection.selected === null) return { record: null, findings: selection.findings };
  const parsed = parseStsRecord(selection.selected);
  return {
    record: parsed.ok ? parsed.record : null,
    findings: [...parsed.findings, ...selection.findings],
  };
}
