import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG, getCodeInfo } from '../../lib/catalog/index';
import { createFindingCodeTable } from '../../lib/catalog/readme-table';

// Every emitted code is a FindingCode, so the compiler already refuses a code without an entry. The
// other direction needs the source: a catalogued code that nothing emits is dead text.
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.parentPath.includes('catalog'))
    .map((e) => join(e.parentPath, e.name));
}

function quotedCodes(): Set<string> {
  const codes = new Set<string>();
  for (const file of sourceFiles('lib')) {
    for (const m of readFileSync(file, 'utf8').matchAll(/'([a-z]+(?:\.[a-z0-9-]+)+)'/g))
      codes.add(m[1] as string);
  }
  return codes;
}

describe('finding-code catalogue', () => {
  it('finds quoted codes in lib/ (the scan itself works)', () => {
    const codes = quotedCodes();
    for (const code of ['record.missing', 'policy.invalid', 'mx.uncovered', 'dns.failed', 'tlsrpt.missing']) {
      expect(codes).toContain(code);
    }
    expect(codes).not.toContain('permission.missing');
  });

  it('catalogues no code that lib/ never emits', () => {
    const quoted = quotedCodes();
    const unused = Object.keys(CATALOG).filter((code) => !quoted.has(code));
    expect(unused).toEqual([]);
  });

  it.each([
    ['a known code', 'record.missing', true],
    ['an unknown code read back from storage', 'no.such.code', false],
    ['an inherited property name', 'toString', false],
  ])('looks up %s safely', (_, code, known) => {
    expect(getCodeInfo(code) !== undefined).toBe(known);
  });

  it.each(Object.entries(CATALOG))('gives %s a one-line title', (_code, info) => {
    expect(info.title.length).toBeGreaterThan(10);
    expect(info.title).not.toMatch(/\n/);
  });

  it('matches the table in README.md (run `npx tsx scripts/readme-codes.ts --write` after changing it)', () => {
    expect(readFileSync('README.md', 'utf8')).toContain(createFindingCodeTable());
  });
});
