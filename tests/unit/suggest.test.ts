import { describe, expect, it } from 'vitest';
import type { FindingCode } from '../../lib/catalog/index';
import {
  createFreshId,
  createPolicyExample,
  createStarterSet,
  createStsRecordExample,
  createTlsRptExample,
  fillFixText,
  getMxHostNames,
  isWithoutMtaSts,
  RECOMMENDED_MAX_AGE,
  splitCodeSpans,
  suggestFix,
} from '../../lib/fixes';
import type { Finding } from '../../lib/report/types';
import {
  createDnsEvidence,
  createEvidence,
  createMxHost,
  createPolicyFetch,
  createReport,
  invalidRecordReport,
  noMtaStsReport,
  successReport,
  warningReport,
} from '../support/report-fixtures';

const NOW = new Date('2026-03-14T09:30:05Z');
const finding = (code: FindingCode): Finding => ({ code, severity: 'error', message: 'm' });

describe('createFreshId', () => {
  it.each([
    ['2026-03-14T09:30:05Z', '20260314093005'],
    ['1999-12-31T23:59:59Z', '19991231235959'],
    ['2026-01-02T03:04:05.999Z', '20260102030405'],
  ])('turns %s into the UTC timestamp id %s', (iso, id) => {
    expect(createFreshId(new Date(iso))).toBe(id);
  });

  it('gives a valid id (1–32 letters/digits) even for an invalid date', () => {
    expect(createFreshId(new Date('nonsense'))).toMatch(/^[A-Za-z0-9]{1,32}$/);
  });
});

describe('createStsRecordExample', () => {
  it.each([
    ['abc123', 'v=STSv1; id=abc123'],
    ['A'.repeat(32), `v=STSv1; id=${'A'.repeat(32)}`],
    ['A'.repeat(33), 'v=STSv1; id=20260314093005'],
    ['has-dash', 'v=STSv1; id=20260314093005'],
    ['', 'v=STSv1; id=20260314093005'],
    [undefined, 'v=STSv1; id=20260314093005'],
  ])('keeps a valid id and replaces an invalid one (%s)', (id, expected) => {
    expect(createStsRecordExample(id, NOW)).toBe(expected);
  });
});

describe('createPolicyExample', () => {
  it('writes version, mode, one mx line per host and max_age, ending in a newline', () => {
    expect(
      createPolicyExample({ mode: 'testing', mx: ['mx1.example.com', '*.mail.example.com'], maxAge: 604800 }),
    ).toBe('version: STSv1\nmode: testing\nmx: mx1.example.com\nmx: *.mail.example.com\nmax_age: 604800\n');
  });

  it('drops duplicate, invalid and trailing-dot spellings of mx hosts', () => {
    const text = createPolicyExample({
      mode: 'enforce',
      mx: ['MX1.example.com.', 'mx1.example.com', 'bad host', '<b>x</b>', ''],
      maxAge: 86400,
    });
    expect(text.match(/^mx: .*$/gm)).toEqual(['mx: mx1.example.com']);
  });

  it.each([
    [-5, 0],
    [99999999999, 31557600],
    [1.7, 1],
    [Number.NaN, 0],
  ])('clamps max_age %s to the range of RFC 8461 §3.2 (%s)', (input, expected) => {
    expect(createPolicyExample({ mode: 'none', mx: [], maxAge: input })).toContain(`max_age: ${expected}\n`);
  });
});

describe('createTlsRptExample', () => {
  it.each([
    ['example.com', 'v=TLSRPTv1; rua=mailto:tlsrpt@example.com'],
    ['Example.COM.', 'v=TLSRPTv1; rua=mailto:tlsrpt@example.com'],
  ])('sends reports to tlsrpt@ the domain (%s)', (domain, expected) => {
    expect(createTlsRptExample(domain)).toBe(expected);
  });
});

describe('createStarterSet', () => {
  it('builds the three records from the real MX hosts in testing mode with a one-week max_age', () => {
    const set = createStarterSet(
      'shop.example',
      ['aspmx.l.google.com.', 'ALT1.aspmx.l.google.com', 'x y'],
      NOW,
    );
    expect(set.policyUrl).toBe('https://mta-sts.shop.example/.well-known/mta-sts.txt');
    expect(set.policy).toBe(
      'version: STSv1\nmode: testing\nmx: aspmx.l.google.com\nmx: alt1.aspmx.l.google.com\nmax_age: 604800\n',
    );
    expect(set.maxAge).toBe(RECOMMENDED_MAX_AGE.testing);
    expect(set.stsRecordName).toBe('_mta-sts.shop.example');
    expect(set.stsRecord).toBe('v=STSv1; id=20260314093005');
    expect(set.tlsRptRecordName).toBe('_smtp._tls.shop.example');
    expect(set.tlsRptRecord).toBe('v=TLSRPTv1; rua=mailto:tlsrpt@shop.example');
  });
});

