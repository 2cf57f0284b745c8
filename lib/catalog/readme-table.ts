// The README's finding-code table, generated from the catalogue.
import { CATALOG } from './index';
import type { CodeInfo } from './types';

export const TABLE_START = '<!-- finding-codes:start -->';
export const TABLE_END = '<!-- finding-codes:end -->';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function createFindingCodeTable(): string {
  const rows = Object.entries(CATALOG as Record<string, CodeInfo>)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, info]) => `| \`${code}\` | ${cell(info.title)} | ${cell(info.fix ?? '')} |`);
  return `${['| code | meaning | how to fix |', '| --- | --- | --- |', ...rows].join('\n')}\n`;
}

export function replaceFindingCodeTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error('README.md lacks the finding-code markers');
  return `${readme.slice(0, start + TABLE_START.length)}\n${createFindingCodeTable()}${readme.slice(end)}`;
}
