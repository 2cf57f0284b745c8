import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../lib/catalog/index';
import { createStsRecordFindings, parseStsRecord, selectStsRecords } from '../../lib/mta-sts/record';
import type { Finding } from '../../lib/report/types';

const codes = (findings: readonly Finding[]) => findings.map((f) => f.code);

describe('parseStsRecord: valid records (RFC 8461 §3.1)', () => {
  it.each([
    ['the RFC example', 'v=STSv1; id=20160831085700Z;', '20160831085700Z'],
    ['no trailing ";"', 'v=STSv1; id=20160831085700Z', '20160831085700Z'],
    ['no space after ";"', 'v=STSv1;id=abc', 'abc'],
    ['tabs around ";"', 'v=STSv1;\tid=abc\t;\t', 'abc'],
    ['WSP after the trailing ";"', 'v=STSv1; id=abc;   ', 'abc'],
    ['a one-character id', 'v=STSv1; id=a', 'a'],
    ['a 32-character id', `v=STSv1; id=${'a'.repeat(32)}`, 'a'.repeat(32)],
    ['an id of mixed case letters and digits', 'v=STSv1; id=AbC123xYz', 'AbC123xYz'],
    ['the id after an extension', 'v=STSv1; ext=https://x.example; id=abc', 'abc'],
    ['an extension whose value holds "(" and "\'"', "v=STSv1; ext='(x; id=abc", 'abc'],
    ['an extension named x-id', 'v=STSv1; x-id=20260728T000000Z; id=20260728T120000Z', '20260728T120000Z'],
    ['"ID=" as an extension next to the real id', 'v=STSv1; ID=other; id=abc', 'abc'],
  ])('accepts %s', (_name, txt, id) => {
    const result = parseStsRecord(txt);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.record.id).toBe(id);
    expect(result.record.version).toBe('STSv1');
    expect(result.findings[0]).toMatchObject({ code: 'record.valid', severity: 'info' });
    expect(result.findings[0]?.message).toContain(id);
  });

  it.each([
    ['keeps simple extensions', 'v=STSv1; id=a; more=a; ext=2', { more: 'a', ext: '2' }],
    [
      'keeps a 32-character name with "_", "-" and "."',
      `v=STSv1; id=a; ${'a'.repeat(29)}_-.=1`,
      { [`${'a'.repeat(29)}_-.`]: '1' },
    ],
    [
      'keeps every printable character allowed in a value',
      'v=STSv1; id=a; ext=!"#$%&\'()*+,-./09:<>?@AZ[\\]^_`az{|}~',
      { ext: '!"#$%&\'()*+,-./09:<>?@AZ[\\]^_`az{|}~' },
    ],
    ['keeps an upper-case "ID" as an extension', 'v=STSv1; ID=x; id=a', { ID: 'x' }],
    ['has no extensions for a plain record', 'v=STSv1; id=a', {}],
  ])('%s', (_name, txt, extensions) => {
    const result = parseStsRecord(txt);
    expect(result.ok && result.record.extensions).toEqual(extensions);
  });

  it('names the extension fields in the valid finding', () => {
    const result = parseStsRecord('v=STSv1; id=a; foo=bar');
    expect(result.findings[0]?.message).toContain('"foo"');
  });
});

