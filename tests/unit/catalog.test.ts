import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG, getCodeInfo } from '../../lib/catalog';
import { createFindingCodeTable } from '../../lib/catalog/readme-table';

const AREAS = 'domain|record|policy|mx|tlsrpt|dns|dnssec|dane|check|permission|history';
// A finding code as it appears in source: code: 'policy.invalid' or a helper call finding('policy.invalid', …).
const CODE_LITERAL = new RegExp(
  `code: '((?:${AREAS})\\.[a-z0-9.-]+)'|\\(\\s*'((?:${AREAS})\\.[a-z0-9.-]+)'`,
  'g',
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.parentPath.includes('catalog'))
    .map((e) => join(e.parentPath, e.name));
}

function emittedCodes(): Set<string> {
  const codes = new Set<string>();
  for (const file of [...sourceFiles('lib'), ...sourceFiles('components'), ...sourceFiles('utils')]) {
    for (const m of readFileSync(file, 'utf8').matchAll(CODE_LITERAL)) codes.add((m[1] ?? m[2]) as string);
  }
  return codes;
}

describe('finding-code catalogue', () => {
  it('finds the codes it should look for (the scan itself works)', () => {
    const codes = emittedCodes();
    for (const code of ['record.missing', 'policy.invalid', 'mx.uncovered', 'dns.failed', 'tlsrpt.missing']) {
      expect(codes).toContain(code);
    }
  });

  it('has a title for every code the code can emit', () => {
    const missing = [...emittedCodes()].filter((code) => !getCodeInfo(code));
    expect(missing).toEqual([]);
  });

  it.each(Object.entries(CATALOG))('gives %s a one-line title', (_code, info) => {
    expect(info.title.length).toBeGreaterThan(10);
    expect(info.title).not.toMatch(/\n/);
  });

  it('matches the table in README.md (run `npx tsx scripts/readme-codes.ts --write` after changing it)', () => {
    expect(readFileSync('README.md', 'utf8')).toContain(createFindingCodeTable());
  });
});
