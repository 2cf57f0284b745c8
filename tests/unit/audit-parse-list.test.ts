import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvColumn, parseDomainList } from '../../lib/audit/parse-list';

// What an admin really pastes: a spreadsheet column, a mail client's To: field, a few URLs and some junk.
const MESSY_PASTE = [
  '\ufeff# Customer domains, exported 2026-11-28',
  'example.com, www.Example.com;https://shop.example.co.uk/cart?item=1',
  '',
  '   ',
  '"Acme, Inc.",acme.org',
  '  jane@mail.acme.org   # the CEO',
  'Jane Doe <jane@Bücher.de>; bob@xn--bcher-kva.de',
  'not a domain',
  '192.168.1.1',
  'https://EXAMPLE.com/#pricing',
  'localhost\texample.net',
  "'quoted.org'",
].join('\r\n');

describe('parseDomainList', () => {
  it('turns a messy paste into domains in first-seen order', () => {
    expect(parseDomainList(MESSY_PASTE).domains).toEqual([
      'example.com',
      'example.co.uk',
      'acme.org',
      'mail.acme.org',
      'xn--bcher-kva.de',
      'example.net',
      'quoted.org',
    ]);
  });

  it('counts entries that normalise to a domain already listed as duplicates', () => {
    // www.Example.com, https://EXAMPLE.com/#pricing → example.com; bob@xn--bcher-kva.de → xn--bcher-kva.de
    expect(parseDomainList(MESSY_PASTE).duplicates).toBe(3);
  });

  it('lists every junk entry with its line and a reason', () => {
    const { rejected } = parseDomainList(MESSY_PASTE);
    expect(rejected.map(({ line, input }) => ({ line, input }))).toEqual([
      { line: 5, input: 'Acme, Inc.' },
      { line: 8, input: 'not a domain' },
      { line: 9, input: '192.168.1.1' },
      { line: 11, input: 'localhost' },
    ]);
    expect(rejected[0]?.reason).toMatch(/“,”/);
    expect(rejected[1]?.reason).toMatch(/space/);
    expect(rejected[2]?.reason).toMatch(/IP address/);
    expect(rejected[3]?.reason).toMatch(/single name/);
  });

  it('keeps exact host names and URL hosts with keepExactHosts', () => {
    expect(parseDomainList(MESSY_PASTE, { keepExactHosts: true }).domains).toEqual([
      'example.com',
      'www.example.com',
      'shop.example.co.uk',
      'acme.org',
      'mail.acme.org',
      'xn--bcher-kva.de',
      'example.net',
      'quoted.org',
    ]);
  });

  it.each([
    ['one per line', 'a.example\nb.example', ['a.example', 'b.example']],
    ['CRLF line ends', 'a.example\r\nb.example\r\n', ['a.example', 'b.example']],
    ['old Mac line ends', 'a.example\rb.example', ['a.example', 'b.example']],
    ['commas', 'a.example,b.example', ['a.example', 'b.example']],
    ['semicolons', 'a.example;b.example', ['a.example', 'b.example']],
    ['spaces', 'a.example   b.example', ['a.example', 'b.example']],
    ['tabs', 'a.example\tb.example', ['a.example', 'b.example']],
    ['a byte order mark', '\ufeffa.example', ['a.example']],
    ['a comment line', '# a.example\nb.example', ['b.example']],
    ['an inline comment', 'b.example # a.example', ['b.example']],
    [
      'a URL fragment, which is not a comment',
      'https://b.example/#top c.example',
      ['b.example', 'c.example'],
    ],
    ['smart quotes around an entry', '“b.example”', ['b.example']],
  ])('splits and cleans entries separated by %s', (_name, text, expected) => {
    expect(parseDomainList(text).domains).toEqual(expected);
  });

  it.each([
    ['an e-mail address keeps its whole domain', 'user@mail.example.co.uk', 'mail.example.co.uk'],
    ['a mailto: link keeps its whole domain', 'mailto:user@mail.example.co.uk', 'mail.example.co.uk'],
    ['a URL is reduced to its registrable domain', 'https://www.shop.example.co.uk/x', 'example.co.uk'],
    ['a URL with user info is still a URL', 'https://user@www.example.org/', 'example.org'],
    ['a host name is reduced to its registrable domain', 'mx1.mail.example.org', 'example.org'],
    ['an IDN becomes its A-label', 'bücher.example', 'xn--bcher-kva.example'],
    ['an upper-case name is lower-cased', 'EXAMPLE.ORG.', 'example.org'],
  ])('normalises: %s', (_name, input, expected) => {
    expect(parseDomainList(input).domains).toEqual([expected]);
  });

  it('returns an empty list for empty, blank or comment-only text', () => {
    for (const text of ['', '\n\n', '  \t ', '# nothing here\n#', '\ufeff']) {
      expect(parseDomainList(text)).toEqual({ domains: [], inputs: [], rejected: [], duplicates: 0 });
    }
  });

  it('rejects junk words one by one when the line also has a domain', () => {
    const { domains, rejected } = parseDomainList('Customer: acme.org');
    expect(domains).toEqual(['acme.org']);
    expect(rejected.map((r) => r.input)).toEqual(['Customer:']);
  });

  it('shortens a very long rejected entry', () => {
    const { rejected } = parseDomainList(`${'x'.repeat(5000)}!`);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.input.length).toBeLessThanOrEqual(200);
  });
});

