// Parser for the MTA-STS policy file served at https://mta-sts.<domain>/.well-known/mta-sts.txt (RFC 8461 §3.2).
//
// The grammar (RFC 8461 §3.2, ABNF per RFC 5234 + RFC 7405 case-sensitive %s strings):
//   sts-policy-record      = sts-policy-field *WSP *(sts-policy-term sts-policy-field *WSP) [sts-policy-term]
//   sts-policy-field-delim = ":" *WSP
//   sts-policy-version     = %s"version" delim %s"STSv1"
//   sts-policy-mode        = %s"mode" delim (%s"testing" / %s"enforce" / %s"none")
//   sts-policy-max-age     = %s"max_age" delim 1*10(DIGIT)
//   sts-policy-mx          = %s"mx" delim ["*."] Domain            ; Domain as in RFC 5321 §4.1.2
//   sts-policy-extension   = ext-name delim ext-value
//   ext-name               = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
//   ext-value              = vchar [*(%x20 / vchar) vchar]         ; vchar = %x21-7E / UTF-8 non-ASCII
//   sts-policy-term        = LF / CRLF
// So: no whitespace before a key or before the colon, any SP/TAB after the colon and at the end of a line,
// keys and the version/mode values are case-sensitive, every line is a field (no blank or comment lines).
//
// One pass over the lines, after one scan of the whole body for encoding problems. Regular expressions run on
// single values and backtrack at most one label's length per label (no nested ambiguous repetition). Strings
// are sliced, never built character by character; message text is only built for the problems actually shown.
// A 64 KiB body of mx lines parses in about a millisecond (npm run bench -- parsers), so there is no special
// fast path to keep in step with these rules.

import type { FindingCode } from '../catalog/index';
import { findHostNameProblem, normalizeMxPattern } from '../names';
import type { Finding, ParseResult } from '../report/types';
import type { PolicyMode, StsPolicy } from './types';

export type PolicyParseResult = ParseResult<'policy', StsPolicy>;

/** RFC 8461 §3.2: "max_age ... with a maximum value of 31557600" (one year of 365.25 days). */
export const MAX_AGE_MAX = 31_557_600;
const ONE_DAY = 86_400;
const TWO_WEEKS = 1_209_600;

const RFC_POLICY = 'RFC 8461 §3.2';
const MODES: readonly PolicyMode[] = ['enforce', 'testing', 'none'];
const SINGLE_KEYS = ['version', 'mode', 'max_age'] as const;
type SingleKey = (typeof SINGLE_KEYS)[number];
const KNOWN_KEYS: readonly string[] = [...SINGLE_KEYS, 'mx'];

/** How many problems the policy.invalid message spells out before summarising the rest. */
const MAX_LISTED_PROBLEMS = 8;
/** How many invalid mx entries get their own finding; the rest are summarised in one more. */
const MAX_MX_FINDINGS = 20;
/** How far into the body we look for HTML tags. */
const HTML_SNIFF_CHARS = 1024;

export type MxPatternResult =
  | { ok: true; pattern: string }
  /** `uLabel`: the value is an internationalised name in Unicode form; `aLabel` is its A-label form when known. */
  | { ok: false; reason: string; uLabel: boolean; aLabel?: string };

interface SingleField {
  line: number;
  value: string;
  ignored: string[];
}

/**
 * Parses a policy body (already decoded as UTF-8). Never throws: every outcome, including garbage, is data.
 * The result is `ok: false` whenever a sender following RFC 8461 could reject the policy; `findings` then
 * holds `policy.invalid` naming every problem, plus the specific findings.
 */
