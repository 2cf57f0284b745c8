#!/usr/bin/env node
// `npm test`: typecheck and lint, unit and component tests, then the end-to-end suites; every step runs even
// when an earlier one failed, and the last line is always the one total (`tests: N passed, M failed`).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

// Reports from an earlier run must not be counted as this run's results.
rmSync('reports', { recursive: true, force: true });

const steps = [
  ['npm', ['run', '-s', 'lint']],
  ['npm', ['run', '-s', 'test:unit']],
  ['npm', ['run', '-s', 'test:e2e']],
];
let status = 0;
const failedSteps = [];
for (const [command, args] of steps) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  const code = result.status ?? 1;
  if (code !== 0) {
    console.error(`\n${args.at(-1)} failed (exit ${code})`);
    failedSteps.push(args.at(-1));
    if (status === 0) status = code;
  }
}
// A failed lint has no test report: the totals count it as a failure, so the last line never looks green.
const totals = spawnSync('node', ['scripts/test-totals.mjs'], {
  stdio: 'inherit',
  env: { ...process.env, FAILED_STEPS: failedSteps.filter((s) => s === 'lint').join(',') },
});
process.exit(status || (totals.status ?? 1));
