import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '../support/world';

const run = promisify(execFile);
let world: World;
let caFile: string;

beforeAll(async () => {
  world = await startWorld({ httpsDoh: true });
  caFile = join(mkdtempSync(join(tmpdir(), 'mta-sts-cli-')), 'ca.pem');
  writeFileSync(caFile, world.ca.cert);
});
afterAll(async () => {
  await world?.close();
});

/** Runs the real CLI in a child process, trusting the test CA through NODE_EXTRA_CA_CERTS. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const connectTo = Object.entries(world.hostMap).flatMap(([host, port]) => [
    '--connect-to',
    `${host}:443:127.0.0.1:${port}`,
  ]);
  const dohPort = world.hostMap['doh.test'];
  const connectDoh = ['--connect-to', `doh.test:${dohPort}:127.0.0.1:${dohPort}`];
  try {
    const { stdout, stderr } = await run(
      'npx',
      ['tsx', 'cli/mta-sts.ts', ...args, '--resolver', world.dohUrl, ...connectTo, ...connectDoh],
      { env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile } },
    );
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

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