describe('parseStsRecord: invalid records name the exact problem', () => {
  it.each([
    ['an empty record', '', 'empty'],
    ['a blank record', '   ', 'empty'],
    ['only delimiters', ' ;   ;  ', 'whitespace'],
    ['whitespace before v=STSv1', '  v=STSv1; id=abc', 'starts with whitespace'],
    ['the version not first', 'id=abc; v=STSv1', 'must begin with "v=STSv1"'],
    ['a non-STS record', 'v=spf1 -all', 'must begin with "v=STSv1"'],
    ['"-" instead of "="', 'v-STSv1 id=19840507T234501', 'must begin with "v=STSv1"'],
    ['an upper-case V', 'V=STSv1; id=abc', 'lowercase "v=STSv1"'],
    ['a lower-case version', 'v=stsv1; id=abc', 'wrong letter case'],
    ['version STSv2', 'v=STSv2; id=abc', '"STSv2" is not supported'],
    ['version STSv10', 'v=STSv10; id=abc', '"STSv10" is not supported'],
    ['version STSv1.1', 'v=STSv1.1; id=abc', '"STSv1.1" is not supported'],
    ['a truncated version', 'v=STSv;', '"STSv" is not supported'],
    ['spaces around "=" in the version', 'v = STSv1; id=abc', 'spaces around "="'],
    ['a space after "=" in the version', 'v= STSv1; id=abc', 'spaces around "="'],
    ['no ";" after the version', 'v=STSv1 id=abc', 'no ";" after "v=STSv1"'],
    ['only the version', 'v=STSv1', 'no id field'],
    ['only the version and ";"', 'v=STSv1;', 'no id field'],
    ['an extension but no id', 'v=STSv1; ext=1', 'no id field'],
    ['an upper-case ID and no id', 'v=STSv1; ID=abc', 'no id field'],
    ['a repeated version and no id', 'v=STSv1; v=STSv1', 'no id field'],
    ['an empty id', 'v=STSv1; id=', 'id field is empty'],
    ['a 33-character id', `v=STSv1; id=${'a'.repeat(33)}`, 'is 33 characters long'],
    ['a "-" in the id', 'v=STSv1; id=2016-08-31', 'contains "-"'],
    ['a "_" in the id', 'v=STSv1; id=policy_will_fail;', 'contains "_"'],
    ['a "." in the id', 'v=STSv1; id=1.2', 'contains "."'],
    ['a "*" id', 'v=STSv1; id=*', 'contains "*"'],
    ['a quoted id', 'v=STSv1; id="abc"', 'contains """'],
    ['a space inside the id', 'v=STSv1; id=abc def', 'contains a space'],
    ['two fields without ";"', 'v=STSv1;    id=foo include=foo.com', 'runs into another field'],
    ['"=" inside the id', 'v=STSv1; id=123v=STSv1', 'contains "="'],
    ['spaces around "=" in the id', 'v=STSv1; id = xyz', 'spaces around "="'],
    ['a first id that is invalid, then a valid one', 'v=STSv1; id=x-y; id=abc', 'contains "-"'],
    ['a later duplicate that is not a valid field', 'v=STSv1; id=abc; id=x y', 'contains a space'],
    ['";;" at the end', 'v=STSv1; id=a;;', 'empty field'],
    ['";;;" at the end', 'v=STSv1; id=20160831085700Z;;;', 'empty field'],
    ['an empty field in the middle', 'v=STSv1; ; id=abc', 'empty field'],
    ['a field without "="', 'v=STSv1; id=a; junk', 'has no "="'],
    ['a field without a name', 'v=STSv1; id=a; =x', 'has no name'],
    ['a 33-character extension name', `v=STSv1; id=a; ${'a'.repeat(33)}=1`, 'is 33 characters long'],
    ['an extension name starting with "_"', 'v=STSv1; id=abc; _ext=x', 'must start with a letter or digit'],
    ['an extension name "*"', 'v=STSv1; id=a; *=value', 'must start with a letter or digit'],
    ['a "%" in an extension name', 'v=STSv1; id=a; 1%=a', 'contains "%"'],
    ['an empty extension value', 'v=STSv1; id=abc; ext=', 'empty value'],
    ['"=" in an extension value', 'v=STSv1; id=a; test==', 'contains "="'],
    ['a space in an extension value', 'v=STSv1; id=abc; ext=a b', 'contains a space'],
    ['a non-ASCII extension value', 'v=STSv1; id=abc; ext=ü', 'non-ASCII character ü (U+00FC)'],
    ['a non-ASCII character outside the BMP', 'v=STSv1; id=abc; ext=😀', 'U+1F600'],
    ['a NUL byte', 'v=STSv1; id=abc\u0000', 'control character U+0000'],
    ['a line break', 'v=STSv1;\r\nid=abc', 'control character U+000D'],
    ['DEL', 'v=STSv1; id=a\u007f', 'control character U+007F'],
  ])('rejects %s', (_name, txt, fragment) => {
    const result = parseStsRecord(txt);
    expect(result.ok).toBe(false);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      code: 'record.invalid',
      severity: 'error',
      rfc: 'RFC 8461 §3.1',
    });
    expect(result.findings[0]?.message).toContain(fragment);
  });

  it('quotes at most a short excerpt of a huge invalid value', () => {
    const result = parseStsRecord(`v=STSv1; id=${'a'.repeat(100_000)}`);
    expect(result.findings[0]?.message.length).toBeLessThan(300);
  });

  it('reports the position of a bad character', () => {
    expect(parseStsRecord('v=STSv1; id=ab\u0001').findings[0]?.message).toContain('position 15');
  });
});

