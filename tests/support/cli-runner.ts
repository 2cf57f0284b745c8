// Runs the real CLI in a child process (its output piped, no terminal) against a local world, trusting the
// world's test CA through NODE_EXTRA_CA_CERTS and sending every host to the local servers with --connect-to.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startWorld, type World, type WorldOptions } from './world';

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliWorld {
  world: World;
  cli(...args: string[]): Promise<CliResult>;
  close(): Promise<void>;
}

export async function startCliWorld(options: WorldOptions = {}): Promise<CliWorld> {
  const world = await startWorld({ httpsDoh: true, ...options });
  const caFile = join(mkdtempSync(join(tmpdir(), 'mta-sts-cli-')), 'ca.pem');
  writeFileSync(caFile, world.ca.cert);
  return {
    world,
    async cli(...args) {
      const connectTo = Object.entries(world.hostMap).flatMap(([host, port]) => [
        '--connect-to',
        `${host}:443:127.0.0.1:${port}`,
      ]);
      const dohPort = world.hostMap['doh.test'];
      const connectDoh = ['--connect-to', `doh.test:${dohPort}:127.0.0.1:${dohPort}`];
      try {
        const { stdout, stderr } = await run(
          process.execPath,
          ['cli/mta-sts.mjs', ...args, '--resolver', world.dohUrl, ...connectTo, ...connectDoh],
          { env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile } },
        );
        return { code: 0, stdout, stderr };
      } catch (e) {
        const err = e as CliResult;
        return { code: err.code, stdout: err.stdout, stderr: err.stderr };
      }
    },
    close: () => world.close(),
  };
}