export function parsePolicy(body: string): PolicyParseResult {
  const findings: Finding[] = [];
  const length = body.length;

  if (looksLikeHtml(body)) {
    findings.push(
      invalid(['the file is an HTML page, not a plain-text policy']),
      finding(
        'policy.html',
        'error',
        'The policy URL returned an HTML page instead of the policy text. The web server probably serves a ' +
          'catch-all page (default site, error or login page) instead of the file /.well-known/mta-sts.txt.',
      ),
    );
    return { ok: false, findings };
  }

  // A body with bytes that are not plain UTF-8 text gets only the encoding findings.
  const encodingProblems = findEncodingProblems(body);
  if (encodingProblems.length > 0) return encodingFailure(encodingProblems);

  const problems: string[] = [];
  // Line-level syntax problems, grouped by kind so an indented file yields one sentence, not one per line.
  const lineProblems = new Map<LineProblem, { first: string; more: number }>();
  const singles = new Map<SingleKey, SingleField>();
  // Sets keep insertion order, so findings list keys and names in the order they appear in the file.
  const unknownKeys = new Set<string>();
  // About one mx line per 8 characters is the densest a real file gets; a denser one just grows the table.
  const mx = new PatternSet();
  const mxFindings: Finding[] = [];
  let mxLines = 0;
  let mxInvalid = 0;

  let pos = 0;
  let lineNo = 0;
  // The segment after a final terminator is not a line: RFC 8461 §3.2 makes the last sts-policy-term optional.
  while (pos < length) {
    lineNo++;
    let end = body.indexOf('\n', pos);
    if (end === -1) end = length;
    // RFC 8461 §3.2: sts-policy-term = LF / CRLF, so both endings (even mixed) are fine.
    const lineEnd = end > pos && body.charCodeAt(end - 1) === 13 && end < length ? end - 1 : end;
    const line = body.slice(pos, lineEnd);
    pos = end + 1;

    const field = splitField(line);
    if (typeof field === 'string') {
      const seen = lineProblems.get(field);
      if (seen) seen.more++;
      else lineProblems.set(field, { first: describeLineProblem(field, line, lineNo), more: 0 });
      continue;
    }
    const { key, value } = field;

    if (key === 'mx') {
      // RFC 8461 §3.2: mx is the one field that may repeat; every occurrence must be a valid pattern.
      mxLines++;
      const pattern = normalizeMxPattern(value);
      if (pattern === null) {
        // Decision: one invalid mx entry makes the whole policy invalid, even next to valid ones. The record
        // then no longer matches the ABNF, and strict senders (mox, mailauth) reject it outright; dropping the
        // entry instead would hide a mistake that breaks delivery for some senders. (Corpus: the mixed case
        // with a trailing-dot entry is marked ambiguous; we follow its RFC reading.)
        mxInvalid++;
        if (mxInvalid <= MAX_MX_FINDINGS) {
          const why = explainMxPattern(value);
          problems.push(`mx ${show(value)} on line ${lineNo} is ${why.reason}`);
          mxFindings.push(mxFinding(value, lineNo, why));
        }
        continue;
      }
      mx.add(pattern);
      continue;
    }

    if (key === 'version' || key === 'mode' || key === 'max_age') {
      const seen = singles.get(key);
      // The first occurrence of a non-repeated field wins; later values are ignored, not validated
      // (they match the generic extension production).
      if (seen) seen.ignored.push(value);
      else singles.set(key, { line: lineNo, value, ignored: [] });
      continue;
    }

    // RFC 8461 §3.2: unknown fields are extensions and are ignored, but they must still be well formed.
    if (!isExtensionValue(value)) {
      problems.push(
        value === ''
          ? `field ${show(key)} on line ${lineNo} has an empty value`
          : `field ${show(key)} on line ${lineNo} has a value with a TAB or other character that is not allowed`,
      );
    }
    unknownKeys.add(key);
  }

  if (lineNo === 0 || body.trim() === '') {
    findings.push(invalid(['the file is empty']));
    return { ok: false, findings };
  }

  if (mxInvalid > MAX_MX_FINDINGS)
    problems.push(`${mxInvalid - MAX_MX_FINDINGS} more mx entries are invalid`);
  const lineSentences = [...lineProblems.values()].map(({ first, more }) =>
    more > 0 ? `${first} (and ${plural(more, 'more line')} like it)` : first,
  );
  problems.unshift(...lineSentences);
  const version = checkVersion(singles.get('version'), unknownKeys);
  const mode = checkMode(singles.get('mode'), unknownKeys);
  const maxAge = checkMaxAge(singles.get('max_age'), unknownKeys);
  for (const result of [version, mode, maxAge]) if (typeof result === 'string') problems.push(result);

  // RFC 8461 §3.2: mx is "required at least once, except when mode is none".
  if (typeof mode !== 'string' && mode.value !== 'none' && mxLines === 0) {
    problems.push(
      `mode '${mode.value}' requires at least one 'mx' line, and there is none${caseHint('mx', unknownKeys)}`,
    );
  }

  const duplicates = duplicateFindings(singles);
  if (problems.length > 0) findings.push(invalid(problems));
  findings.push(...duplicates);
  if (unknownKeys.size > 0) findings.push(unknownKeyFinding([...unknownKeys]));
  findings.push(...mxFindings);
  if (mxInvalid > MAX_MX_FINDINGS) {
    findings.push(
      finding(
        'policy.mx.invalid',
        'error',
        `${mxInvalid - mxFindings.length} more mx entries are not valid host name patterns (not all listed).`,
      ),
    );
  }
  if (mx.duplicates.size > 0) {
    findings.push(
      finding(
        'policy.mx.duplicate',
        'info',
        `These mx entries are listed more than once (names compare case-insensitively): ` +
          `${[...mx.duplicates].map(show).join(', ')}. The repeats change nothing.`,
      ),
    );
  }

  if (problems.length > 0 || typeof mode === 'string' || typeof maxAge === 'string') {
    return { ok: false, findings };
  }

  findings.push(modeFinding(mode.value), ...maxAgeFindings(maxAge.value, mode.value));
  return {
    ok: true,
    policy: { version: 'STSv1', mode: mode.value, mx: mx.patterns, maxAge: maxAge.value },
    findings,
  };
}