describe('parseStsRecord: duplicated fields (RFC 8461 §3.2, first occurrence wins)', () => {
  it.each([
    ['a repeated id', 'v=STSv1; id=first; id=second', 'first', '"id"'],
    ['a later id that is not a valid id but a valid field', 'v=STSv1; id=abc; id=x-y', 'abc', '"id"'],
    ['a repeated version', 'v=STSv1; v=STSv1; id=abc', 'abc', '"v"'],
    ['a later version that differs', 'v=STSv1; v=STSv2; id=abc', 'abc', '"v"'],
  ])('keeps the first value of %s and warns', (_name, txt, id, field) => {
    const result = parseStsRecord(txt);
    expect(result.ok && result.record.id).toBe(id);
    const warning = result.findings.find((f) => f.code === 'record.field.duplicate');
    expect(warning).toMatchObject({ severity: 'warning', rfc: 'RFC 8461 §3.2' });
    expect(warning?.message).toContain(field);
  });

  it('keeps the first value of a repeated extension', () => {
    const result = parseStsRecord('v=STSv1; id=a; ext=1; ext=2');
    expect(result.ok && result.record.extensions).toEqual({ ext: '1' });
    expect(codes(result.findings)).toContain('record.field.duplicate');
  });

  it('does not warn about a record without repeats', () => {
    expect(codes(parseStsRecord('v=STSv1; id=a; ext=1').findings)).toEqual(['record.valid']);
  });
});

describe('parseStsRecord: whitespace choices', () => {
  it.each([
    ['after the last field', 'v=STSv1; id=abc ', 'abc'],
    ['of spaces and tabs after the last field', 'v=STSv1;        id=20160831085700Z \t ', '20160831085700Z'],
  ])('accepts trailing whitespace %s with a warning', (_name, txt, id) => {
    const result = parseStsRecord(txt);
    expect(result.ok && result.record.id).toBe(id);
    expect(result.findings.find((f) => f.code === 'record.whitespace.trailing')?.severity).toBe('warning');
  });

  it.each([
    ['after a trailing ";"', 'v=STSv1; id=abc; '],
    ['nowhere', 'v=STSv1; id=abc'],
  ])('does not warn about trailing whitespace %s', (_name, txt) => {
    expect(codes(parseStsRecord(txt).findings)).not.toContain('record.whitespace.trailing');
  });

  it.each([
    ['a space', 'v=STSv1 ; id=xyz'],
    ['spaces and a tab', 'v=STSv1  \t;    id=foo'],
  ])('accepts %s between v=STSv1 and ";" (the ABNF allows it) with a warning', (_name, txt) => {
    const result = parseStsRecord(txt);
    expect(result.ok).toBe(true);
    expect(result.findings.find((f) => f.code === 'record.whitespace.version')?.severity).toBe('warning');
  });

  it('does not warn when ";" directly follows v=STSv1', () => {
    expect(codes(parseStsRecord('v=STSv1;  id=xyz').findings)).toEqual(['record.valid']);
  });
});

