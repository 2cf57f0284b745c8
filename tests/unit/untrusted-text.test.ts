// One escaper for every output: nothing the checked domain controls reaches a terminal, a Markdown copy, a
// spreadsheet or a JSON file as a raw control, bidi or invisible character.
import { describe, expect, it } from 'vitest';
import { createAuditRow } from '../../lib/audit/audit-row';
import { createCsvExport, createJsonExport } from '../../lib/audit/export';
import { createReportMarkdown } from '../../lib/report/markdown';
import { createReportText } from '../../lib/report/text';
import {
  escapeUntrusted,
  escapeUntrustedLine,
  quoteList,
  quoteUntrusted,
  showUntrusted,
  splitUntrusted,
  toSafeJson,
} from '../../lib/untrusted-text';
import { createSpoofedReport, findRawSpoofCharacter, SPOOF_CHARACTERS } from '../support/report-fixtures';

describe.each(SPOOF_CHARACTERS)('%s in every network-derived field', (_name, evil) => {
  const report = createSpoofedReport(evil);

  it.each([
    ['the terminal text', () => createReportText(report), '\n'],
    ['the Markdown copy', () => createReportMarkdown(report), '\n'],
    ['the CSV export', () => createCsvExport([createAuditRow(report)]), '\r\n'],
    ['the JSON export', () => createJsonExport([report]), '\n '],
    ['JSON of the report', () => toSafeJson(report, 2), '\n '],
  ])('never reaches %s raw', (_output, render, allowed) => {
    expect(findRawSpoofCharacter(render(), allowed)).toBeNull();
  });

  it('keeps the JSON value intact: parsing gives back the original text', () => {
    expect(JSON.parse(toSafeJson(report))).toEqual(report);
  });

  it('shows the MX host visibly in the terminal text, so the spoof is seen', () => {
    expect(createReportText(report)).toContain(`MX 10 ${escapeUntrustedLine(evil)}moc.elgoog.xm`);
  });
});

describe('escapeUntrusted', () => {
  it.each([
    ['ESC', '\u001b[31mred', '\\x1b[31mred'],
    ['OSC with BEL', '\u001b]0;title\u0007', '\\x1b]0;title\\x07'],
    ['C1 CSI', '\u009b2J', '\\x9b2J'],
    ['DEL', 'a\u007fb', 'a\\x7fb'],
    ['right-to-left override', '\u202Emoc.elgoog.xm', '\\u202Emoc.elgoog.xm'],
    ['isolates', '\u2066a\u2069', '\\u2066a\\u2069'],
    ['zero width space', 'pay\u200Bpal', 'pay\\u200Bpal'],
    ['byte order mark', '\uFEFFx', '\\uFEFFx'],
    ['a tag character (above the BMP)', 'a\u{E0041}', 'a\\u{E0041}'],
    ['line separator', 'a\u2028b', 'a\\u2028b'],
    ['CR', 'a\rb', 'a\\x0db'],
    ['TAB and LF, which stay', 'a\tb\nc', 'a\tb\nc'],
    ['plain IDN text, which stays', 'bücher.example', 'bücher.example'],
  ])('%s', (_name, input, expected) => {
    expect(escapeUntrusted(input)).toBe(expected);
  });

  it('escapes line breaks too for one-line fields', () => {
    expect(escapeUntrustedLine('a\nb\tc')).toBe('a\\x0ab\\x09c');
  });
});

describe('splitUntrusted and showUntrusted (the views)', () => {
  it('splits text around each invisible character, naming it', () => {
    expect(splitUntrusted('a\u202Eb')).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'hidden', char: '\u202E', name: '⟨U+202E⟩' },
      { kind: 'text', text: 'b' },
    ]);
  });

  it.each([
    ['\u202Emoc.elgoog.xm', '⟨U+202E⟩moc.elgoog.xm'],
    ['\u001b[31m', '⟨U+001B⟩[31m'],
    ['plain', 'plain'],
    ['two\nlines', 'two\nlines'],
  ])('shows %j as %j', (input, shown) => {
    expect(showUntrusted(input)).toBe(shown);
  });
});

describe('quoteUntrusted', () => {
  it.each([
    ['short text stays whole', 'abc', 10, 'abc'],
    ['long text is cut with the bytes left out', 'a'.repeat(15), 10, `${'a'.repeat(10)}… (5 more bytes)`],
    ['multi-byte characters count in bytes', `${'a'.repeat(10)}ééé`, 10, `${'a'.repeat(10)}… (6 more bytes)`],
    ['a surrogate pair is never split', `${'a'.repeat(9)}😀b`, 10, `${'a'.repeat(9)}… (5 more bytes)`],
  ])('%s', (_name, input, limit, expected) => {
    expect(quoteUntrusted(input, limit)).toBe(expected);
  });

  it('lists at most the given number of items, then says how many more', () => {
    expect(quoteList(['a', 'b', 'c', 'd'], 2)).toBe('a, b and 2 more');
    expect(quoteList(['a', 'b'], 2)).toBe('a, b');
  });
});
