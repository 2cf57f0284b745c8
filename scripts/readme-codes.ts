// Writes the finding-code table into README.md from the catalogue (lib/catalog), so the two cannot drift.
//   npx tsx scripts/readme-codes.ts          print the table
//   npx tsx scripts/readme-codes.ts --write  update README.md between the markers
import { readFileSync, writeFileSync } from 'node:fs';
import { createFindingCodeTable, replaceFindingCodeTable } from '../lib/catalog/readme-table';

if (process.argv.includes('--write')) {
  const readme = readFileSync('README.md', 'utf8');
  writeFileSync('README.md', replaceFindingCodeTable(readme));
} else {
  process.stdout.write(createFindingCodeTable());
}
