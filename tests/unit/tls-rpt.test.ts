import { describe, expect, it } from 'vitest';
import { getCodeInfo } from '../../lib/catalog/index';
import { tlsrptCodes } from '../../lib/catalog/tlsrpt';
import type { CodeInfo } from '../../lib/catalog/types';
import type { Finding } from '../../lib/report/types';
import { createTlsRptFindings, parseTlsRptRecord, selectTlsRptRecords } from '../../lib/tls-rpt/record';

const codes = (findings: Finding[]) => findings.map((f) => f.code);

describe('parseTlsRptRecord accepts valid records', () => {
  it.each([
    ['the minimal record', 'v=TLSRPTv1;rua=mailto:tls@example.com', ['mailto:tls@example.com']],
    ['a space after the semicolon', 'v=TLSRPTv1; rua=mailto:tls@example.com', ['mailto:tls@example.com']],
    [
      'whitespace before the semicolon',
      'v=TLSRPTv1 \t; rua=mailto:tls@example.com',
      ['mailto:tls@example.com'],
    ],
    ['a trailing semicolon', 'v=TLSRPTv1; rua=mailto:tls@example.com;', ['mailto:tls@example.com']],
    [
      'a trailing semicolon and space',
      'v=TLSRPTv1; rua=mailto:tls@example.com; ',
      ['mailto:tls@example.com'],
    ],
    ['trailing whitespace', 'v=TLSRPTv1; rua=mailto:tls@example.com  ', ['mailto:tls@example.com']],
    [
      'an https URI',
      'v=TLSRPTv1; rua=https://reports.example.com/v1/tlsrpt',
      ['https://reports.example.com/v1/tlsrpt'],
    ],
    [
      'two URIs with spaces around the comma',
      'v=TLSRPTv1; rua=mailto:a@example.com , https://r.example.net/x',
      ['mailto:a@example.com', 'https://r.example.net/x'],
    ],
    [
      'a mailto URI with headers',
      'v=TLSRPTv1; rua=mailto:a@example.com?subject=tls',
      ['mailto:a@example.com?subject=tls'],
    ],
    [
      'an encoded comma and "!"',
      'v=TLSRPTv1; rua=https://r.example.com/a%2Cb%21',
      ['https://r.example.com/a%2Cb%21'],
    ],
    ['an upper-case scheme', 'v=TLSRPTv1; rua=MAILTO:a@Example.COM', ['MAILTO:a@Example.COM']],
    [
      'an extension before rua',
      'v=TLSRPTv1; ext_1.x-y=val!ue; rua=mailto:a@example.com',
      ['mailto:a@example.com'],
    ],
  ])('accepts %s', (_what, txt, rua) => {
    const result = parseTlsRptRecord(txt);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.record).toEqual({ version: 'TLSRPTv1', rua });
  });

  it('reports where reports go in an info finding', () => {
    const result = parseTlsRptRecord('v=TLSRPTv1; rua=mailto:a@example.com,https://r.example.com/');
    expect(result.findings).toEqual([
      expect.objectContaining({ code: 'tlsrpt.valid', severity: 'info', rfc: 'RFC 8460 §3' }),
    ]);
    expect(result.findings[0]?.message).toContain('mailto:a@example.com, https://r.example.com/');
  });

  it.each([
    ['a lower-case extension', 'v=TLSRPTv1; rua=mailto:a@example.com; foo=bar', 'foo'],
    ['an extension with digits first', 'v=TLSRPTv1; 9x=1; rua=mailto:a@example.com', '9x'],
    [
      'an extension name of 32 characters',
      `v=TLSRPTv1; rua=mailto:a@example.com; ${'e'.repeat(32)}=1`,
      'e'.repeat(32),
    ],
  ])('ignores %s with an info finding that names it', (_what, txt, name) => {
    const result = parseTlsRptRecord(txt);
    expect(result.ok).toBe(true);
    expect(codes(result.findings)).toEqual(['tlsrpt.unknown-field', 'tlsrpt.valid']);
    expect(result.findings[0]?.message).toContain(`“${name}”`);
  });

  it('keeps the first of two rua fields and says so', () => {
    const result = parseTlsRptRecord('v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.record.rua).toEqual(['mailto:a@example.com']);
    expect(codes(result.findings)).toEqual(['tlsrpt.rua.duplicate', 'tlsrpt.valid']);
  });
});