describe('isWithoutMtaSts', () => {
  it.each([
    ['no record and no policy', noMtaStsReport, true],
    ['a valid setup', successReport, false],
    [
      'no record but a policy is served',
      createReport({ findings: [finding('record.missing')], evidence: successReport.evidence }),
      false,
    ],
    [
      'no record and a null MX',
      createReport({ findings: [finding('record.missing')], evidence: createEvidence({ nullMx: true }) }),
      false,
    ],
  ])('%s → %s', (_name, report, expected) => {
    expect(isWithoutMtaSts(report)).toBe(expected);
  });
});

describe('getMxHostNames', () => {
  it('lists valid hosts once, lower-case, in preference order', () => {
    expect(getMxHostNames(noMtaStsReport)).toEqual(['aspmx.l.google.com', 'alt1.aspmx.l.google.com']);
  });
});

describe('suggestFix', () => {
  it('keeps a salvageable id when correcting an invalid record', () => {
    expect(suggestFix(finding('record.invalid'), invalidRecordReport)?.text).toBe('v=STSv1; id=keepme42');
  });

  it('uses a fresh id from the check time when no id can be salvaged', () => {
    const report = createReport({
      evidence: createEvidence({
        stsTxt: createDnsEvidence({ name: 'n', type: 'TXT', data: ['v=STSv1; id=way-too-bad'] }),
      }),
    });
    expect(suggestFix(finding('record.invalid'), report)?.text).toBe('v=STSv1; id=20260314093005');
  });

  it('suggests a single record with a fresh id for multiple records', () => {
    expect(suggestFix(finding('record.multiple'), successReport, NOW)?.text).toBe(
      'v=STSv1; id=20260314093005',
    );
  });

  it('adds the uncovered MX host to the policy and keeps mode and existing patterns', () => {
    const fix = suggestFix(finding('mx.uncovered'), warningReport);
    expect(fix?.text).toBe(
      'version: STSv1\nmode: testing\nmx: mx1.example.com\nmx: backup.other.net\nmax_age: 604800\n',
    );
    expect(fix?.note).toContain('id=20260314093005');
  });

  it.each<FindingCode>(['policy.max-age.short', 'policy.max-age.zero'])('raises max_age for %s', (code) => {
    const fix = suggestFix(finding(code), warningReport);
    expect(fix?.text).toContain('max_age: 604800\n');
  });

  it('does not add hosts a wildcard pattern already covers (RFC 8461 §4.1)', () => {
    const fix = suggestFix(finding('policy.max-age.short'), successReport);
    expect(fix?.text).toBe(
      'version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: *.mail.example.com\nmax_age: 1209600\n',
    );
  });

  it('rebuilds an unparsable policy from its salvageable lines and the real MX hosts', () => {
    const report = createReport({
      evidence: createEvidence({
        policyFetch: createPolicyFetch({
          body: 'version: STSv2\r\nmode: enforce\r\nmx: bad_host!\r\nmax_age: 2000000\r\n',
        }),
        mxHosts: [createMxHost('mx1.example.com')],
      }),
    });
    expect(suggestFix(finding('policy.invalid'), report)?.text).toBe(
      'version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 2000000\n',
    );
  });

  it('defaults an HTML answer to a testing policy listing the MX hosts', () => {
    const report = createReport({
      evidence: createEvidence({
        policyFetch: createPolicyFetch({ body: '<html><body>Welcome</body></html>' }),
        mxHosts: [createMxHost('mx1.example.com')],
      }),
    });
    expect(suggestFix(finding('policy.html'), report)?.text).toBe(
      'version: STSv1\nmode: testing\nmx: mx1.example.com\nmax_age: 604800\n',
    );
  });

  it('gives no policy when neither the policy nor DNS names any mail host', () => {
    const report = createReport({
      evidence: createEvidence({ policyFetch: createPolicyFetch({ body: 'junk' }) }),
    });
    expect(suggestFix(finding('policy.invalid'), report)).toBeNull();
  });

  it('proposes the enforce version of a testing policy, with a warning to read the reports first', () => {
    const fix = suggestFix(finding('policy.mode.testing'), warningReport);
    expect(fix?.text).toContain('mode: enforce\n');
    expect(fix?.text).toContain('max_age: 1209600\n');
    expect(fix?.note).toMatch(/TLS reports/);
  });

  it('keeps valid rua URIs of a broken TLS-RPT record and drops the rest', () => {
    const report = createReport({
      evidence: createEvidence({
        tlsRptTxt: createDnsEvidence({
          name: '_smtp._tls.example.com',
          type: 'TXT',
          data: ['v=TLSRPTv1;rua=mailto:reports@example.net, ftp://x, https://r.example.net/tlsrpt'],
        }),
      }),
    });
    expect(suggestFix(finding('tlsrpt.invalid'), report)?.text).toBe(
      'v=TLSRPTv1; rua=mailto:reports@example.net,https://r.example.net/tlsrpt',
    );
  });

  it.each<FindingCode>(['record.missing', 'tlsrpt.missing'])(
    'leaves %s to the starter set when there is no MTA-STS at all',
    (code) => {
      expect(suggestFix(finding(code), noMtaStsReport)).toBeNull();
    },
  );

  it('suggests the record when a policy is served without one', () => {
    const report = createReport({ findings: [finding('policy.orphan')], evidence: successReport.evidence });
    expect(suggestFix(finding('policy.orphan'), report)?.text).toBe('v=STSv1; id=20260314093005');
  });

  it.each<FindingCode>([
    'policy.content-type',
    'dns.failed',
    'dane.absent',
    'no.such.code' as FindingCode /* a stored report from another version */,
  ])('has no snippet for %s', (code) => {
    expect(suggestFix(finding(code), warningReport)).toBeNull();
  });

  it.each<[FindingCode, RegExp, RegExp]>([
    [
      'policy.redirect',
      /^curl -sI https:\/\/mta-sts\.example\.com\/\.well-known\/mta-sts\.txt$/,
      /Location line/,
    ],
    [
      'policy.http-status',
      /^curl -si https:\/\/mta-sts\.example\.com\/\.well-known\/mta-sts\.txt$/,
      /HTTP 200/,
    ],
    [
      'policy.fetch.failed',
      /^openssl s_client -connect mta-sts\.example\.com:443 -servername mta-sts\.example\.com /,
      /Verify return code/,
    ],
  ])('gives for %s the command that shows what senders see', (code, command, note) => {
    const suggestion = suggestFix(finding(code), warningReport);
    expect(suggestion?.kind).toBe('command');
    expect(suggestion?.text).toMatch(command);
    expect(suggestion?.note).toMatch(note);
  });

  it('says the browser cannot see a redirect target it was not shown', () => {
    const report = { ...warningReport, evidence: { ...warningReport.evidence, policyFetch: null } };
    expect(suggestFix(finding('policy.redirect'), report)?.note).toMatch(/not shown the redirect target/);
  });
});

describe('fillFixText and splitCodeSpans', () => {
  it.each<[string, string]>([
    [
      'Serve it at https://mta-sts.<domain>/.well-known/mta-sts.txt',
      'Serve it at https://mta-sts.example.com/.well-known/mta-sts.txt',
    ],
    ['Publish _smtp._tls.<your domain>', 'Publish _smtp._tls.example.com'],
    ['such as "v=STSv1; id=20240101T000000"', 'such as "v=STSv1; id=20260314093005"'],
  ])('fills %s with the real domain and a fresh id', (text, filled) => {
    expect(fillFixText(text, warningReport)).toBe(filled);
  });

  it.each<[string, Array<{ code: boolean; text: string }>]>([
    [
      'Send `Content-Type: text/plain` now',
      [
        { code: false, text: 'Send ' },
        { code: true, text: 'Content-Type: text/plain' },
        { code: false, text: ' now' },
      ],
    ],
    ['no code', [{ code: false, text: 'no code' }]],
    [
      '`a``b`',
      [
        { code: true, text: 'a' },
        { code: true, text: 'b' },
      ],
    ],
  ])('splits %j into plain and code parts', (text, parts) => {
    expect(splitCodeSpans(text)).toEqual(parts);
  });
});
