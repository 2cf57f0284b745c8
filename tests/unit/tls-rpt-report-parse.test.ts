// The reader on synthetic input the real-world corpus lacks: hostile, broken and unusual reports.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { nodeGunzip } from '../../cli/node-gunzip';
import { MAX_INPUT_BYTES, parseTlsRptReport, platformGunzip, RESULT_TYPES } from '../../lib/index';
import { createReportEmail, createReportJson, gzipBytes, toBytes } from '../support/tlsrpt-fixtures';

const text = (s: string) => new TextEncoder().encode(s);

async function parseOk(bytes: Uint8Array) {
  const result = await parseTlsRptReport(bytes);
  if (!result.ok) throw new Error(result.error);
  return result;
}

describe('parseTlsRptReport: what it refuses, with a clear message', () => {
  it.each([
    ['an empty file', new Uint8Array(), /empty/],
    ['text that is not JSON', text('hello, this is not a report'), /not a TLS report/],
    ['broken JSON', text('{"policies": ['), /not valid JSON/],
    ['JSON without policies', text('{"organization-name": "x"}'), /no "policies" list/],
    ['a JSON list', text('[{"policies": []}]'), /is a list/],
    ['a JSON string', text('"policies"'), /not an object|not a TLS report/],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), /UTF-8/],
    ['a truncated gzip', gzipBytes(toBytes(createReportJson())).subarray(0, 60), /damaged or incomplete/],
    [
      'gzip with trailing junk',
      new Uint8Array([...gzipBytes(toBytes(createReportJson())), 1, 2, 3]),
      /damaged/,
    ],
    ['gzip of plain text', gzipBytes(text('just words')), /does not contain a JSON report/],
    [
      'an e-mail without any attachment',
      createReportEmail(toBytes(createReportJson()), { attach: false }),
      /no attachment/,
    ],
    [
      'an e-mail whose attachment is not a report',
      createReportEmail(text('%PDF-1.4'), { gzip: false, contentType: 'application/pdf' }),
      /carries no TLS report/,
    ],
    [
      'an e-mail whose report part is damaged gzip',
      createReportEmail(gzipBytes(toBytes(createReportJson())).subarray(0, 60), {
        gzip: false,
        contentType: 'application/tlsrpt+gzip',
      }),
      /^The attachment ".*json": The gzip data is damaged or incomplete/,
    ],
  ])('refuses %s', async (_name, bytes, message) => {
    const result = await parseTlsRptReport(bytes);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it('refuses a 50 MB gzip bomb without inflating it all', async () => {
    const bomb = new Uint8Array(gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20)));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const result = await parseTlsRptReport(bomb);
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/more than 20 MB.*decompression bomb/),
    });
  });

  it('refuses a 50 MB input before reading it', async () => {
    const big = new Uint8Array(50 * 1024 * 1024).fill(0x20);
    big[0] = 0x7b;
    expect(big.length).toBeGreaterThan(MAX_INPUT_BYTES);
    const result = await parseTlsRptReport(big);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/50\.0 MB.*refused/) });
  });
});