describe('selectStsRecords and createStsRecordFindings (RFC 8461 §3.1 discard rule)', () => {
  it.each([
    ['a single record', ['v=STSv1; id=1'], '1'],
    [
      'one record among unrelated ones',
      ['v=spf1 -all', 'v=STSv1; id=aaa', 'google-site-verification=abc'],
      'aaa',
    ],
    ['the record after an empty TXT record', ['', 'v=STSv1; id=good'], 'good'],
    ['one record with WSP before ";" next to an empty one', ['v=STSv1 ;id=abc ; ', ''], 'abc'],
    ['the record next to "v=STSv1" without ";"', ['v=STSv1', 'v=STSv1; id=good'], 'good'],
    ['the record next to "v=STSv1-x; …"', ['v=STSv1-x; id=a', 'v=STSv1; id=good'], 'good'],
    ['the record next to "v=STSv10; …"', ['v=STSv10; id=a', 'v=STSv1; id=good'], 'good'],
    ['the record next to a lower-case decoy', ['v=stsv1; id=a', 'v=STSv1; id=good'], 'good'],
    ['the record next to an upper-case decoy', ['V=STSv1; id=decoy', 'v=STSv1; id=good'], 'good'],
    ['the record next to one with the version last', ['id=a; v=STSv1', 'v=STSv1; id=good'], 'good'],
    [
      'the record next to prose starting with v=STSv1',
      ['v=STSv1 is not a policy', 'v=STSv1; id=good'],
      'good',
    ],
  ])('selects %s', (_name, txts, id) => {
    expect(createStsRecordFindings(txts).record?.id).toBe(id);
  });

  it.each([
    ['no records at all', [], 'No TXT record'],
    ['only unrelated records', ['v=spf1 -all', 'more'], '2 other TXT records'],
    ['one unrelated record', ['bogus'], '1 other TXT record is'],
  ])('reports record.missing (warning) for %s', (_name, txts, fragment) => {
    const result = createStsRecordFindings(txts);
    expect(result.record).toBeNull();
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ code: 'record.missing', severity: 'warning' });
    expect(result.findings[0]?.message).toContain(fragment);
  });

  it.each([
    ['two records', ['v=STSv1; id=a', 'v=STSv1; id=b']],
    ['two records, one of them invalid', ['v=STSv1; id=1', 'v=STSv1; bogus']],
    ['three records', ['v=STSv1; id=a', 'v=STSv1; id=a', 'v=STSv1 ; id=c']],
  ])('reports record.multiple (error) for %s', (_name, txts) => {
    const result = createStsRecordFindings(txts);
    expect(result.record).toBeNull();
    expect(result.findings).toContainEqual(
      expect.objectContaining({ code: 'record.multiple', severity: 'error' }),
    );
    expect(result.findings.find((f) => f.code === 'record.multiple')?.message).toContain(
      `${txts.length} MTA-STS`,
    );
  });

  it.each([
    ['a selected record that is invalid', ['v=STSv1; bogus'], 'has no "="'],
    ['a lone record with a leading space', [' v=STSv1; id=20260728T000000Z'], 'starts with whitespace'],
    ['a lone "v=STSv1"', ['v=STSv1'], 'no id field'],
    ['a lone record with spaces around "="', ['v = STSv1; id=x'], 'spaces around "="'],
    ['a lone STSv2 record', ['v=STSv2; id=xyz'], 'not supported'],
    ['a lone record with the version last', ['id=abc; v=STSv1'], 'must begin with'],
  ])('reports record.invalid, not record.missing, for %s', (_name, txts, fragment) => {
    const result = createStsRecordFindings(txts);
    expect(result.record).toBeNull();
    expect(codes(result.findings)).toEqual(['record.invalid']);
    expect(result.findings[0]?.severity).toBe('error');
    expect(result.findings[0]?.message).toContain(fragment);
  });

  it('warns about a discarded look-alike next to the valid record, with the reason', () => {
    const result = createStsRecordFindings(['v=STSv1 id=old', 'v=STSv1; id=new']);
    expect(result.record?.id).toBe('new');
    const discarded = result.findings.find((f) => f.code === 'record.discarded');
    expect(discarded?.severity).toBe('warning');
    expect(discarded?.message).toContain('no ";" after "v=STSv1"');
  });

  it('ignores unrelated TXT records silently when the record is valid', () => {
    expect(codes(createStsRecordFindings(['v=spf1 -all', 'v=STSv1; id=1']).findings)).toEqual([
      'record.valid',
    ]);
  });

  it('passes on the parser findings of the selected record', () => {
    expect(codes(createStsRecordFindings(['v=STSv1; id=a; id=b']).findings)).toEqual([
      'record.valid',
      'record.field.duplicate',
    ]);
  });

  it('exposes candidates and look-alikes', () => {
    const selection = selectStsRecords(['v=STSv1; id=a', 'V=STSv1; id=b', 'v=spf1 -all']);
    expect(selection).toMatchObject({
      selected: 'v=STSv1; id=a',
      candidates: ['v=STSv1; id=a'],
      nearMisses: ['V=STSv1; id=b'],
    });
  });
});

describe('record catalogue', () => {
  const emitted = [
    ...parseStsRecord('v=STSv1; id=a; id=b ').findings,
    ...parseStsRecord('v=STSv1 ; id=a').findings,
    ...parseStsRecord('x').findings,
    ...createStsRecordFindings([]).findings,
    ...createStsRecordFindings(['v=STSv1; id=a', 'v=STSv1; id=b']).findings,
    ...createStsRecordFindings(['v=STSv1; id=a', 'v=STSv1']).findings,
  ];
  it.each([...new Set(codes(emitted))])('has a title for %s', (code) => {
    expect(CATALOG[code]?.title).toBeTruthy();
  });

  it('covers every code the record area emits', () => {
    expect(new Set(codes(emitted))).toEqual(
      new Set([
        'record.valid',
        'record.invalid',
        'record.missing',
        'record.multiple',
        'record.discarded',
        'record.field.duplicate',
        'record.whitespace.trailing',
        'record.whitespace.version',
      ]),
    );
  });
});
