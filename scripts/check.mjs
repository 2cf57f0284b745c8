#!/usr/bin/env node
// `npm run check` has two jobs, as the project's issues ask for both:
//   npm run check                 → typecheck + lint (same as `npm run lint`)
//   npm run check -- <domain...>  → the command-line MTA-STS checker (same as `npm run mta-sts -- …`)
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const run = (cmd, argv) => spawnSync(cmd, argv, { stdio: 'inherit', shell: false }).status ?? 2;

if (args.length === 0) {
  const tsc = run('npx', ['tsc', '--noEmit']);
  if (tsc !== 0) process.exit(tsc);
  process.exit(run('npx', ['biome', 'check', '.']));
}
process.exit(run('npx', ['tsx', 'cli/mta-sts.ts', ...args]));