describe('parseCsv', () => {
  const contacts = [
    '\ufeffName;Email;Website;Notes',
    '"Smith; John";john@corp.example;https://www.corp.example;"says ""hi"""',
    '"Two',
    'lines";x@other.example;;',
    '',
    'Ann;ann@ann.example;ann.example;',
  ].join('\r\n');

  it('reads a header, quoted fields with separators, quotes and line breaks, and skips blank rows', () => {
    const table = parseCsv(contacts);
    expect(table.hasHeader).toBe(true);
    expect(table.columns).toEqual(['Name', 'Email', 'Website', 'Notes']);
    expect(table.rows).toEqual([
      ['Smith; John', 'john@corp.example', 'https://www.corp.example', 'says "hi"'],
      ['Two\r\nlines', 'x@other.example', '', ''],
      ['Ann', 'ann@ann.example', 'ann.example', ''],
    ]);
    expect(table.rowLines).toEqual([2, 3, 6]);
  });

  it.each([
    ['the e-mail column when it is the fullest', contacts, 1],
    ['the only column with domains', 'id,site,owner\n1,a.example,Ann\n2,b.example,Bob\n', 1],
    ['a column of URLs without a header', 'Ann,https://a.example/\nBob,https://b.example/\n', 1],
    ['the labelled column on a tie', 'x,Website\nfoo.example,bar.example\n', 1],
    ['the leftmost column on a tie without labels', 'a.example,b.example\n', 0],
  ])('suggests %s', (_name, text, expected) => {
    expect(parseCsv(text).suggestedColumn).toBe(expected);
  });

  it.each([
    ['a first row of domains is data', 'a.example,b.example\nc.example,d.example\n', false],
    ['a first row of labels above domains is a header', 'Company,Domain\nAcme,acme.example\n', true],
    ['a lone row of header words is a header', 'Email,Website\n', true],
    ['a first row without labels or domains above no domains is data', 'x,y\nz,w\n', false],
  ])('detects the header: %s', (_name, text, expected) => {
    expect(parseCsv(text).hasHeader).toBe(expected);
  });

  it('names columns "Column N" without a header, and pads ragged rows', () => {
    const table = parseCsv('a.example\nb.example,c.example,d.example\n');
    expect(table.columns).toEqual(['Column 1', 'Column 2', 'Column 3']);
    expect(table.rows).toEqual([
      ['a.example', '', ''],
      ['b.example', 'c.example', 'd.example'],
    ]);
  });

  it('names an empty header cell "Column N"', () => {
    expect(parseCsv('Name,,Email\nAnn,x,ann@a.example\n').columns).toEqual(['Name', 'Column 2', 'Email']);
  });

  it.each([
    ['tabs', 'Name\tDomain\nAcme\tacme.example\n\n'],
    ['semicolons', 'Name;Domain\n\nAcme;acme.example\n\n'],
    ['commas', 'Name,Domain\r\nAcme,acme.example\r\n'],
  ])('detects %s as the separator, blank lines notwithstanding', (_name, text) => {
    expect(parseCsv(text).rows).toEqual([['Acme', 'acme.example']]);
  });

  it('returns an empty table for empty text', () => {
    expect(parseCsv('')).toMatchObject({ columns: [], rows: [], hasHeader: false, suggestedColumn: 0 });
  });
});

describe('parseCsvColumn', () => {
  const table = parseCsv(
    [
      'Company,Contact,Site',
      'Acme,ceo@mail.acme.example,https://www.acme.example/',
      'Beta,"a@beta.example; b@beta.example",beta.example',
      'Gamma,n/a,',
      'Delta,CEO@MAIL.ACME.EXAMPLE,www.acme.example',
    ].join('\n'),
  );

  it('reads e-mail domains as they are, several per cell, deduplicated', () => {
    expect(parseCsvColumn(table, 1)).toEqual({
      domains: ['mail.acme.example', 'beta.example'],
      inputs: [
        'Acme, ceo@mail.acme.example, https://www.acme.example/',
        'Beta, a@beta.example; b@beta.example, beta.example',
      ],
      rejected: [{ line: 4, input: 'n/a', reason: expect.stringMatching(/single name/) }],
      duplicates: 2,
    });
  });

  it('reduces URLs to the registrable domain and skips empty cells', () => {
    expect(parseCsvColumn(table, 2)).toEqual({
      domains: ['acme.example', 'beta.example'],
      inputs: [
        'Acme, ceo@mail.acme.example, https://www.acme.example/',
        'Beta, a@beta.example; b@beta.example, beta.example',
      ],
      rejected: [],
      duplicates: 1,
    });
  });

  it('keeps exact hosts when asked', () => {
    expect(parseCsvColumn(table, 2, { keepExactHosts: true }).domains).toEqual([
      'www.acme.example',
      'beta.example',
    ]);
  });

  it('returns nothing for a column that does not exist', () => {
    expect(parseCsvColumn(table, 7)).toEqual({ domains: [], inputs: [], rejected: [], duplicates: 0 });
  });

  it('numbers lines from the rows when a hand-made table has no rowLines', () => {
    const handMade = {
      columns: ['Domain'],
      rows: [['ok.example'], ['bad!']],
      hasHeader: true,
      suggestedColumn: 0,
    };
    expect(parseCsvColumn(handMade, 0).rejected.map((r) => r.line)).toEqual([3]);
  });
});

describe('where each domain came from', () => {
  it.each<[string, string, string[], string[]]>([
    [
      'a web address, reduced',
      'https://www.vendor.example/pricing',
      ['vendor.example'],
      ['https://www.vendor.example/pricing'],
    ],
    ['an e-mail address', '  ciso@vendor.example  ', ['vendor.example'], ['ciso@vendor.example']],
    [
      'two domains on one line',
      'a.example, b.example',
      ['a.example', 'b.example'],
      ['a.example, b.example', 'a.example, b.example'],
    ],
  ])('keeps the pasted line for %s', (_what, text, domains, inputs) => {
    expect(parseDomainList(text)).toMatchObject({ domains, inputs });
  });
});