describe('parseTlsRptRecord flags bad report URIs but keeps the good ones', () => {
  it.each([
    ['a DMARC-style size suffix', 'mailto:a@example.com!10m', /“!”.*%21.*!10m/],
    ['an http URI', 'http://r.example.com/', /http:.*https:/],
    ['an unsupported scheme', 'ftp://r.example.com/', /“ftp:” scheme/],
    ['a bare e-mail address', 'a@example.com', /no scheme; write it as mailto:a@example.com/],
    ['a bare host name', 'reports.example.com', /must start with mailto: or https/],
    ['mailto without @', 'mailto:reports', /no e-mail address/],
    ['mailto with nothing before @', 'mailto:@example.com', /nothing before the @/],
    ['mailto with a bad domain', 'mailto:a@example_com', /not a valid domain name/],
    ['mailto with a single-label domain', 'mailto:a@localhost', /not a valid domain name/],
    ['https without //', 'https:r.example.com', /https:\/\//],
    ['https without a host', 'https:///path', /https:\/\/ followed by a host name/],
    ['a raw space', 'https://r.example.com/a b', /a space/],
    ['a bad percent escape', 'https://r.example.com/%zz', /“%”/],
    ['a character that needs encoding', 'https://r.example.com/{x}', /“\{”/],
    ['an empty entry', '', /empty/],
  ])('rejects %s and still uses the valid URI next to it', (_what, bad, message) => {
    const result = parseTlsRptRecord(`v=TLSRPTv1; rua=${bad},mailto:ok@example.com`);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.record.rua).toEqual(['mailto:ok@example.com']);
    expect(codes(result.findings)).toEqual(['tlsrpt.rua.invalid', 'tlsrpt.valid']);
    expect(result.findings[0]?.message).toMatch(message);
  });

  it('caps the number of per-URI findings', () => {
    const bad = Array.from({ length: 50 }, (_, i) => `http://r${i}.example.com/`).join(',');
    const result = parseTlsRptRecord(`v=TLSRPTv1; rua=${bad},mailto:ok@example.com`);
    expect(result.ok).toBe(true);
    expect(result.findings.filter((f) => f.code === 'tlsrpt.rua.invalid')).toHaveLength(11);
    expect(result.findings.at(-2)?.message).toMatch(/^40 more/);
  });
});

describe('parseTlsRptRecord rejects invalid records, naming the problem', () => {
  it.each([
    ['an empty string', '', /must start with “v=TLSRPTv1”/],
    ['another record type', 'v=spf1 -all', /must start with “v=TLSRPTv1”/],
    ['rua before the version', 'rua=mailto:a@example.com; v=TLSRPTv1', /must start with “v=TLSRPTv1”/],
    [
      'a lower-case version tag',
      'v=tlsrptv1; rua=mailto:a@example.com',
      /exactly “v=TLSRPTv1”.*“v=tlsrptv1”/,
    ],
    ['spaces in the version tag', 'v = TLSRPTv1; rua=mailto:a@example.com', /exactly “v=TLSRPTv1”/],
    ['leading whitespace', ' v=TLSRPTv1; rua=mailto:a@example.com', /exactly “v=TLSRPTv1”/],
    ['a longer version', 'v=TLSRPTv10; rua=mailto:a@example.com', /followed by a semicolon/],
    ['a missing semicolon', 'v=TLSRPTv1 rua=mailto:a@example.com', /followed by a semicolon/],
    ['the version alone', 'v=TLSRPTv1', /no rua field/],
    ['the version with a semicolon only', 'v=TLSRPTv1;', /no rua field/],
    ['the version with trailing spaces', 'v=TLSRPTv1  ', /no rua field/],
    ['no rua field', 'v=TLSRPTv1; foo=bar', /no rua field/],
    ['an upper-case RUA', 'v=TLSRPTv1; RUA=mailto:a@example.com', /no rua field/],
    ['an empty rua', 'v=TLSRPTv1; rua=', /rua field is empty/],
    ['only bad URIs', 'v=TLSRPTv1; rua=http://a.example.com/,a@example.com', /none of the report addresses/],
    ['two semicolons in a row', 'v=TLSRPTv1;; rua=mailto:a@example.com', /empty field/],
    ['two trailing semicolons', 'v=TLSRPTv1; rua=mailto:a@example.com;;', /empty field/],
    ['a field without =', 'v=TLSRPTv1; rua=mailto:a@example.com; junk', /“junk” has no “=”/],
    ['spaces around =', 'v=TLSRPTv1; rua = mailto:a@example.com', /spaces around “=”/],
    ['a space before =', 'v=TLSRPTv1; rua =mailto:a@example.com', /spaces around “=”/],
    ['a space after =', 'v=TLSRPTv1; rua= mailto:a@example.com', /spaces around “=”/],
    [
      'an extension name starting with "_"',
      'v=TLSRPTv1; _x=1; rua=mailto:a@example.com',
      /“_x” is not a valid field name/,
    ],
    [
      'an extension name of 33 characters',
      `v=TLSRPTv1; ${'e'.repeat(33)}=1; rua=mailto:a@example.com`,
      /not a valid field name/,
    ],
    ['an empty extension value', 'v=TLSRPTv1; foo=; rua=mailto:a@example.com', /empty or invalid value/],
    [
      'an extension value with a space',
      'v=TLSRPTv1; foo=a b; rua=mailto:a@example.com',
      /empty or invalid value/,
    ],
    [
      'an extension value with "="',
      'v=TLSRPTv1; foo=a=b; rua=mailto:a@example.com',
      /empty or invalid value/,
    ],
    ['a non-ASCII character', 'v=TLSRPTv1; rua=mailto:tls@bücher.example', /non-ASCII.*U\+00FC/],
    ['a control character', 'v=TLSRPTv1; rua=mailto:a@example.com\u0000', /control character.*U\+0000/],
    ['a line break', 'v=TLSRPTv1;\nrua=mailto:a@example.com', /control character/],
    [
      'a record longer than DNS allows',
      `v=TLSRPTv1; rua=mailto:a@example.com; x=${'a'.repeat(70_000)}`,
      /more than a DNS TXT/,
    ],
  ])('rejects %s', (_what, txt, message) => {
    const result = parseTlsRptRecord(txt);
    expect(result.ok).toBe(false);
    const invalid = result.findings.filter((f) => f.code === 'tlsrpt.invalid');
    expect(invalid).toHaveLength(1);
    expect(invalid[0]?.message).toMatch(message);
    expect(invalid[0]?.severity).toBe('info');
  });

  it('hints that field names are case-sensitive when RUA is upper case', () => {
    const result = parseTlsRptRecord('v=TLSRPTv1; RUA=mailto:a@example.com');
    expect(codes(result.findings)).toEqual(['tlsrpt.unknown-field', 'tlsrpt.invalid']);
    expect(result.findings[0]?.message).toMatch(/case-sensitive/);
  });
});

describe('selectTlsRptRecords', () => {
  const good = 'v=TLSRPTv1; rua=mailto:a@example.com';
  it.each([
    ['no records', [], { kind: 'none' }],
    ['only unrelated records', ['v=spf1 -all', 'google-site-verification=x'], { kind: 'none' }],
    ['a different version', ['v=TLSRPTv10; rua=mailto:a@example.com'], { kind: 'none' }],
    ['a lower-case version (case-sensitive)', ['v=tlsrptv1; rua=mailto:a@example.com'], { kind: 'none' }],
    ['one record among unrelated ones', ['v=spf1 -all', good], { kind: 'one', txt: good }],
    ['the version tag alone', ['v=TLSRPTv1'], { kind: 'one', txt: 'v=TLSRPTv1' }],
    [
      'whitespace before the semicolon',
      ['v=TLSRPTv1 ;rua=mailto:a@example.com'],
      { kind: 'one', txt: 'v=TLSRPTv1 ;rua=mailto:a@example.com' },
    ],
    ['two records', [good, 'v=TLSRPTv1;rua=mailto:b@example.com'], { kind: 'multiple', count: 2 }],
    ['two identical records', [good, good], { kind: 'multiple', count: 2 }],
  ])('finds %s', (_what, txts, expected) => {
    expect(selectTlsRptRecords(txts)).toEqual(expected);
  });
});

describe('createTlsRptFindings', () => {
  it.each([
    ['no record', [], 'tlsrpt.missing', /No TLS-RPT record/],
    ['only unrelated records', ['v=spf1 -all'], 'tlsrpt.missing', /No TLS-RPT record/],
    [
      'two records',
      ['v=TLSRPTv1;rua=mailto:a@x.com', 'v=TLSRPTv1;rua=mailto:b@x.com'],
      'tlsrpt.multiple',
      /2 TLS-RPT records.*as if there were none/,
    ],
    [
      'a record with a mis-cased version',
      ['V=TLSRPTv1; rua=mailto:a@x.com'],
      'tlsrpt.invalid',
      /“V=TLSRPTv1”.*case-sensitive/,
    ],
    [
      'an invalid record',
      ['v=TLSRPTv1; rua=http://x.com/'],
      'tlsrpt.invalid',
      /none of the report addresses/,
    ],
  ])('gives no record and an info finding for %s', (_what, txts, code, message) => {
    const { record, findings } = createTlsRptFindings(txts);
    expect(record).toBeNull();
    const finding = findings.find((f) => f.code === code);
    expect(finding?.message).toMatch(message);
    expect(findings.every((f) => f.severity === 'info')).toBe(true);
  });

  it('returns the parsed record and its findings for exactly one valid record', () => {
    const { record, findings } = createTlsRptFindings([
      'v=spf1 -all',
      'v=TLSRPTv1; rua=mailto:a@example.com',
    ]);
    expect(record).toEqual({ version: 'TLSRPTv1', rua: ['mailto:a@example.com'] });
    expect(codes(findings)).toEqual(['tlsrpt.valid']);
  });
});

describe('tlsrpt catalogue', () => {
  it.each([
    'tlsrpt.missing',
    'tlsrpt.multiple',
    'tlsrpt.invalid',
    'tlsrpt.rua.invalid',
    'tlsrpt.rua.duplicate',
    'tlsrpt.unknown-field',
    'tlsrpt.valid',
  ])('documents %s', (code) => {
    expect(getCodeInfo(code)?.title).toBeTruthy();
  });

  it('gives a fix for every problem code', () => {
    for (const [code, info] of Object.entries(tlsrptCodes as Record<string, CodeInfo>)) {
      if (code !== 'tlsrpt.valid') expect(info.fix, code).toBeTruthy();
    }
  });
});
