import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTlsRptFindings, parseTlsRptRecord, selectTlsRptRecords } from '../../lib/tls-rpt/record';

const KNOWN_CODES = new Set([
  'tlsrpt.missing',
  'tlsrpt.multiple',
  'tlsrpt.invalid',
  'tlsrpt.rua.invalid',
  'tlsrpt.rua.duplicate',
  'tlsrpt.unknown-field',
  'tlsrpt.valid',
]);

// Records assembled from the grammar's own pieces, good and bad, so that the parser's branches are reached.
const piece = fc.constantFrom(
  'rua=mailto:a@example.com',
  'rua=https://r.example.com/x',
  'rua=http://r.example.com/',
  'rua=mailto:a@example.com!10m',
  'rua=mailto:a@example.com, https://r.example.com/',
  'rua=',
  'RUA=mailto:a@example.com',
  'foo=bar',
  'x=a b',
  'junk',
  '',
  ' ',
);
const recordLike = fc
  .tuple(
    fc.constantFrom('v=TLSRPTv1', 'v=TLSRPTv1 ', 'v=tlsrptv1', ''),
    fc.array(piece, { maxLength: 5 }),
    fc.boolean(),
  )
  .map(([version, pieces, trailing]) => `${version};${pieces.join(';')}${trailing ? ';' : ''}`);
const anyText = fc.oneof(recordLike, fc.string(), fc.string({ unit: 'binary' }));

describe('parseTlsRptRecord properties', () => {
  it('never throws and always returns one of the two shapes with known info findings', () => {
    fc.assert(
      fc.property(anyText, (txt) => {
        const result = parseTlsRptRecord(txt);
        for (const f of result.findings) {
          expect(KNOWN_CODES.has(f.code)).toBe(true);
          expect(f.severity).toBe('info');
        }
        if (result.ok) {
          expect(result.record.version).toBe('TLSRPTv1');
          expect(result.record.rua.length).toBeGreaterThan(0);
          expect(result.findings.at(-1)?.code).toBe('tlsrpt.valid');
        } else {
          expect(result.findings.filter((f) => f.code === 'tlsrpt.invalid')).toHaveLength(1);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts only records that start with the exact version tag', () => {
    fc.assert(
      fc.property(anyText, (txt) => {
        if (parseTlsRptRecord(txt).ok) expect(txt.startsWith('v=TLSRPTv1')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('handles a 1 MB record without throwing', () => {
    const huge = `v=TLSRPTv1; rua=${'mailto:a@example.com,'.repeat(50_000)}`;
    expect(parseTlsRptRecord(huge).ok).toBe(false);
    expect(parseTlsRptRecord('x'.repeat(1_000_000)).ok).toBe(false);
  });
});

describe('selectTlsRptRecords and createTlsRptFindings properties', () => {
  it('agree with each other on any list of records', () => {
    fc.assert(
      fc.property(fc.array(anyText, { maxLength: 4 }), (txts) => {
        const selection = selectTlsRptRecords(txts);
        const { record, findings } = createTlsRptFindings(txts);
        expect(findings.length).toBeGreaterThan(0);
        if (selection.kind === 'multiple') expect(findings.map((f) => f.code)).toEqual(['tlsrpt.multiple']);
        if (selection.kind !== 'one') expect(record).toBeNull();
        if (record !== null) expect(selection.kind).toBe('one');
      }),
      { numRuns: 500 },
    );
  });
});