/** The parse result for a body that findEncodingProblems objects to. */
function encodingFailure(problems: string[]): PolicyParseResult {
  return {
    ok: false,
    findings: [
      invalid([`the file is not valid plain text (${problems.join('; ')})`]),
      finding(
        'policy.encoding',
        'error',
        `The policy file is not valid plain text: ${problems.join('; ')}. Senders may reject it.`,
      ),
    ],
  };
}

/** The distinct mx patterns in first-seen order, plus the repeated ones (names compare case-insensitively). */
class PatternSet {
  private readonly seen = new Set<string>();
  /** Sets keep insertion order, so the duplicate finding lists names in the order they appear in the file. */
  readonly duplicates = new Set<string>();

  get patterns(): string[] {
    return [...this.seen];
  }

  add(pattern: string): void {
    if (this.seen.has(pattern)) this.duplicates.add(pattern);
    else this.seen.add(pattern);
  }
}

/**
 * Validates one mx value (`["*."] Domain`, RFC 8461 §3.2 with RFC 5321 §4.1.2 Domain) and returns it lower-cased.
 * `reason` completes the sentence "mx 'x' is …".
 */
export function parseMxPattern(value: string): MxPatternResult {
  const pattern = normalizeMxPattern(value);
  return pattern === null ? { ok: false, ...explainMxPattern(value) } : { ok: true, pattern };
}

type MxProblem = Omit<Extract<MxPatternResult, { ok: false }>, 'ok'>;

/** Says why an mx value failed normalizeMxPattern; only called for invalid values, so speed does not matter here. */
function explainMxPattern(value: string): MxProblem {
  if (value === '') return { reason: 'empty', uLabel: false };
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) > 0x7e) {
      // RFC 8461 §3.2: "the mx value MUST specify the A-label form" of internationalised names.
      const aLabel = toALabel(value);
      const suggestion = aLabel ? ` (${show(aLabel)})` : '';
      return {
        reason: `an internationalised name in Unicode (U-label) form; policies must use the A-label form${suggestion}`,
        uLabel: true,
        ...(aLabel ? { aLabel } : {}),
      };
    }
  }
  const lower = value.toLowerCase();
  if (lower.startsWith('[') || lower.includes(':') || /^[0-9]{1,3}(?:\.[0-9]{1,3}){3}$/.test(lower)) {
    return { reason: 'an IP address; mx entries must be host names, as in the MX records', uLabel: false };
  }
  const wildcard = lower.startsWith('*.');
  const domain = wildcard ? lower.slice(2) : lower;
  if (domain.includes('*')) {
    const reason =
      "using '*' in the wrong place; a wildcard may only be the whole leftmost label, as in '*.example.com'";
    return { reason, uLabel: false };
  }
  // Decision: a trailing dot (absolute DNS name) is rejected, not tolerated. RFC 5321 Domain has no trailing
  // dot, strict senders (mailauth, UK NCSC Mail Check) reject it, and MX matching compares names without it.
  if (domain.length > 1 && domain.endsWith('.')) {
    return { reason: `written with a trailing dot; remove it (${show(lower.slice(0, -1))})`, uLabel: false };
  }
  const problem = domainProblem(domain);
  return { reason: `not a valid host name${problem ? `: ${problem}` : ''}`, uLabel: false };
}

