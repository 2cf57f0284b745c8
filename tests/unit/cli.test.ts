import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, startCliWorld } from '../support/cli-runner';

const run = promisify(execFile);
let env: CliWorld;

beforeAll(async () => {
  env = await startCliWorld();
});
afterAll(async () => {
  await env?.close();
});

/** Runs the real CLI in a child process, trusting the test CA through NODE_EXTRA_CA_CERTS. */
const cli = (...args: string[]) => env.cli(...args);

describe('command line', () => {
  it('exits 0 and prints a readable SUCCESS report for a domain with enforced MTA-STS', async () => {
    const result = await cli('enforce.test');
    expect(result.stdout).toContain('enforce.test: SUCCESS');
    expect(result.stdout).toContain('mx1.enforce.test');
    expect(result.code).toBe(0);
  });

  it('exits 1 with a JSON report array for several domains when one is WARNING', async () => {
    const result = await cli('enforce.test', 'testing.test', '--json');
    const reports = JSON.parse(result.stdout) as Array<{ domain: string; status: string }>;
    expect(reports.map((r) => [r.domain, r.status])).toEqual([
      ['enforce.test', 'SUCCESS'],
      ['testing.test', 'WARNING'],
    ]);
    expect(result.code).toBe(1);
  });

  it('exits 2 for input that is not a domain', async () => {
    const result = await cli('localhost');
    expect(result.stdout).toContain('ERROR');
    expect(result.code).toBe(2);
  });

  it('exits 2 with a usage message for an unknown resolver name', async () => {
    const { code, stderr } = await run('npx', [
      'tsx',
      'cli/mta-sts.ts',
      'a.test',
      '--resolver',
      'opendns',
    ]).then(
      (r) => ({ code: 0, stderr: r.stderr }),
      (e) => e as { code: number; stderr: string },
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/--resolver must be/);
  });
});
