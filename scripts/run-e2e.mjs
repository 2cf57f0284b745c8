#!/usr/bin/env node
// Builds the Chrome MV3 extension, then runs the end-to-end suite against it in real Chromium.
// Exits with the first failing step's exit code so CI sees the failure.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const REPORT = 'reports/e2e.json';

function run(command, args) {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.error) {
    console.error(`run-e2e: could not start ${command}: ${result.error.message}`);
    return 1;
  }
  // A step killed by a signal has no exit status; it still must not look like success.
  return result.status ?? 1;
}

// A report left over from an earlier run must not stand in for this one if the build or vitest dies early.
rmSync(REPORT, { force: true });

let status = run('npx', ['wxt', 'build']);
if (status === 0) {
  status = run('npx', [
    'vitest',
    'run',
    '-c',
    'vitest.e2e.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${REPORT}`,
  ]);
}
process.exit(status);