/** Describes why `domain` (lower-case ASCII) is not an RFC 5321 Domain, or returns null when it is one. */
function domainProblem(domain: string): string | null {
  const problem = findHostNameProblem(domain);
  switch (problem?.kind) {
    case undefined:
      return null;
    case 'empty':
      return 'nothing follows the wildcard';
    case 'too-long':
      return 'it is longer than 253 characters';
    case 'empty-label':
    case 'single-label':
      return 'it has an empty label (two dots in a row, or a leading dot)';
    case 'label-too-long':
      return `the label ${show(problem.label)} is longer than 63 characters`;
    case 'bad-character':
      return `the label ${show(problem.label)} contains characters other than a-z, 0-9 and '-'`;
    case 'hyphen-at-edge':
      return `the label ${show(problem.label)} starts or ends with '-'`;
    case 'numeric-top-label':
      return 'its last label is numeric, so it cannot be a host name';
  }
}

/** Best-effort U-label → A-label conversion, via the URL parser's IDNA processing (present in Node and browsers). */
function toALabel(value: string): string | null {
  const wildcard = value.startsWith('*.');
  try {
    const host = new URL(`http://${wildcard ? value.slice(2) : value}/`).hostname;
    if (!/^[a-z0-9.-]+$/.test(host) || domainProblem(host) !== null) return null;
    return wildcard ? `*.${host}` : host;
  } catch {
    return null;
  }
}

/** Why a line is not a field; lines with the same kind are reported together. */
type LineProblem =
  | 'empty'
  | 'whitespace-only'
  | 'cr'
  | 'indent'
  | 'no-colon'
  | 'space-before-colon'
  | 'bad-name';

/** Splits one line into key and value, or says which kind of line problem it has. */
function splitField(line: string): { key: string; value: string } | LineProblem {
  // Decision (corpus marks trailing/inner blank lines ambiguous): a blank line is outside the ABNF and strict
  // senders (mox) reject it, so we report it as invalid rather than skip it as lenient parsers do.
  if (line === '') return 'empty';
  // RFC 8461 §3.2: sts-policy-term = LF / CRLF; a lone CR does not end a line.
  if (line.includes('\r')) return 'cr';
  const first = line.charCodeAt(0);
  // Leading *WSP was removed from the ABNF during IESG review: a field starts at the start of its line.
  if (first === 32 || first === 9) return trimWsp(line) === '' ? 'whitespace-only' : 'indent';
  const colon = line.indexOf(':');
  // Decision (corpus: ambiguous): a line that is not `key: value` makes the body fall outside the ABNF, and
  // some senders reject it, so it is invalid rather than silently skipped.
  if (colon === -1) return 'no-colon';
  const key = line.slice(0, colon);
  if (!KNOWN_KEYS.includes(key) && !isFieldName(key)) {
    const trimmed = key.trimEnd();
    return trimmed !== key && isFieldName(trimmed) ? 'space-before-colon' : 'bad-name';
  }
  // sts-policy-field-delim = ":" *WSP; the record allows *WSP after each field, so both ends are trimmed.
  return { key, value: trimWsp(line.slice(colon + 1)) };
}

