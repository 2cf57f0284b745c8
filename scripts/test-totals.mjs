#!/usr/bin/env node
// Sums every vitest JSON report in reports/ into one line: `tests: N passed, M failed[, K skipped]`.
// A run that executed nothing must not look green, so a missing, unreadable or empty report, and a test
// file that failed before any test ran (e.g. an import error), each count as one failure, explained on stderr.
//
// Usage: node scripts/test-totals.mjs [expected-report.json ...]
//   expected reports default to vitest.json (unit + component), e2e.json (Chromium) and e2e-firefox.json
//   (Firefox); REPORTS_DIR overrides `reports`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.REPORTS_DIR ?? 'reports';
const expected =
  process.argv.length > 2 ? process.argv.slice(2) : ['vitest.json', 'e2e.json', 'e2e-firefox.json'];

let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];

function problem(message) {
  failed += 1;
  problems.push(message);
}

const present = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')) : [];
for (const name of expected) {
  if (!present.includes(name)) problem(`${join(dir, name)} is missing (that test run did not finish)`);
}

for (const name of present.sort()) {
  const path = join(dir, name);
  let report;
  try {
    report = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problem(`${path} is not valid JSON (${error.message})`);
    continue;
  }
  const isVitestReport =
    report !== null &&
    typeof report === 'object' &&
    typeof report.numTotalTests === 'number' &&
    Array.isArray(report.testResults);
  if (!isVitestReport) {
    if (expected.includes(name)) problem(`${path} is not a vitest JSON report`);
    else console.error(`test-totals: ignoring ${path} (not a vitest JSON report)`);
    continue;
  }
  const failedBefore = failed;
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  if (report.numTotalTests === 0) problem(`${path} ran zero tests`);
  for (const file of report.testResults) {
    const hasFailedTest = (file.assertionResults ?? []).some((test) => test.status === 'failed');
    // Vitest reports tests under a failed beforeAll, or in a file that failed to import, as skipped.
    if (file.status === 'failed' && !hasFailedTest) {
      problem(
        `${file.name}: a hook or the import failed, so its tests did not run (${file.message || 'see the log'})`,
      );
    }
  }
  if (report.success === false && failed === failedBefore) problem(`${path} marks the run as failed`);
}

for (const step of (process.env.FAILED_STEPS ?? '').split(',').filter(Boolean)) {
  problem(`npm run ${step} failed`);
}
for (const message of problems) console.error(`test-totals: ${message}`);
const line = `tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
console.log(line);
process.exit(failed > 0 ? 1 : 0);
