// The one escaper for untrusted text. Everything the checked domain controls (TXT records, host names, policy
// bodies, server headers and messages quoting them) may hold characters that act instead of showing:
// - C0/C1 controls and DEL: terminal escapes (ESC/CSI colours, OSC window titles), text hidden by CR;
// - bidi overrides, embeddings, isolates and marks (U+202A–202E, U+2066–2069, U+200E/200F, U+061C): an MX
//   target "\u202Emoc.elgoog.xm" displays as "mx.google.com";
// - zero-width and other invisible format characters (U+200B–200D, U+2060–2064, U+FEFF, U+00AD, tags…) and
//   the line/paragraph separators U+2028/2029.
// Every output (CLI text, Markdown, CSV, JSON, the popup and audit views) goes through the functions below.

/**
 * Characters that never show as themselves: Unicode Cc (controls) and Cf (format: bidi, zero-width, BOM,
 * soft hyphen, tags…), plus the line and paragraph separators. TAB and LF are decided by the caller.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
const UNSAFE_TEST = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

export interface EscapeOptions {
  /** Keep TAB and LF as they are (multi-line text such as a policy body). Default true. */
  keepLineBreaks?: boolean;
  /** Keep CR as well, when the caller turns line ends into LF itself. Default false. */
  keepCarriageReturn?: boolean;
}

/** Whether the text holds a character the escapers change (TAB, LF and CR included). */
export function hasUnsafeCharacters(text: string): boolean {
  return UNSAFE_TEST.test(text);
}

/** \xNN below U+0100, \uNNNN in the BMP, \u{NNNNN} above: readable, and never the character itself. */
export function escapeSequence(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `\\u{${code.toString(16).toUpperCase()}}`;
}

/** The name a view shows in place of an invisible character, e.g. ⟨U+202E⟩. */
export function visibleName(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

function keeps(char: string, options: EscapeOptions): boolean {
  if (char === '\t' || char === '\n') return options.keepLineBreaks ?? true;
  if (char === '\r') return options.keepCarriageReturn ?? false;
  return false;
}

/** Untrusted text for plain-text outputs (terminal, Markdown, CSV): unsafe characters become \x1b, \u202E… */
export function escapeUntrusted(text: string, options: EscapeOptions = {}): string {
  return String(text).replace(UNSAFE, (c) => (keeps(c, options) ? c : escapeSequence(c)));
}

/** Untrusted text on one line: TAB, LF and CR escaped too (host names, table cells, terminal lines). */
export function escapeUntrustedLine(text: string): string {
  return escapeUntrusted(text, { keepLineBreaks: false });
}

/**
 * JSON in which no unsafe character travels raw: JSON.stringify already escapes C0; C1, DEL, bidi, zero-width
 * and format characters become \uXXXX escapes too (surrogate pairs above the BMP). The parsed value is
 * unchanged; only the serialised text is safe to print or paste.
 */
export function toSafeJson(value: unknown, space?: number): string {
  return (JSON.stringify(value, null, space) ?? 'null').replace(UNSAFE, (c) => {
    // Raw LF/TAB/CR in JSON.stringify's output are its own indentation: inside strings they are escaped.
    if (c === '\n' || c === '\t' || c === '\r') return c;
    let out = '';
    for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
  });
}

export type TextPart = { kind: 'text'; text: string } | { kind: 'hidden'; char: string; name: string };

/**
 * Untrusted text split for a view: plain runs, and each invisible character on its own so it can be shown
 * visibly (⟨U+202E⟩) instead of acting. LF and TAB stay text when `keepLineBreaks` (the default).
 */
export function splitUntrusted(text: string, options: EscapeOptions = {}): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  const input = String(text);
  for (const match of input.matchAll(UNSAFE)) {
    const char = match[0];
    if (keeps(char, options)) continue;
    const at = match.index ?? 0;
    if (at > last) parts.push({ kind: 'text', text: input.slice(last, at) });
    parts.push({ kind: 'hidden', char, name: visibleName(char) });
    last = at + char.length;
  }
  if (last < input.length) parts.push({ kind: 'text', text: input.slice(last) });
  return parts;
}

/** The text a view shows: every invisible character replaced by its visible name (for titles, attributes). */
export function showUntrusted(text: string, options: EscapeOptions = {}): string {
  return splitUntrusted(text, options)
    .map((p) => (p.kind === 'text' ? p.text : p.name))
    .join('');
}

/** How much network text a finding message quotes: enough to recognise it, never tens of kilobytes. */
export const QUOTE_LIMIT = 200;

/**
 * Network text quoted in a sentence, cut at `limit` characters with "… (N more bytes)" so a hostile record
 * cannot turn one message into 90 KB. The count is in UTF-8 bytes of what was left out.
 */
export function quoteUntrusted(text: string, limit = QUOTE_LIMIT): string {
  const input = String(text);
  if (input.length <= limit) return input;
  // Never cut a surrogate pair in half.
  let end = limit;
  const code = input.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  const rest = new TextEncoder().encode(input.slice(end)).length;
  return `${input.slice(0, end)}… (${rest} more bytes)`;
}

/**
 * A list of network names quoted in a sentence: at most `max` of them, then "and N more".
 */
export function quoteList(items: readonly string[], max = 10, limit = QUOTE_LIMIT): string {
  const shown = items.slice(0, max).map((i) => quoteUntrusted(i, limit));
  const more = items.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}