/** The sentence for a line problem; built only for the first line of each kind. */
function describeLineProblem(kind: LineProblem, line: string, lineNo: number): string {
  switch (kind) {
    case 'empty':
      return `line ${lineNo} is empty (blank lines are not allowed, not even at the end)`;
    case 'whitespace-only':
      return `line ${lineNo} contains only whitespace (blank lines are not allowed)`;
    case 'cr':
      return `line ${lineNo} contains a carriage return (CR) without a line feed; end lines with LF or CRLF`;
    case 'indent':
      return `line ${lineNo} (${show(line)}) starts with whitespace; fields must start at the beginning of the line`;
    case 'no-colon':
      return `line ${lineNo} (${show(line)}) is not a 'key: value' field`;
    case 'space-before-colon': {
      const key = line.slice(0, line.indexOf(':')).trimEnd();
      return `line ${lineNo} has whitespace before the colon after ${show(key)}; write '${key}:'`;
    }
    case 'bad-name':
      return `line ${lineNo} has an invalid field name ${show(line.slice(0, line.indexOf(':')))}`;
  }
}

/** RFC 8461 §3.2 sts-policy-ext-name: (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / "."). */
function isFieldName(key: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/.test(key);
}

/** RFC 8461 §3.2 sts-policy-ext-value: printable ASCII or UTF-8, inner spaces allowed, no TAB, not empty. */
function isExtensionValue(value: string): boolean {
  if (value === '') return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  return true;
}

