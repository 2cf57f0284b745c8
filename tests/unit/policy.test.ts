import { describe, expect, it } from 'vitest';
import { getCodeInfo } from '../../lib/catalog/index';
import { MAX_AGE_MAX } from '../../lib/mta-sts/grammar';
import { type PolicyParseResult, parseMxPattern, parsePolicy } from '../../lib/mta-sts/policy';
import type { Finding } from '../../lib/report/types';

const VALID = ['version: STSv1', 'mode: enforce', 'mx: mail.example.com', 'max_age: 1209600'];

function body(lines: string[], eol = '\n', trailing = true): string {
  return lines.join(eol) + (trailing ? eol : '');
}

/** The VALID policy with the line starting with `key:` replaced (or removed when `line` is null). */
function withLine(key: string, line: string | null): string {
  const lines = VALID.flatMap((l) => (l.startsWith(`${key}:`) ? (line === null ? [] : [line]) : [l]));
  return body(lines);
}

function codes(result: PolicyParseResult): string[] {
  return result.findings.map((f) => f.code);
}

function only(result: PolicyParseResult, code: string): Finding {
  const found = result.findings.filter((f) => f.code === code);
  expect(found, `findings with code ${code}`).toHaveLength(1);
  return found[0] as Finding;
}

function invalidMessage(result: PolicyParseResult): string {
  expect(result.ok).toBe(false);
  const f = only(result, 'policy.invalid');
  expect(f.severity).toBe('error');
  return f.message;
}

