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
// One pass over the lines. A large policy is almost all `mx: host` lines, so those take a fast path
// (scanPlainMxLine): one table-driven scan over a byte copy of the body that validates the name, computes its
// hash for duplicate detection and ends at the line terminator. Every other line takes the general path, where
// regular expressions run on single values and backtrack at most one label's length per label (no nested
// ambiguous repetition). Strings are sliced, never built character by character; message text is only built for
// the problems actually shown. A 64 KiB body therefore costs one linear scan.

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

  // The encoding check (findEncodingProblems) is folded into the line loop below, so that a body of plain mx
  // lines is read only once. Its outcome is the same: a body it objects to gets only the encoding findings.

  const problems: string[] = [];
  // Line-level syntax problems, grouped by kind so an indented file yields one sentence, not one per line.
  const lineProblems = new Map<LineProblem, { first: string; more: number }>();
  const singles = new Map<SingleKey, SingleField>();
  // Sets keep insertion order, so findings list keys and names in the order they appear in the file.
  const unknownKeys = new Set<string>();
  // About one mx line per 8 characters is the densest a real file gets; a denser one just grows the table.
  const mx = new PatternSet(length >> 3);
  const mxFindings: Finding[] = [];
  let mxLines = 0;
  let mxInvalid = 0;
  const plainMx: PlainMxValue = { start: 0, end: 0, upperCase: false, hash: 0 };
  const codes = toAsciiCodes(body);

  let pos = 0;
  let lineNo = 0;
  let encodingChecked = false;
  let otherLines = 0;
  // The segment after a final terminator is not a line: RFC 8461 §3.2 makes the last sts-policy-term optional.
  while (pos < length) {
    lineNo++;
    // Fast path for the line that makes up nearly all of a large policy: `mx: host.example` in plain ASCII.
    const next = scanPlainMxLine(codes, pos, plainMx);
    if (next !== -1) {
      pos = next;
      mxLines++;
      const value = body.slice(plainMx.start, plainMx.end);
      // Host names compare case-insensitively (RFC 4343), so we store patterns lower-cased and drop repeats.
      mx.add(plainMx.upperCase ? value.toLowerCase() : value, plainMx.hash);
      continue;
    }

    let end = body.indexOf('\n', pos);
    if (end === -1) end = length;
    // RFC 8461 §3.2: sts-policy-term = LF / CRLF, so both endings (even mixed) are fine.
    const lineEnd = end > pos && body.charCodeAt(end - 1) === 13 && end < length ? end - 1 : end;
    const line = body.slice(pos, lineEnd);
    pos = end + 1;
    // Characters findEncodingProblems objects to can only be on lines outside the fast path (line terminators
    // are clean). Testing just those lines keeps a body of plain mx lines to one scan; after a few such lines,
    // one test of the whole body is cheaper. The regex is a prefilter: a paired surrogate matches it too.
    if (!encodingChecked && (otherLines++ >= 16 || SUSPICIOUS_CHAR.test(line))) {
      const encodingProblems = findEncodingProblems(body);
      if (encodingProblems.length > 0) return encodingFailure(encodingProblems);
      encodingChecked = true;
    }

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
      const pattern = normaliseMxPattern(value);
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
      mx.add(pattern, hashPattern(pattern));
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

/** Where scanPlainMxLine found the value; one object per parse, reused for every line. */
interface PlainMxValue {
  start: number;
  end: number;
  /** The value has A–Z and must be lower-cased. */
  upperCase: boolean;
  /** hashPattern of the lower-cased value, computed during the scan. */
  hash: number;
}

/**
 * Hash table storage shared by every PatternSet. Parsing is synchronous and one PatternSet is in use at a time,
 * so reusing the array is safe; it saves allocating and zeroing a fresh one, which costs a noticeable part of
 * parsing a large policy. Slot k is the pair at 2k and 2k + 1: 1 + an index into `patterns` (0 when the slot is
 * free), then that pattern's hash. Keeping the two together means one cache miss per probe, not two.
 */
let sharedTable = new Int32Array(0);
/** Tables are presized and kept for reuse up to this many slots (128 KiB); only a huge body needs more. */
const MAX_SHARED_SLOTS = 16384;

/**
 * The distinct mx patterns in first-seen order, plus the repeated ones. A Set<string> alone would do, but the
 * engine hashes every freshly sliced string on insertion, which costs more than scanning its line; so patterns
 * are found by hashPattern (computed during the scan) in an open-addressing table, and strings are compared only
 * when two hashes match.
 */
class PatternSet {
  readonly patterns: string[] = [];
  /** Sets keep insertion order, so the duplicate finding lists names in the order they appear in the file. */
  readonly duplicates = new Set<string>();
  /** Later patterns whose hash a different pattern already holds: rare, and still correct if a file provokes it. */
  private readonly collided = new Set<string>();
  private table = sharedTable;
  /** The table has 2^slotBits slots; a hash's first slot is the top slotBits bits of hash × 2^32/φ. */
  private slotBits = 6;
  private used = 0;

  /** Sized so that `expected` patterns fit without growing the table. */
  constructor(expected: number) {
    while (1 << this.slotBits < Math.min(expected * 2, MAX_SHARED_SLOTS)) this.slotBits++;
    this.claimTable();
  }

  /** `hash` must be hashPattern(pattern). */
  add(pattern: string, hash: number): void {
    const mask = (1 << this.slotBits) - 1;
    const table = this.table;
    let slot = Math.imul(hash, 0x9e3779b1) >>> (32 - this.slotBits);
    for (let entry = table[2 * slot] ?? 0; entry !== 0; entry = table[2 * slot] ?? 0) {
      if (table[2 * slot + 1] === hash) {
        if (this.patterns[entry - 1] === pattern || this.collided.has(pattern)) {
          this.duplicates.add(pattern);
        } else {
          this.collided.add(pattern);
          this.patterns.push(pattern);
        }
        return;
      }
      slot = (slot + 1) & mask;
    }
    // An indexed store, not push: V8 runs this loop about 10% faster with it.
    const index = this.patterns.length;
    this.patterns[index] = pattern;
    table[2 * slot] = index + 1;
    table[2 * slot + 1] = hash;
    // Keep the table at most half full so probe runs stay short.
    if (++this.used * 2 > mask) this.grow();
  }

  /** Sets up a table of 2^slotBits free slots, in the shared array when it fits there. */
  private claimTable(): void {
    const length = 2 << this.slotBits;
    if (length <= sharedTable.length) {
      sharedTable.fill(0, 0, length);
      this.table = sharedTable;
      return;
    }
    this.table = new Int32Array(length);
    if (length <= 2 * MAX_SHARED_SLOTS) sharedTable = this.table;
  }

  private grow(): void {
    const old = this.table.slice(0, 2 << this.slotBits);
    this.slotBits++;
    this.claimTable();
    const mask = (1 << this.slotBits) - 1;
    for (let k = 0; k < old.length; k += 2) {
      const entry = old[k] ?? 0;
      if (entry === 0) continue;
      const hash = old[k + 1] ?? 0;
      let slot = Math.imul(hash, 0x9e3779b1) >>> (32 - this.slotBits);
      while (this.table[2 * slot] !== 0) slot = (slot + 1) & mask;
      this.table[2 * slot] = entry;
      this.table[2 * slot + 1] = hash;
    }
  }
}

/** A 30-bit string hash (so it stays a small integer in every engine); scanPlainMxLine computes the same. */
function hashPattern(pattern: string): number {
  let hash = 0;
  for (let i = 0; i < pattern.length; i++) hash = ((hash << 5) - hash + pattern.charCodeAt(i)) | 0;
  return hash & 0x3fffffff;
}

/** Character classes for scanPlainMxLine, as bits. UPPER is 0x20 so that `c | UPPER` lower-cases an A–Z code. */
const HYPHEN = 1;
const DOT = 2;
/** Anything that cannot appear in a plain host name, including every non-ASCII character. */
const OTHER = 4;
/** Not a character: the end of the value, for the "forbidden after" bits. */
const END = 8;
const DIGIT = 16;
const UPPER = 32;
// RFC 5321 §4.1.2: labels are letters, digits and '-', start and end with a letter or digit, and are not empty.
const FORBIDDEN_AT_START = END | DOT | HYPHEN;
/**
 * For each ASCII code: its class in the low byte and, in the high byte, the classes that must not follow it
 * inside an mx value. Indexed by a byte (see toAsciiCodes), so it has 256 entries.
 */
const CHAR_INFO = new Uint16Array(256).fill(OTHER);
for (let c = 97; c <= 122; c++) CHAR_INFO[c] = 0;
for (let c = 65; c <= 90; c++) CHAR_INFO[c] = UPPER;
for (let c = 48; c <= 57; c++) CHAR_INFO[c] = DIGIT;
CHAR_INFO[45] = HYPHEN | ((END | DOT) << 8); // '-': a label does not end with '-'
CHAR_INFO[46] = DOT | (FORBIDDEN_AT_START << 8); // '.': starts a new label

/**
 * Recognises a line that the general path would accept as a valid mx field: `mx:` *WSP ["*."] Domain *WSP,
 * then LF, CRLF or the end of the body, with Domain in ASCII letters, digits, '-' and '.' obeying every rule of
 * normaliseMxPattern. Stores the value's bounds in `out` and returns where the next line starts, or returns -1
 * for any other line, which then takes the general path. Accepting only such lines keeps the outcome identical:
 * they contain no character findEncodingProblems objects to, and splitField plus normaliseMxPattern would return
 * the same value and pattern for them.
 */
function scanPlainMxLine(codes: Uint8Array, pos: number, out: PlainMxValue): number {
  const length = codes.length;
  // 109 'm', 120 'x', 58 ':'. The key is case-sensitive (RFC 8461 §3.2) and takes no whitespace before the colon.
  if (pos + 3 >= length || codes[pos] !== 109 || codes[pos + 1] !== 120 || codes[pos + 2] !== 58) return -1;
  // sts-policy-field-delim = ":" *WSP
  let i = pos + 3;
  while (i < length && isWsp(codes[i] ?? 0)) i++;
  const start = i;
  let hash = 0;
  if (i + 1 < length && codes[i] === 42 && codes[i + 1] === 46) {
    i += 2; // "*."
    hash = 42 * 31 + 46;
  }
  const domainStart = i;
  // Table lookups instead of a chain of comparisons: the loop has no data-dependent branch but its exit, which
  // matters when letters, digits and dots alternate unpredictably. Problems are collected in `bad`.
  let forbidden = FORBIDDEN_AT_START;
  let bad = 0;
  let seen = 0;
  for (; i < length; i++) {
    const c = codes[i] ?? 127;
    const info = CHAR_INFO[c] ?? OTHER;
    if (info === OTHER) break;
    bad |= forbidden & info;
    forbidden = info >> 8;
    seen |= info;
    hash = ((hash << 5) - hash + (c | (info & UPPER))) | 0;
  }
  const end = i;
  if ((bad | (forbidden & END)) !== 0) return -1;
  // The record allows *WSP at the end of each field; then RFC 8461 §3.2: sts-policy-term = LF / CRLF, or the end
  // of the body. Any other character (including a lone CR) sends the line to the general path.
  while (i < length && isWsp(codes[i] ?? 0)) i++;
  if (i < length) {
    if (codes[i] === 10) i++;
    else if (codes[i] === 13 && i + 1 < length && codes[i + 1] === 10) i += 2;
    else return -1;
  }
  // RFC 1035 §2.3.4: at most 253 characters, and labels of at most 63 (only possible in a longer name).
  const nameLength = end - domainStart;
  if (nameLength > 253 || (nameLength > 63 && hasLongLabel(codes, domainStart, end))) return -1;
  // RFC 3696 §2: the top-level label is never all-numeric.
  if ((seen & DIGIT) !== 0) {
    let j = end;
    while (j > domainStart && (CHAR_INFO[codes[j - 1] ?? 127] ?? OTHER) === DIGIT) j--;
    if (j === domainStart || codes[j - 1] === 46) return -1;
  }
  out.start = start;
  out.end = end;
  out.upperCase = (seen & UPPER) !== 0;
  out.hash = hash & 0x3fffffff;
  return i;
}

/** Whether the dot-separated name in codes[from, to) has a label longer than 63 characters (RFC 1035 §2.3.4). */
function hasLongLabel(codes: Uint8Array, from: number, to: number): boolean {
  let labelStart = from;
  for (let i = from; i <= to; i++) {
    if (i === to || codes[i] === 46) {
      if (i - labelStart > 63) return true;
      labelStart = i + 1;
    }
  }
  return false;
}

/**
 * Scratch buffer for toAsciiCodes, kept between calls (parsing is synchronous) unless a body is unusually large.
 * Reading bytes from it is about twice as fast as charCodeAt, which dispatches on the string's representation.
 */
let sharedCodes = new Uint8Array(0);
const MAX_SHARED_CODES = 1 << 20;
const ENCODER = new TextEncoder();

/**
 * The body's UTF-16 code units as bytes, with every code from 127 (DEL) up stored as 127: the fast path only
 * needs to tell ASCII host-name characters from anything else. For an ASCII body the UTF-8 encoder fills it
 * natively; only a body with other characters takes the slower loop.
 */
function toAsciiCodes(body: string): Uint8Array {
  let codes = sharedCodes;
  if (codes.length < body.length) {
    codes = new Uint8Array(body.length);
    if (body.length <= MAX_SHARED_CODES) sharedCodes = codes;
  }
  // A view of exactly the body's length lets the engine drop bounds checks in loops that stop at its length.
  codes = codes.subarray(0, body.length);
  const { read, written } = ENCODER.encodeInto(body, codes);
  if (read !== body.length || written !== body.length) {
    for (let i = 0; i < body.length; i++) codes[i] = Math.min(body.charCodeAt(i), 127);
  }
  return codes;
}

/**
 * Validates one mx value (`["*."] Domain`, RFC 8461 §3.2 with RFC 5321 §4.1.2 Domain) and returns it lower-cased.
 * `reason` completes the sentence "mx 'x' is …".
 */
export function parseMxPattern(value: string): MxPatternResult {
  const pattern = normaliseMxPattern(value);
  return pattern === null ? { ok: false, ...explainMxPattern(value) } : { ok: true, pattern };
}

/** Whether `value` is a valid mx pattern, in any letter case. */
export function isMxPattern(value: string): boolean {
  return normaliseMxPattern(value) !== null;
}

/** The lower-cased pattern when `value` is valid, else null. This alone decides validity (see explainMxPattern). */
function normaliseMxPattern(value: string): string | null {
  if (value.length > 255) return null;
  // A name ends with a letter or digit. Checking the commonest mistake, a trailing dot, up front spares the
  // regexes below their slowest case: failing at the very end after matching every label.
  const end = value.charCodeAt(value.length - 1);
  if (end === 46 || end === 45) return null;
  let pattern = value;
  // Lower-case names (the usual case) skip toLowerCase. The fallback tests the original, not its lower-cased form,
  // because toLowerCase maps some non-ASCII letters to ASCII (U+212A KELVIN SIGN becomes 'k').
  if (!MX_PATTERN.test(value)) {
    if (!MX_PATTERN_ANY_CASE.test(value)) return null;
    pattern = value.toLowerCase();
  }
  // RFC 3696 §2: top-level domains are never all-numeric; such a name is an address or a typo.
  const last = pattern.charCodeAt(pattern.length - 1);
  if (last >= 48 && last <= 57 && NUMERIC_LAST_LABEL.test(pattern)) return null;
  // RFC 1035 §2.3.4: at most 253 characters in presentation form without the final dot.
  return (pattern.startsWith('*.') ? pattern.length - 2 : pattern.length) <= 253 ? pattern : null;
}

type MxProblem = Omit<Extract<MxPatternResult, { ok: false }>, 'ok'>;

/** Says why an mx value failed isMxPattern; only called for invalid values, so speed does not matter here. */
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

/**
 * `["*."] Domain` with RFC 5321 labels of 1–63 characters. Labels cannot contain '.', so the repetition is
 * unambiguous and a failing match backtracks at most one label's length per label (no exponential blow-up).
 */
const MX_PATTERN =
  /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MX_PATTERN_ANY_CASE = new RegExp(MX_PATTERN.source, 'i');
const NUMERIC_LAST_LABEL = /(?:^|\.)[0-9]+$/;

/** Describes why `domain` (lower-case ASCII) is not an RFC 5321 Domain, or returns null when it is one. */
function domainProblem(domain: string): string | null {
  if (domain === '') return 'nothing follows the wildcard';
  if (domain.length > 253) return 'it is longer than 253 characters';
  const labels = domain.split('.');
  for (const label of labels) {
    if (label === '') return 'it has an empty label (two dots in a row, or a leading dot)';
    if (label.length > 63) return `the label ${show(label)} is longer than 63 characters`;
    // RFC 5321 §4.1.2: sub-domain = Let-dig [Ldh-str]; Ldh-str ends with Let-dig.
    if (!/^[a-z0-9-]+$/.test(label))
      return `the label ${show(label)} contains characters other than a-z, 0-9 and '-'`;
    if (label.startsWith('-') || label.endsWith('-'))
      return `the label ${show(label)} starts or ends with '-'`;
  }
  // RFC 3696 §2, as in isMxPattern.
  const last = labels[labels.length - 1] ?? '';
  if (/^[0-9]+$/.test(last)) return 'its last label is numeric, so it cannot be a host name';
  return null;
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

function finding(code: string, severity: Finding['severity'], message: string, rfc = RFC_POLICY): Finding {
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