describe('parseTlsRptReport: what it reads past, with a warning', () => {
  it('reads session counts written as strings and says so', async () => {
    const json = createReportJson({
      success: '120',
      failures: [
        {
          'result-type': 'certificate-expired',
          'failed-session-count': '3',
          'sending-mta-ip': '192.0.2.1',
          'receiving-mx-hostname': 'mx1.example.com',
        },
      ],
    });
    const { report, warnings } = await parseOk(toBytes(json));
    expect(report.policies[0]?.successCount).toBe(120);
    expect(report.policies[0]?.failures[0]?.count).toBe(3);
    expect(warnings.join('\n')).toMatch(/"120" instead of a number; read as 120/);
  });

  it.each(RESULT_TYPES.map((t) => [t]))('reads result type %s without a warning', async (resultType) => {
    const json = createReportJson({
      failures: [
        {
          'result-type': resultType,
          'failed-session-count': 2,
          'sending-mta-ip': '192.0.2.1',
          'receiving-mx-hostname': 'mx1.example.com',
        },
      ],
    });
    const { report, warnings } = await parseOk(toBytes(json));
    expect(report.policies[0]?.failures[0]).toMatchObject({ resultType, count: 2 });
    expect(warnings).toEqual([]);
  });

  it('keeps an unknown result type as written and warns', async () => {
    const json = createReportJson({
      failures: [
        {
          'result-type': 'quantum-failure',
          'failed-session-count': 1,
          'sending-mta-ip': '192.0.2.1',
          'receiving-mx-hostname': 'mx1.example.com',
        },
      ],
    });
    const { report, warnings } = await parseOk(toBytes(json));
    expect(report.policies[0]?.failures[0]?.resultType).toBe('quantum-failure');
    expect(warnings.join('\n')).toMatch(/"quantum-failure" is not one RFC 8460/);
  });

  it.each([
    ['2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', null],
    ['2026-11-01T00:00:00', '2026-11-01T00:00:00Z', /no time zone; read as UTC/],
    ['2026-11-01T02:00:00+02:00', '2026-11-01T00:00:00Z', null],
    ['2026-10-31T19:00:00-05:00', '2026-11-01T00:00:00Z', null],
    ['2026-11-01T00:00:00.250Z', '2026-11-01T00:00:00.250Z', null],
    ['2026-11-01', '2026-11-01T00:00:00Z', /no time of day/],
    ['2026-02-30T00:00:00Z', null, /not a real date/],
    ['yesterday', null, /not a date-time/],
  ])('reads start-datetime %s as %s', async (raw, iso, warning) => {
    const json = createReportJson();
    (json['date-range'] as Record<string, string>)['start-datetime'] = raw;
    const { report, warnings } = await parseOk(toBytes(json));
    expect(report.dateRange.start).toBe(iso);
    if (warning) expect(warnings.join('\n')).toMatch(warning);
    else expect(warnings).toEqual([]);
  });

  it('reads a 10,000-failure report and reports each repeated deviation once, counted', async () => {
    const failures = Array.from({ length: 10_000 }, (_, i) => ({
      'result-type': 'certificate-host-mismatch',
      'failed-session-count': 1,
      'receiving-mx-hostname': `mx${i % 7}.example.com`,
      'receiving-ip': `198.51.100.${i % 250}`,
    }));
    const { report, warnings } = await parseOk(gzipBytes(toBytes(createReportJson({ failures }))));
    expect(report.policies[0]?.failures).toHaveLength(10_000);
    expect(report.policies[0]?.failureCount).toBe(10_000);
    expect(warnings).toEqual([expect.stringMatching(/sending-mta-ip is missing.*\(10,000 times\)$/)]);
  });

  it.each([
    ['gzip-compressed JSON under any name', (b: Uint8Array) => gzipBytes(b)],
    ['an e-mail with a gzip part', (b: Uint8Array) => createReportEmail(b)],
    ['an e-mail with a JSON part', (b: Uint8Array) => createReportEmail(b, { gzip: false })],
    [
      'JSON with a byte order mark and CRLF',
      (b: Uint8Array) => text(`\uFEFF${new TextDecoder().decode(b).replace(/\n/g, '\r\n')}`),
    ],
  ])('reads %s like the plain JSON', async (_name, wrap) => {
    const bytes = toBytes(createReportJson({ id: 'wrapped' }));
    const plain = await parseOk(bytes);
    const wrapped = await parseOk(wrap(bytes));
    expect(wrapped.report).toEqual(plain.report);
  });

  it('reads a report part labelled application/octet-stream by its file name, with a warning', async () => {
    const email = createReportEmail(toBytes(createReportJson()), { contentType: 'application/octet-stream' });
    const { report, warnings } = await parseOk(email);
    expect(report.reportId).toBe('2026-11-01T00:00:00Z_example.com');
    expect(warnings.join('\n')).toMatch(/attached as application\/octet-stream/);
  });

  it.each([
    ['organization-name', null],
    ['report-id', null],
  ])('keeps a missing %s as null, never as an empty string', async (key) => {
    const json = createReportJson();
    delete json[key];
    const { report, warnings } = await parseOk(toBytes(json));
    expect(key === 'report-id' ? report.reportId : report.organizationName).toBeNull();
    expect(warnings.join('\n')).toMatch(new RegExp(`${key} is missing`));
  });

  it('keeps missing session totals as null, never as 0', async () => {
    const json = createReportJson();
    const policy = (json.policies as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    policy.summary = {};
    const { report } = await parseOk(toBytes(json));
    expect(report.policies[0]).toMatchObject({ successCount: null, failureCount: null });
  });

  it('reads a negative or fractional count as unknown', async () => {
    const json = createReportJson({ success: -4 });
    const { report, warnings } = await parseOk(toBytes(json));
    expect(report.policies[0]?.successCount).toBeNull();
    expect(warnings.join('\n')).toMatch(/-4, not a whole number/);
  });
});

describe.each([
  ['the platform DecompressionStream', platformGunzip],
  ['Node zlib (the command line)', nodeGunzip],
])('gzip through %s', (_name, gunzip) => {
  const report = toBytes(createReportJson({ id: 'gz' }));
  it.each([
    ['a report', gzipBytes(report), { ok: true }],
    [
      'a truncated gzip',
      gzipBytes(report).subarray(0, 60),
      { ok: false, error: expect.stringMatching(/damaged or incomplete/) },
    ],
    [
      'gzip with trailing junk',
      new Uint8Array([...gzipBytes(report), 1, 2, 3]),
      { ok: false, error: expect.stringMatching(/damaged/) },
    ],
    [
      'a 50 MB bomb',
      new Uint8Array(gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20))),
      { ok: false, error: expect.stringMatching(/more than 20 MB.*decompression bomb/) },
    ],
  ])('reads %s the same way', async (_what, bytes, expected) => {
    expect(await parseTlsRptReport(bytes, { gunzip })).toMatchObject(expected);
  });
});