function trimWsp(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isWsp(s.charCodeAt(start))) start++;
  while (end > start && isWsp(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

function isWsp(c: number): boolean {
  return c === 32 || c === 9;
}

function checkVersion(field: SingleField | undefined, unknownKeys: Set<string>): { value: 'STSv1' } | string {
  if (!field) return `there is no valid 'version: STSv1' line${caseHint('version', unknownKeys)}`;
  if (field.value === 'STSv1') return { value: 'STSv1' };
  // RFC 8461 §3.2: %s"STSv1" is case-sensitive.
  const hint = field.value.toLowerCase() === 'stsv1' ? " (the value is case-sensitive: write 'STSv1')" : '';
  return `'version' is ${describe(field.value)} but must be 'STSv1'${hint}`;
}

function checkMode(field: SingleField | undefined, unknownKeys: Set<string>): { value: PolicyMode } | string {
  if (!field) return `there is no valid 'mode' line${caseHint('mode', unknownKeys)}`;
  const exact = MODES.find((m) => m === field.value);
  if (exact) return { value: exact };
  // RFC 8461 §3.2: mode values are %s strings, so 'Enforce' is not 'enforce'.
  const folded = MODES.find((m) => m === field.value.toLowerCase());
  const hint = folded ? ` (values are case-sensitive: write '${folded}')` : '';
  return `'mode' is ${describe(field.value)} but must be 'enforce', 'testing' or 'none'${hint}`;
}

function checkMaxAge(field: SingleField | undefined, unknownKeys: Set<string>): { value: number } | string {
  if (!field) return `there is no valid 'max_age' line${caseHint('max_age', unknownKeys)}`;
  // RFC 8461 §3.2: sts-policy-max-age-value = 1*10(DIGIT): no sign, decimal point, exponent or unit.
  if (!/^[0-9]{1,10}$/.test(field.value)) {
    return `'max_age' is ${describe(field.value)} but must be a whole number of seconds (1 to 10 digits)`;
  }
  const value = Number(field.value);
  // Decision (corpus: ambiguous, RFC says "maximum" without saying reject or cap): above the maximum is invalid.
  // Most implementations reject it; a checker should flag a value some senders refuse.
  if (value > MAX_AGE_MAX) {
    return `'max_age' is ${value}, above the maximum of ${MAX_AGE_MAX} seconds (one year)`;
  }
  return { value };
}

/** " ('Mode' is present, but …)" when a known key appears only with different letter case. */
function caseHint(key: string, unknownKeys: Set<string>): string {
  const variant = [...unknownKeys].find((k) => k.toLowerCase() === key);
  return variant
    ? ` (a ${show(variant)} line is present, but field names are case-sensitive: write '${key}')`
    : '';
}

function duplicateFindings(singles: Map<SingleKey, SingleField>): Finding[] {
  const out: Finding[] = [];
  for (const key of SINGLE_KEYS) {
    const field = singles.get(key);
    if (!field || field.ignored.length === 0) continue;
    out.push(
      finding(
        'policy.duplicate-key',
        'warning',
        `'${key}' appears ${field.ignored.length + 1} times. Senders use the first value, ${show(field.value)}, ` +
          `and ignore ${field.ignored.map(show).join(', ')}; some implementations reject the whole policy.`,
      ),
    );
  }
  return out;
}

function unknownKeyFinding(keys: string[]): Finding {
  const listed = keys.slice(0, 10).map(show).join(', ');
  const more = keys.length > 10 ? ` and ${keys.length - 10} more` : '';
  const miscased = keys.filter((k) => KNOWN_KEYS.includes(k.toLowerCase()));
  const hint =
    miscased.length > 0
      ? ` Field names are case-sensitive: ${miscased.map((k) => `${show(k)} is not '${k.toLowerCase()}'`).join(', ')}.`
      : '';
  return finding(
    'policy.unknown-key',
    'info',
    `Senders ignore these unknown fields: ${listed}${more}.${hint}`,
  );
}

function mxFinding(value: string, lineNo: number, mx: MxProblem): Finding {
  if (mx.uLabel) {
    return finding('policy.mx.u-label', 'error', `mx ${show(value)} on line ${lineNo} is ${mx.reason}.`);
  }
  return finding('policy.mx.invalid', 'error', `mx ${show(value)} on line ${lineNo} is ${mx.reason}.`);
}

function modeFinding(mode: PolicyMode): Finding {
  switch (mode) {
    case 'enforce':
      return finding(
        'policy.mode.enforce',
        'info',
        'Mode is enforce: senders that support MTA-STS deliver only to listed MX hosts with a valid certificate ' +
          'over TLS, and hold the mail otherwise.',
        'RFC 8461 §5',
      );
    case 'testing':
      return finding(
        'policy.mode.testing',
        'warning',
        'Mode is testing: senders report TLS problems (via TLS-RPT) but still deliver over unprotected ' +
          'connections, so mail is not protected against downgrade or interception yet.',
        'RFC 8461 §5',
      );
    case 'none':
      return finding(
        'policy.mode.none',
        'warning',
        'Mode is none: the policy is withdrawn and gives no protection; senders drop what they had cached.',
        'RFC 8461 §8.3',
      );
  }
}

function maxAgeFindings(maxAge: number, mode: PolicyMode): Finding[] {
  // Decision: with mode none a short max_age is what RFC 8461 §8.3 recommends when removing MTA-STS, so no
  // max_age advice is given for it.
  if (mode === 'none') return [];
  if (maxAge === 0) {
    return [
      finding(
        'policy.max-age.zero',
        'warning',
        'max_age is 0: senders cannot cache the policy, so an attacker who blocks the next policy fetch ' +
          'turns protection off. Use at least one day, ideally several weeks (e.g. 1209600).',
        'RFC 8461 §10.2',
      ),
    ];
  }
  if (maxAge < ONE_DAY) {
    return [
      finding(
        'policy.max-age.short',
        'warning',
        `max_age is ${formatSeconds(maxAge)}, under one day: cached policies expire quickly, ` +
          'so an attacker who blocks policy fetches can soon turn protection off. Use weeks (e.g. 1209600).',
        'RFC 8461 §10.2',
      ),
    ];
  }
  if (maxAge < TWO_WEEKS && mode === 'enforce') {
    return [
      finding(
        'policy.max-age.short',
        'info',
        `max_age is ${formatSeconds(maxAge)}. RFC 8461 expects "weeks or greater" so that ` +
          'cached policies outlast an attack on policy refresh; consider 1209600 (two weeks) or more.',
        'RFC 8461 §3.2, §10.2',
      ),
    ];
  }
  return [];
}

/** "8600 seconds (2.3 hours)", or just "30 seconds" below a minute. */
function formatSeconds(seconds: number): string {
  const units: [number, string][] = [
    [ONE_DAY, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size) {
      const n = Math.floor((seconds / size) * 10) / 10;
      return `${plural(seconds, 'second')} (${n} ${name}${n === 1 ? '' : 's'})`;
    }
  }
  return plural(seconds, 'second');
}

/** RFC 8461 §3.2 requires text/plain; a page starting with (or soon containing) HTML tags is a catch-all page. */
function looksLikeHtml(body: string): boolean {
  let start = 0;
  while (start < body.length && start < HTML_SNIFF_CHARS) {
    const c = body.charCodeAt(start);
    if (c === 0xfeff || c === 32 || c === 9 || c === 10 || c === 13) start++;
    else break;
  }
  const raw = body.slice(start, start + HTML_SNIFF_CHARS);
  // Every test below needs a '<'; plain-text policies have none, so they skip the lower-casing and regexes.
  if (!raw.includes('<')) return false;
  const head = raw.toLowerCase();
  if (head.startsWith('<!doctype') || head.startsWith('<?xml')) return true;
  return /<(?:html|head|body)[\s>/]/.test(head) || /^<(?:html|head|body)$/.test(head);
}

/** C0/C1 controls except TAB, LF, CR; DEL; BOM; U+FFFD; any surrogate (paired ones are sorted out later). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this regex's purpose.
const SUSPICIOUS_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff\ufffd\ud800-\udfff]/;

/** Looks for text that cannot come from a clean UTF-8 file; returns sentences, empty when the text is clean. */
function findEncodingProblems(body: string): string[] {
  // Fast path: one native scan; the detailed walk below only runs when something suspicious is present.
  if (!SUSPICIOUS_CHAR.test(body)) return [];
  type Kind = 'bom' | 'replacement' | 'control' | 'surrogate';
  const counts: Record<Kind, number> = { bom: 0, replacement: 0, control: 0, surrogate: 0 };
  const firstLine: Record<Kind, number> = { bom: 0, replacement: 0, control: 0, surrogate: 0 };
  let firstControl = 0;
  let line = 1;
  const note = (kind: Kind): void => {
    if (counts[kind]++ === 0) firstLine[kind] = line;
  };
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 10) {
      line++;
    } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      if (c !== 9 && c !== 13) {
        if (counts.control === 0) firstControl = c;
        note('control');
      }
    } else if (c < 0x7f) {
      // printable ASCII: the common case
    } else if (c === 0xfffd) {
      note('replacement');
    } else if (c === 0xfeff) {
      // Decision: a byte order mark is rejected. It turns the first key into "\uFEFFversion", which strict
      // senders do not recognise (corpus: mailauth strict), so it must not be accepted silently.
      note('bom');
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = body.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else note('surrogate');
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      note('surrogate');
    }
  }
  const out: string[] = [];
  if (counts.bom > 0) {
    out.push(
      firstLine.bom === 1 && body.charCodeAt(0) === 0xfeff
        ? 'it starts with a byte order mark (U+FEFF); save it as UTF-8 without BOM'
        : `it contains a byte order mark (U+FEFF) on line ${firstLine.bom}`,
    );
  }
  if (counts.replacement > 0) {
    out.push(
      `${plural(counts.replacement, 'byte sequence')} that are not valid UTF-8 (first on line ${firstLine.replacement})`,
    );
  }
  if (counts.control > 0) {
    const hex = firstControl.toString(16).toUpperCase().padStart(4, '0');
    out.push(`${plural(counts.control, 'control character')} (first U+${hex} on line ${firstLine.control})`);
  }
  if (counts.surrogate > 0) {
    out.push(
      `${plural(counts.surrogate, 'unpaired UTF-16 surrogate')} (first on line ${firstLine.surrogate})`,
    );
  }
  return out;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function invalid(problems: string[]): Finding {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).join('; ');
  const more =
    problems.length > MAX_LISTED_PROBLEMS ? `; and ${problems.length - MAX_LISTED_PROBLEMS} more` : '';
  return finding(
    'policy.invalid',
    'error',
    `The policy is invalid, so senders ignore it and MTA-STS does not protect this domain: ${listed}${more}.`,
  );
}

function finding(
  code: FindingCode,
  severity: Finding['severity'],
  message: string,
  rfc = RFC_POLICY,
): Finding {
  return { code, severity, message, rfc };
}

/** A value as the subject of "… is X": "empty" or the quoted value. */
function describe(value: string): string {
  return value === '' ? 'empty' : show(value);
}

/** Quotes a value for a message: single quotes, shortened, with TAB and CR made visible. */
function show(value: string): string {
  const cut = value.length > 60 ? `${value.slice(0, 57)}…` : value;
  return `'${cut.replace(/\t/g, '\\t').replace(/\r/g, '\\r')}'`;
}
