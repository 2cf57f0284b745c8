#!/usr/bin/env node
// Builds the extension and runs the end-to-end suites in real browsers: the Chrome MV3 build in Chromium,
// then the Firefox MV2 build in Firefox. Each suite writes its own vitest JSON report (the totals line reads
// both). Both suites run even when the first fails; the exit code is the first failing step's.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const SUITES = [
  { name: 'Chromium', build: ['wxt', 'build'], config: 'vitest.e2e.config.ts', report: 'reports/e2e.json' },
  {
    name: 'Firefox',
    build: ['wxt', 'build', '-b', 'firefox'],
    config: 'vitest.e2e-firefox.config.ts',
    report: 'reports/e2e-firefox.json',
  },
];

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

// Reports left over from an earlier run must not stand in for this one if a build or vitest dies early.
for (const suite of SUITES) rmSync(suite.report, { force: true });

let firstFailure = 0;
for (const suite of SUITES) {
  const started = Date.now();
  let status = run('npx', suite.build);
  if (status === 0) {
    status = run('npx', [
      'vitest',
      'run',
      '-c',
      suite.config,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${suite.report}`,
    ]);
  }
  console.log(
    `run-e2e: ${suite.name} suite ${status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  if (status !== 0 && firstFailure === 0) firstFailure = status;
}
process.exit(firstFailure);