describe('parsePolicy: valid policies', () => {
  it.each([
    ['LF line endings', body(VALID, '\n')],
    ['CRLF line endings', body(VALID, '\r\n')],
    [
      'mixed LF and CRLF line endings',
      'version: STSv1\r\nmode: enforce\nmx: mail.example.com\r\nmax_age: 1209600\n',
    ],
    ['no final line ending (LF)', body(VALID, '\n', false)],
    ['no final line ending (CRLF)', body(VALID, '\r\n', false)],
    ['no space after the colon', 'version:STSv1\nmode:enforce\nmx:mail.example.com\nmax_age:1209600'],
    [
      'tabs and spaces after the colon',
      'version:\tSTSv1\nmode: \t enforce\nmx:\t\tmail.example.com\nmax_age:  1209600',
    ],
    [
      'trailing spaces and tabs after values',
      'version: STSv1 \nmode: enforce\t\nmx: mail.example.com \t\nmax_age: 1209600  ',
    ],
    ['fields in another order', 'max_age: 1209600\nmx: mail.example.com\nmode: enforce\nversion: STSv1\n'],
  ])('accepts %s', (_name, text) => {
    const result = parsePolicy(text);
    expect(result).toMatchObject({
      ok: true,
      policy: { version: 'STSv1', mode: 'enforce', mx: ['mail.example.com'], maxAge: 1209600 },
    });
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it.each([
    ['mode none without mx', 'version: STSv1\nmode: none\nmax_age: 86400\n', 'none', [], 86400],
    [
      'mode none with mx',
      'version: STSv1\nmode: none\nmx: a.example\nmax_age: 86400\n',
      'none',
      ['a.example'],
      86400,
    ],
    [
      'mode testing',
      'version: STSv1\nmode: testing\nmx: a.example\nmax_age: 86400\n',
      'testing',
      ['a.example'],
      86400,
    ],
    ['max_age 0', 'version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 0\n', 'enforce', ['a.example'], 0],
    [
      'max_age at the maximum',
      `version: STSv1\nmode: enforce\nmx: a.example\nmax_age: ${MAX_AGE_MAX}\n`,
      'enforce',
      ['a.example'],
      MAX_AGE_MAX,
    ],
    [
      'max_age with 10 digits and leading zeros',
      'version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 0000000060\n',
      'enforce',
      ['a.example'],
      60,
    ],
    [
      'several mx lines, kept in order',
      'version: STSv1\nmode: enforce\nmx: b.example\nmx: *.a.example\nmx: c.example\nmax_age: 60\n',
      'enforce',
      ['b.example', '*.a.example', 'c.example'],
      60,
    ],
    [
      'mx in upper case (stored lower-cased)',
      'version: STSv1\nmode: enforce\nmx: MX.Example.COM\nmx: *.EXAMPLE.net\nmax_age: 60\n',
      'enforce',
      ['mx.example.com', '*.example.net'],
      60,
    ],
    [
      'repeated mx differing only in case (kept once)',
      'version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.example.net\nmx: MAIL.example.com\nmax_age: 60\n',
      'enforce',
      ['mail.example.com', '*.example.net'],
      60,
    ],
    ['a single-label mx', 'version: STSv1\nmode: enforce\nmx: mx\nmax_age: 60\n', 'enforce', ['mx'], 60],
    [
      'an A-label mx',
      'version: STSv1\nmode: enforce\nmx: xn--mnchen-3ya.example\nmax_age: 60\n',
      'enforce',
      ['xn--mnchen-3ya.example'],
      60,
    ],
    [
      'extension fields with spaces, punctuation and UTF-8 in the value',
      'version: STSv1\nmode: none\nmax_age: 60\nmore: ext e  ns ion\nx-note: a=b; c:d\nlang.de: Grüße 👋\n',
      'none',
      [],
      60,
    ],
  ])('accepts %s', (_name, text, mode, mx, maxAge) => {
    expect(parsePolicy(text)).toMatchObject({ ok: true, policy: { version: 'STSv1', mode, mx, maxAge } });
  });

  it('reports repeated mx entries once, as info', () => {
    const result = parsePolicy(
      'version: STSv1\nmode: enforce\nmx: a.example\nmx: A.example\nmx: a.example\nmax_age: 60\n',
    );
    const f = only(result, 'policy.mx.duplicate');
    expect(f.severity).toBe('info');
    expect(f.message).toContain("'a.example'");
  });
});

describe('parsePolicy: invalid policies name the exact problem', () => {
  it.each([
    ['missing version', withLine('version', null), "no valid 'version: STSv1' line"],
    ['missing mode', withLine('mode', null), "no valid 'mode' line"],
    ['missing max_age', withLine('max_age', null), "no valid 'max_age' line"],
    ['enforce without mx', withLine('mx', null), "mode 'enforce' requires at least one 'mx' line"],
    [
      'testing without mx',
      body(['version: STSv1', 'mode: testing', 'max_age: 60']),
      "mode 'testing' requires",
    ],
    ['version STSv2', withLine('version', 'version: STSv2'), "'version' is 'STSv2' but must be 'STSv1'"],
    ['version STSv10', withLine('version', 'version: STSv10'), "'version' is 'STSv10'"],
    ['version in lower case', withLine('version', 'version: stsv1'), "case-sensitive: write 'STSv1'"],
    ['mode Enforce (case-sensitive)', withLine('mode', 'mode: Enforce'), "'mode' is 'Enforce'"],
    ['mode ENFORCE with a hint', withLine('mode', 'mode: ENFORCE'), "case-sensitive: write 'enforce'"],
    ['unknown mode', withLine('mode', 'mode: reject'), "must be 'enforce', 'testing' or 'none'"],
    ['empty mode', withLine('mode', 'mode:'), "'mode' is empty"],
    [
      'key MODE in upper case',
      withLine('mode', 'MODE: enforce'),
      "a 'MODE' line is present, but field names are case-sensitive",
    ],
    ['key Max_Age in mixed case', withLine('max_age', 'Max_Age: 60'), "a 'Max_Age' line is present"],
    ['key MX in upper case', withLine('mx', 'MX: mail.example.com'), "a 'MX' line is present"],
    [
      'whitespace before the colon',
      withLine('mode', 'mode : enforce'),
      "whitespace before the colon after 'mode'",
    ],
    ['max_age with 11 digits', withLine('max_age', 'max_age: 00000000060'), "'max_age' is '00000000060'"],
    ['negative max_age', withLine('max_age', 'max_age: -1'), 'whole number of seconds (1 to 10 digits)'],
    ['max_age with a plus sign', withLine('max_age', 'max_age: +5'), "'max_age' is '+5'"],
    ['max_age in exponent notation', withLine('max_age', 'max_age: 1e3'), "'max_age' is '1e3'"],
    ['fractional max_age', withLine('max_age', 'max_age: 12.5'), "'max_age' is '12.5'"],
    ['hexadecimal max_age', withLine('max_age', 'max_age: 0x10'), "'max_age' is '0x10'"],
    ['max_age with a unit', withLine('max_age', 'max_age: 100days'), "'max_age' is '100days'"],
    ['max_age with an inner space', withLine('max_age', 'max_age: 5 5'), "'max_age' is '5 5'"],
    ['empty max_age', withLine('max_age', 'max_age:'), "'max_age' is empty"],
    [
      'max_age one above the maximum',
      withLine('max_age', 'max_age: 31557601'),
      "'max_age' is 31557601, above the maximum",
    ],
    ['max_age of ten nines', withLine('max_age', 'max_age: 9999999999'), 'above the maximum of 31557600'],
    ['a leading blank line', `\n${body(VALID)}`, 'line 1 is empty'],
    [
      'a blank line between fields',
      'version: STSv1\n\nmode: enforce\nmx: a.example\nmax_age: 60\n',
      'line 2 is empty',
    ],
    ['an extra blank line at the end (LF)', `${body(VALID)}\n`, 'line 5 is empty'],
    ['an extra blank line at the end (CRLF)', `${body(VALID, '\r\n')}\r\n`, 'line 5 is empty'],
    ['a whitespace-only line', `${body(VALID)}   \n`, 'line 5 contains only whitespace'],
    ['a whitespace-only last line without terminator', `${body(VALID)}\t`, 'line 5 contains only whitespace'],
    [
      'an indented field',
      withLine('mode', '  mode: enforce'),
      "line 2 ('  mode: enforce') starts with whitespace",
    ],
    [
      'a tab-indented field',
      withLine('mode', '\tmode: enforce'),
      "line 2 ('\\tmode: enforce') starts with whitespace",
    ],
    [
      'a line that is not key: value',
      `${body(VALID)}this is not a field\n`,
      "line 5 ('this is not a field') is not a 'key: value' field",
    ],
    [
      'a line without colon',
      withLine('mode', 'mode none'),
      "line 2 ('mode none') is not a 'key: value' field",
    ],
    [
      'CR-only line endings',
      'version: STSv1\rmode: enforce\rmx: a.example\rmax_age: 60\r',
      'carriage return (CR) without a line feed',
    ],
    ['a bare CR at the end without LF', `${body(VALID, '\n', false)}\r`, 'line 4 contains a carriage return'],
    ['an empty field name', `${body(VALID)}: 8600\n`, "line 5 has an invalid field name ''"],
    ['a field name starting with _', `${body(VALID)}_bad: test\n`, "invalid field name '_bad'"],
    [
      'a field name longer than 32 characters',
      `${body(VALID)}a12345678901234567890123456789012: 1\n`,
      'invalid field name',
    ],
    ['an extension with an empty value', `${body(VALID)}ext:\n`, "field 'ext' on line 5 has an empty value"],
    [
      'an extension value with an inner TAB',
      `${body(VALID)}ext: a\tb\n`,
      "field 'ext' on line 5 has a value with a TAB",
    ],
    ['an empty body', '', 'the file is empty'],
    ['a body of line breaks only', '\r\n\n', 'the file is empty'],
    ['garbage', 'garbage', "line 1 ('garbage') is not a 'key: value' field"],
  ])('rejects %s', (_name, text, problem) => {
    expect(invalidMessage(parsePolicy(text))).toContain(problem);
  });

  it('lists several problems in one policy.invalid finding', () => {
    const message = invalidMessage(parsePolicy('version: STSv2\nmode: Enforce\nmax_age: soon\n'));
    expect(message).toContain("'version' is 'STSv2'");
    expect(message).toContain("'mode' is 'Enforce'");
    expect(message).toContain("'max_age' is 'soon'");
  });

  it('groups repeated line problems of one kind into one sentence', () => {
    const message = invalidMessage(parsePolicy('  version: STSv1\n  mode: none\n  max_age: 60\n'));
    expect(message).toContain("line 1 ('  version: STSv1') starts with whitespace");
    expect(message).toContain('(and 2 more lines like it)');
  });

  it('summarises beyond eight problems', () => {
    const text = Array.from({ length: 12 }, (_, i) => `mx: bad_${i}.example`).join('\n');
    expect(invalidMessage(parsePolicy(text))).toMatch(/; and \d+ more\.$/);
  });

  it('does not emit mode or max_age advice for an invalid policy', () => {
    const result = parsePolicy('version: STSv1\nmode: testing\nmax_age: 60\n');
    expect(codes(result)).not.toContain('policy.mode.testing');
    expect(codes(result)).not.toContain('policy.max-age.short');
  });
});

describe('parsePolicy: mx entries', () => {
  it.each([
    ['foo*.example.com', 'policy.mx.invalid', "using '*' in the wrong place"],
    ['service-*.example.com', 'policy.mx.invalid', "using '*' in the wrong place"],
    ['*.*.example.com', 'policy.mx.invalid', "using '*' in the wrong place"],
    ['**.example', 'policy.mx.invalid', "using '*' in the wrong place"],
    ['*', 'policy.mx.invalid', "using '*' in the wrong place"],
    ['*.', 'policy.mx.invalid', 'nothing follows the wildcard'],
    ['mail.example.com.', 'policy.mx.invalid', "trailing dot; remove it ('mail.example.com')"],
    ['*.example.com.', 'policy.mx.invalid', "trailing dot; remove it ('*.example.com')"],
    ['-mail.example.com', 'policy.mx.invalid', "the label '-mail' starts or ends with '-'"],
    ['test.example-', 'policy.mx.invalid', "the label 'example-' starts or ends with '-'"],
    ['mail_x.example.com', 'policy.mx.invalid', "the label 'mail_x' contains characters other than"],
    ['mail.example.com/25', 'policy.mx.invalid', 'contains characters other than'],
    ['@@@@', 'policy.mx.invalid', 'contains characters other than'],
    ['192.0.2.1', 'policy.mx.invalid', 'an IP address'],
    ['2001:db8::1', 'policy.mx.invalid', 'an IP address'],
    ['[192.0.2.1]', 'policy.mx.invalid', 'an IP address'],
    ['mail.example.123', 'policy.mx.invalid', 'last label is numeric'],
    ['a..example', 'policy.mx.invalid', 'empty label'],
    ['.example.com', 'policy.mx.invalid', 'empty label'],
    [`${'a'.repeat(64)}.example`, 'policy.mx.invalid', 'longer than 63 characters'],
    [`${'abcdefghi.'.repeat(25)}example`, 'policy.mx.invalid', 'longer than 253 characters'],
    [
      `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`,
      'policy.mx.invalid',
      'longer than 253',
    ],
    [
      `*.${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`,
      'policy.mx.invalid',
      'longer than 253',
    ],
    ['münchen.example', 'policy.mx.u-label', "A-label form ('xn--mnchen-3ya.example')"],
    ['*.münchen.example', 'policy.mx.u-label', "A-label form ('*.xn--mnchen-3ya.example')"],
    ['møx.example', 'policy.mx.u-label', 'Unicode (U-label) form'],
    ['\u212Aelvin.example', 'policy.mx.u-label', 'Unicode (U-label) form'],
  ])('rejects mx %s and names it', (value, code, reason) => {
    const result = parsePolicy(withLine('mx', `mx: ${value}`));
    const f = only(result, code);
    expect(f.severity).toBe('error');
    expect(f.message).toContain(`mx '${value.length > 60 ? value.slice(0, 57) : value}`);
    expect(f.message).toContain(reason);
    expect(invalidMessage(result)).toContain(reason);
  });

  it.each([
    ['an empty mx value', 'mx:', 'empty'],
    ['an mx value of spaces only', 'mx:   ', 'empty'],
  ])('rejects %s', (_name, line, reason) => {
    const result = parsePolicy(withLine('mx', line));
    expect(only(result, 'policy.mx.invalid').message).toContain(reason);
    expect(result.ok).toBe(false);
  });

  it.each([
    ['enforce', 'version: STSv1\nmode: enforce\nmx: good.example\nmx: bad_host.example\nmax_age: 60\n'],
    ['testing', 'version: STSv1\nmode: testing\nmx: good.example\nmx: good.example.\nmax_age: 60\n'],
    ['none', 'version: STSv1\nmode: none\nmx: møx.example\nmax_age: 60\n'],
  ])('treats one invalid mx as an invalid policy even next to valid ones (mode %s)', (_mode, text) => {
    expect(parsePolicy(text).ok).toBe(false);
  });

  it('gives the first 20 invalid mx entries their own finding and summarises the rest', () => {
    const lines = ['version: STSv1', 'mode: enforce', 'max_age: 60'];
    for (let i = 0; i < 25; i++) lines.push(`mx: bad_${i}.example`);
    const result = parsePolicy(body(lines));
    const mx = result.findings.filter((f) => f.code === 'policy.mx.invalid');
    expect(mx).toHaveLength(21);
    expect(mx[20]?.message).toContain('5 more mx entries');
  });

  it.each([
    ['mx', 'mx'],
    ['MX.Example.COM', 'mx.example.com'],
    ['*.EXAMPLE.com', '*.example.com'],
    ['xn--mnchen-3ya.example', 'xn--mnchen-3ya.example'],
    ['123.example.com', '123.example.com'],
    [`${'a'.repeat(63)}.example`, `${'a'.repeat(63)}.example`],
    [
      `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`,
      `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`,
    ],
    [
      `*.${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`,
      `*.${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`,
    ],
    ['a-b--c.example', 'a-b--c.example'],
  ])('parseMxPattern accepts %s as %s', (value, pattern) => {
    expect(parseMxPattern(value)).toEqual({ ok: true, pattern });
  });
});

describe('parsePolicy: repeated and unknown fields', () => {
  it.each([
    [
      'mode',
      'version: STSv1\nmode: enforce\nmode: none\nmx: a.example\nmax_age: 60\n',
      { mode: 'enforce' },
      "'enforce'",
      "'none'",
    ],
    [
      'mode',
      'version: STSv1\nmode: testing\nmode: enforced\nmx: a.example\nmax_age: 60\n',
      { mode: 'testing' },
      "'testing'",
      "'enforced'",
    ],
    [
      'max_age',
      'version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 100\nmax_age: garbage\n',
      { maxAge: 100 },
      "'100'",
      "'garbage'",
    ],
    [
      'max_age',
      'version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 604800\nmax_age: 1\n',
      { maxAge: 604800 },
      "'604800'",
      "'1'",
    ],
    [
      'version',
      'version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 60\nversion: STSv2\n',
      { version: 'STSv1' },
      "'STSv1'",
      "'STSv2'",
    ],
  ])('keeps the first %s and warns, naming both values', (key, text, expected, first, later) => {
    const result = parsePolicy(text);
    expect(result).toMatchObject({ ok: true, policy: expected });
    const f = only(result, 'policy.duplicate-key');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain(`'${key}' appears 2 times`);
    expect(f.message).toContain(first);
    expect(f.message).toContain(later);
  });

  it('stays invalid when the first of two versions is wrong', () => {
    const result = parsePolicy('version: STSv2\nversion: STSv1\nmode: enforce\nmx: a.example\nmax_age: 60\n');
    expect(invalidMessage(result)).toContain("'version' is 'STSv2'");
    expect(codes(result)).toContain('policy.duplicate-key');
  });

  it('lists every unknown field once in a single info finding', () => {
    const result = parsePolicy(`${body(VALID)}foo: 1\nbar_baz: 2\nfoo: 3\n`);
    expect(result.ok).toBe(true);
    const f = only(result, 'policy.unknown-key');
    expect(f.severity).toBe('info');
    expect(f.message).toBe("Senders ignore these unknown fields: 'foo', 'bar_baz'.");
  });

  it('points out an unknown field that is a known one in the wrong case', () => {
    const result = parsePolicy(`${body(VALID)}Mode: testing\n`);
    expect(result.ok).toBe(true);
    expect(only(result, 'policy.unknown-key').message).toContain("'Mode' is not 'mode'");
  });
});

describe('parsePolicy: mode and max_age findings', () => {
  it.each([
    ['enforce', 'policy.mode.enforce', 'info'],
    ['testing', 'policy.mode.testing', 'warning'],
    ['none', 'policy.mode.none', 'warning'],
  ])('reports mode %s as %s (%s)', (mode, code, severity) => {
    const result = parsePolicy(withLine('mode', `mode: ${mode}`));
    expect(only(result, code).severity).toBe(severity);
  });

  it.each([
    ['enforce', 0, 'policy.max-age.zero', 'warning'],
    ['enforce', 1, 'policy.max-age.short', 'warning'],
    ['enforce', 3600, 'policy.max-age.short', 'warning'],
    ['enforce', 86399, 'policy.max-age.short', 'warning'],
    ['enforce', 86400, 'policy.max-age.short', 'info'],
    ['enforce', 1209599, 'policy.max-age.short', 'info'],
    ['testing', 0, 'policy.max-age.zero', 'warning'],
    ['testing', 86399, 'policy.max-age.short', 'warning'],
  ])('mode %s with max_age %i gives %s (%s)', (mode, maxAge, code, severity) => {
    const result = parsePolicy(
      body(['version: STSv1', `mode: ${mode}`, 'mx: a.example', `max_age: ${maxAge}`]),
    );
    expect(result.ok).toBe(true);
    const f = only(result, code);
    expect(f.severity).toBe(severity);
    expect(f.message).toContain(`max_age is ${maxAge}`);
    expect(result.findings.filter((x) => x.code.startsWith('policy.max-age.'))).toHaveLength(1);
  });

  it.each([
    ['enforce', 1209600],
    ['enforce', MAX_AGE_MAX],
    ['testing', 86400],
    ['testing', 1209599],
    ['none', 0],
    ['none', 60],
  ])('mode %s with max_age %i gives no max_age finding', (mode, maxAge) => {
    const result = parsePolicy(
      body(['version: STSv1', `mode: ${mode}`, 'mx: a.example', `max_age: ${maxAge}`]),
    );
    expect(result.ok).toBe(true);
    expect(codes(result).filter((c) => c.startsWith('policy.max-age.'))).toEqual([]);
  });

  it('gives the short max_age in human units', () => {
    const result = parsePolicy(withLine('max_age', 'max_age: 604800'));
    expect(only(result, 'policy.max-age.short').message).toContain('604800 seconds (7 days)');
  });
});

describe('parsePolicy: HTML instead of a policy', () => {
  it.each([
    ['a doctype alone', '<!DOCTYPE html>\nNot found'],
    [
      'an html tag',
      '<html><body>version: STSv1<br>\nmode: enforce\nmx: a.example\nmax_age: 60</body></html>',
    ],
    ['an upper-case html tag after blank lines', '\n\n  <HTML lang="en">\n<p>Welcome</p>'],
    ['a head tag', '<head><title>It works!</title></head>'],
    ['a body tag', '<body>\nversion: STSv1\n</body>'],
    ['a BOM before the html tag', '\uFEFF<html>'],
    ['an html tag after some text', 'Welcome to nginx!\n<html>\n<body>'],
    ['an XML prolog', '<?xml version="1.0"?>\n<Error><Code>NoSuchKey</Code></Error>'],
  ])('rejects %s with policy.html', (_name, text) => {
    const result = parsePolicy(text);
    expect(result.ok).toBe(false);
    const f = only(result, 'policy.html');
    expect(f.severity).toBe('error');
    expect(f.message).toContain('catch-all page');
    expect(invalidMessage(result)).toContain('HTML page');
  });

  it.each([
    ['an extension value with a bold tag', `${body(VALID)}note: <b>hi</b>\n`],
    ['an extension value mentioning <htmlish>', `${body(VALID)}note: <htmlish>\n`],
  ])('does not mistake %s for HTML', (_name, text) => {
    const result = parsePolicy(text);
    expect(codes(result)).not.toContain('policy.html');
    expect(result.ok).toBe(true);
  });
});

describe('parsePolicy: text that is not clean UTF-8', () => {
  const valid = body(VALID);
  it.each([
    ['a NUL byte', `${valid}x: a\u0000b\n`, 'U+0000 on line 5'],
    ['a C0 control character', `version: STSv1\u0001\nmode: none\nmax_age: 1\n`, 'U+0001 on line 1'],
    ['an escape character', `${valid}\u001b[31m`, 'U+001B on line 5'],
    ['a DEL character', `mode: none\u007f\n`, 'U+007F on line 1'],
    ['a C1 control character', `${valid}x: \u0085\n`, 'U+0085 on line 5'],
    [
      'a replacement character from undecodable bytes',
      `version: STSv1\nmode: en\uFFFDforce\n`,
      'not valid UTF-8 (first on line 2)',
    ],
    ['a byte order mark at the start', `\uFEFF${valid}`, 'starts with a byte order mark'],
    ['a byte order mark inside', `version: STSv1\n\uFEFFmode: none\n`, 'byte order mark (U+FEFF) on line 2'],
    ['a lone high surrogate', `${valid}x: \uD800\n`, 'unpaired UTF-16 surrogate'],
    ['a lone low surrogate', `${valid}x: \uDC00a\n`, 'unpaired UTF-16 surrogate'],
    ['many NUL bytes', '\u0000'.repeat(65538), '65538 control characters'],
  ])('rejects %s with policy.encoding', (_name, text, detail) => {
    const result = parsePolicy(text);
    expect(result.ok).toBe(false);
    const f = only(result, 'policy.encoding');
    expect(f.severity).toBe('error');
    expect(f.message).toContain(detail);
    expect(invalidMessage(result)).toContain(detail);
  });

  it.each([
    ['TAB after a value', withLine('mode', 'mode:\tenforce\t')],
    ['non-ASCII letters in an extension value', `${valid}note: Grüße\n`],
    ['an emoji (surrogate pair) in an extension value', `${valid}note: 🔒 ok\n`],
  ])('accepts %s', (_name, text) => {
    const result = parsePolicy(text);
    expect(codes(result)).not.toContain('policy.encoding');
    expect(result.ok).toBe(true);
  });
});

describe('parsePolicy: large bodies', () => {
  it('parses a 64 KiB policy with thousands of mx lines', () => {
    const lines = ['version: STSv1', 'mode: enforce', 'max_age: 1209600'];
    let size = 0;
    for (let i = 0; size < 64 * 1024; i++) {
      const line = `mx: mx${i}.example.com`;
      lines.push(line);
      size += line.length + 1;
    }
    const result = parsePolicy(body(lines));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.policy.mx).toHaveLength(lines.length - 3);
  });

  it('parses a policy larger than 64 KiB (the size cap belongs to the fetch layer)', () => {
    const pad = `x_pad: ${'a'.repeat(70 * 1024)}\n`;
    expect(parsePolicy(body(VALID) + pad).ok).toBe(true);
  });

  it('keeps the unknown-key finding short when there are thousands of unknown fields', () => {
    const lines = [...VALID];
    for (let i = 0; i < 5000; i++) lines.push(`k${i}: v`);
    const f = only(parsePolicy(body(lines)), 'policy.unknown-key');
    expect(f.message).toContain('and 4990 more');
  });
});

describe('parsePolicy: findings are catalogued', () => {
  const samples = [
    body(VALID),
    withLine('mode', 'mode: testing'),
    withLine('mode', 'mode: none'),
    withLine('max_age', 'max_age: 0'),
    withLine('max_age', 'max_age: 60'),
    withLine('max_age', 'max_age: 86400'),
    `${body(VALID)}mode: none\nfoo: bar\nmx: MAIL.example.com\n`,
    withLine('mx', 'mx: bad_host'),
    withLine('mx', 'mx: münchen.example'),
    '<html></html>',
    '\u0000',
    '',
  ];
  it.each(samples)('every finding for %j has a catalogue entry and an RFC reference', (text) => {
    for (const f of parsePolicy(text).findings) {
      expect(getCodeInfo(f.code), f.code).toBeDefined();
      expect(f.rfc).toMatch(/^RFC 8461 §/);
      expect(f.message.length).toBeGreaterThan(0);
    }
  });
});
