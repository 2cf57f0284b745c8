// The command line against the local DoH and HTTPS policy servers: in-process (main with its own streams and
// the test world's fetch) for what it writes, and the real bin, spawned twice, for when the process ends.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import type { JsonExport } from '../../lib/audit/export';
import { createCsvHeader } from '../../lib/audit/export';
import { parseCsv } from '../../lib/audit/parse-list';
import type { Report } from '../../lib/report/types';
import { BAD_LINES, bulkDomains, listWithBadLines } from '../support/cli-input';
import { startWorld, type World } from '../support/world';

let world: World;
let dir: string;
let caFile: string;

beforeAll(async () => {
  world = await startWorld({ httpsDoh: true, bulk: 200 });
  dir = mkdtempSync(join(tmpdir(), 'mta-sts-cli-'));
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, world.ca.cert);
}, 60_000);
afterAll(async () => {
  await world?.close();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as written, one entry per write. */
  writes: string[];
}

interface RunOptions {
  stdin?: string;
  tty?: boolean;
  fetch?: typeof fetch;
  /** Leave out the world's resolver (for resolver tests). */
  ownResolver?: boolean;
  /** Called on every stdout write. */
  onWrite?: (text: string) => void;
}

async function cli(args: string[], options: RunOptions = {}): Promise<Run> {
  const writes: string[] = [];
  const errors: string[] = [];
  const code = await main(options.ownResolver ? args : [...args, '--resolver', world.dohUrl], {
    stdout: {
      write: (text: string) => {
        options.onWrite?.(text);
        writes.push(text);
      },
    },
    stderr: { write: (text: string) => errors.push(text), isTTY: options.tty ?? false },
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    fetch: options.fetch ?? world.fetch,
  });
  return { code, stdout: writes.join(''), stderr: errors.join(''), writes };
}

const json = (run: Run) => JSON.parse(run.stdout) as JsonExport;
const checkedDomains = (run: Run) => json(run).reports.map((r) => r.domain);

describe('mta-sts: one domain', () => {
  it('prints the readable report with its fixes and exits 0 for enforced MTA-STS', async () => {
    const run = await cli(['enforce.test']);
    expect(run.stdout).toMatch(/^enforce\.test: SUCCESS\n/);
    expect(run.stdout).toContain('MX 10 mx1.enforce.test covered by mx1.enforce.test');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it.each([
    [
      'testing mode',
      'testing.test',
      '      Policy file at https://mta-sts.testing.test/.well-known/mta-sts.txt:',
    ],
    ['testing mode', 'testing.test', '        mode: enforce'],
    ['no MTA-STS at all', 'norecord.test', '  Set up MTA-STS: norecord.test has none yet.'],
    ['no MTA-STS at all', 'norecord.test', '        mx: mx1.norecord.test'],
  ])('gives the popup’s fix for %s (%s)', async (_case, domain, line) => {
    const run = await cli([domain]);
    expect(run.stdout).toContain(`\n${line}`);
    expect(run.stdout).toContain('\n      How to fix: ');
  });
});

describe('mta-sts: exit code is the worst status', () => {
  it.each([
    ['every domain SUCCESS', 0, ['enforce.test', 'split.test']],
    ['one WARNING', 1, ['enforce.test', 'testing.test']],
    ['one ERROR (our lookup failed)', 2, ['testing.test', 'servfail.test']],
    ['an argument that is not a domain', 2, ['enforce.test', 'localhost']],
  ])('%s → exit %i', async (_case, code, args) => {
    expect((await cli([...args, '--format', 'csv'])).code).toBe(code);
  });
});

describe('mta-sts: what is checked', () => {
  it.each([
    ['a URL gives its registrable domain', ['https://www.enforce.test/contact?x=1'], [], ['enforce.test']],
    ['--exact keeps the URL’s host', ['https://www.enforce.test/contact'], ['--exact'], ['www.enforce.test']],
    ['an e-mail address gives its domain', ['postmaster@enforce.test'], [], ['enforce.test']],
    ['an address keeps its exact domain', ['jane@mail.enforce.test'], [], ['mail.enforce.test']],
    ['a host name is reduced', ['MTA-STS.Testing.Test.'], [], ['testing.test']],
    ['duplicates are checked once', ['enforce.test', 'https://enforce.test/'], [], ['enforce.test']],
  ])('%s', async (_case, entries, flags, domains) => {
    const run = await cli([...entries, ...flags, '--json']);
    expect(checkedDomains(run)).toEqual(domains);
  });

  it('names each argument that is not a domain on stderr and checks the others', async () => {
    const run = await cli(['enforce.test', 'not a domain!', 'localhost', '--json']);
    expect(checkedDomains(run)).toEqual(['enforce.test']);
    expect(run.stderr).toMatch(/^mta-sts: argument 2: "not a domain!" is not checked: .+$/m);
    expect(run.stderr).toMatch(/^mta-sts: argument 3: "localhost" is not checked: .*single name.*$/m);
    expect(run.code).toBe(2);
  });
});

describe('mta-sts --format json', () => {
  it.each([
    ['one domain', ['enforce.test']],
    ['several domains', ['enforce.test', 'testing.test', 'nullmx.test']],
  ])('is one { generatedAt, count, reports } document for %s', async (_case, domains) => {
    const run = await cli([...domains, '--json']);
    const doc = json(run);
    expect(Object.keys(doc)).toEqual(['generatedAt', 'count', 'reports']);
    expect(doc.count).toBe(domains.length);
    expect(doc.reports.map((r) => r.domain)).toEqual(domains);
    expect(new Date(doc.generatedAt).toISOString()).toBe(doc.generatedAt);
  });

  it('is the same with --format json as with --json', async () => {
    const a = json(await cli(['enforce.test', '--json']));
    const b = json(await cli(['enforce.test', '--format', 'json']));
    expect(b.reports.map((r) => r.status)).toEqual(a.reports.map((r) => r.status));
  });
});

describe('mta-sts bulk: 200 domains from stdin against the local servers', () => {
  const expected = (domain: string) => world.scenarios[domain]?.expect.status;

  it('streams one NDJSON report per line as each check ends, and names the bad lines', async () => {
    const inFlight = new Set<Promise<unknown>>();
    const countingFetch: typeof fetch = (input, init) => {
      const request = world.fetch(input, init);
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request)).catch(() => undefined);
      return request;
    };
    let requestsWhenFirstWritten = -1;
    const run = await cli(['--input', '-', '--format', 'ndjson', '--concurrency', '16'], {
      stdin: listWithBadLines(bulkDomains(200)),
      fetch: countingFetch,
      onWrite: () => {
        if (requestsWhenFirstWritten === -1) requestsWhenFirstWritten = inFlight.size;
      },
    });

    const reports = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Report);
    expect(reports).toHaveLength(200);
    expect(run.writes).toHaveLength(200);
    expect(new Set(reports.map((r) => r.domain))).toEqual(new Set(bulkDomains(200)));
    for (const r of reports)
      expect({ domain: r.domain, status: r.status }).toEqual({
        domain: r.domain,
        status: expected(r.domain),
      });
    // Streamed: the first report was out while other checks were still fetching.
    expect(requestsWhenFirstWritten).toBeGreaterThan(0);

    for (const bad of BAD_LINES) {
      expect(run.stderr).toContain(`mta-sts: stdin line ${bad.line}: "${bad.text}" is not checked: `);
    }
    expect(run.stderr).toContain('mta-sts: 1 duplicate entry skipped');
    expect(run.code).toBe(2);
  }, 60_000);

  it('keeps more than 6 DNS questions at the resolver at once (nothing queues them in the CLI)', async () => {
    world.doh.setBehaviour({ latencyMs: 100 });
    world.doh.resetMaxInFlight();
    try {
      const run = await cli(['--input', '-', '--format', 'ndjson', '--concurrency', '8'], {
        stdin: bulkDomains(200).slice(0, 24).join('\n'),
      });
      expect(run.stdout.trimEnd().split('\n')).toHaveLength(24);
      expect(world.doh.maxInFlight).toBeGreaterThan(6);
    } finally {
      world.doh.setBehaviour({});
    }
  }, 60_000);

  it('writes the audit page’s CSV columns, one row per domain', async () => {
    const run = await cli(['-', '--format', 'csv', '--concurrency', '16'], {
      stdin: listWithBadLines(bulkDomains(200)),
    });
    expect(run.stdout.split('\r\n')[0]).toBe(createCsvHeader());
    const table = parseCsv(run.stdout);
    const column = (name: string) => table.columns.indexOf(name);
    expect(table.rows).toHaveLength(200);
    const statuses = new Map(table.rows.map((row) => [row[column('domain')], row[column('status')]]));
    for (const domain of bulkDomains(200))
      expect([domain, statuses.get(domain)]).toEqual([domain, expected(domain)]);
    const servfail = table.rows.find((row) => row[column('domain')] === 'bulk004.test');
    expect(servfail?.[column('attempts')]).toBe('2');
    expect(servfail?.[column('top_finding')]).toBe('dns.failed');
    expect(run.stderr).toContain(`stdin line ${BAD_LINES[0]?.line}:`);
  }, 60_000);
});

describe('mta-sts --input FILE', () => {
  it.each([
    ['a header name', ['--column', 'email']],
    ['a column number', ['--column', '2']],
    ['the column that looks like domains (.csv file)', []],
  ])('reads a CSV column chosen by %s', async (_case, flags) => {
    const file = join(dir, 'vendors.csv');
    writeFileSync(
      file,
      'Name,Email\r\nAcme,ops@enforce.test\r\n"Doe, Jane",jane@testing.test\r\nNobody,n/a\r\n',
    );
    const run = await cli(['--input', file, ...flags, '--json']);
    expect(checkedDomains(run)).toEqual(['enforce.test', 'testing.test']);
    expect(run.stderr).toContain(`mta-sts: ${file} line 4: "n/a" is not checked: `);
  });

  it('reads a plain list with comments, and the arguments too', async () => {
    const file = join(dir, 'list.txt');
    writeFileSync(file, '# vendors\nenforce.test\n\nhttps://www.testing.test/ # shop\n');
    const run = await cli(['nullmx.test', '--input', file, '--json']);
    expect(checkedDomains(run)).toEqual(['nullmx.test', 'enforce.test', 'testing.test']);
    expect(run.stderr).toBe('');
  });
});

describe('mta-sts --timeout bounds the whole run', () => {
  it('stops the checks still waiting on an unreachable resolver and reports them as ERROR', async () => {
    // A resolver that accepts the request and never answers; everything else is the local world.
    const pending = new Set<string>();
    const blackhole: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.hostname !== 'blackhole.test') return world.fetch(input, init);
      return new Promise((_resolve, reject) => {
        const id = `${url}#${Math.random()}`;
        pending.add(id);
        init?.signal?.addEventListener('abort', () => {
          pending.delete(id);
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    };
    const domains = bulkDomains(40);
    const run = await cli(
      [...domains, '--resolver', 'https://blackhole.test/dns-query', '--timeout', '300', '--json'],
      { fetch: blackhole, ownResolver: true },
    );
    const doc = json(run);
    expect(doc.reports.map((r) => r.domain)).toEqual(domains);
    for (const r of doc.reports) {
      expect(r.status).toBe('ERROR');
      expect(r.findings.map((f) => f.code)).toEqual(['check.timeout']);
    }
    expect(run.stderr).toContain('mta-sts: --timeout 300 ms reached: 40 unfinished checks reported as ERROR');
    expect(run.code).toBe(2);
    // The checks that were running were aborted, not left waiting.
    expect(pending.size).toBe(0);
  });
});

describe('mta-sts progress line', () => {
  it.each([
    ['a terminal', true, true],
    ['a pipe or a file', false, false],
  ])('is drawn when stderr is %s: %s', async (_what, tty, drawn) => {
    const run = await cli(['enforce.test', 'testing.test', '--concurrency', '1', '--format', 'csv'], { tty });
    expect(run.stderr.includes('\r\u001b[K')).toBe(drawn);
    expect(/\d+\/2 checked · \d+ SUCCESS · \d+ WARNING · \d+ ERROR/.test(run.stderr)).toBe(drawn);
  });
});

describe('mta-sts usage', () => {
  it('prints the usage on stdout for --help and exits 0', async () => {
    const run = await cli(['--help']);
    expect(run.stdout).toMatch(/^usage: mta-sts /);
    expect(run.stdout).toContain('--format FORMAT');
    expect(run.code).toBe(0);
  });

  it.each([
    ['nothing to check', [], /^usage: mta-sts /],
    ['an unknown option', ['a.test', '--nope'], /Unknown option '--nope'/],
    [
      'an unknown format',
      ['a.test', '--format', 'xml'],
      /--format must be text, json, ndjson, csv, not "xml"/,
    ],
    [
      '--json with another format',
      ['a.test', '--json', '--format', 'csv'],
      /--json contradicts --format csv/,
    ],
    ['concurrency 0', ['a.test', '--concurrency', '0'], /--concurrency must be a whole number from 1 to 32/],
    ['concurrency 33', ['a.test', '--concurrency', '33'], /--concurrency must be/],
    [
      'a timeout that is not a number',
      ['a.test', '--timeout', '2s'],
      /--timeout must be a positive whole number/,
    ],
    ['a timeout of 0', ['a.test', '--timeout', '0'], /--timeout must be/],
    [
      'an unknown resolver name',
      ['a.test', '--resolver', 'opendns'],
      /--resolver: The resolver must be cloudflare/,
    ],
    [
      'an http resolver',
      ['a.test', '--resolver', 'http://dns.test/q'],
      /--resolver: DNS-over-HTTPS needs an https/,
    ],
    [
      'a bad --connect-to',
      ['a.test', '--connect-to', 'a.test:443'],
      /--connect-to must be HOST:PORT:ADDR:PORT/,
    ],
    ['--column without input', ['a.test', '--column', '2'], /--column needs --input/],
    ['two inputs', ['-', '--input', 'x.txt'], /give one input/],
    [
      'a file that does not exist',
      ['--input', '/nonexistent/list.txt'],
      /cannot read \/nonexistent\/list\.txt/,
    ],
    ['a CSV without that column', ['--input', '-', '--column', 'Website'], /stdin has no column "Website"/],
    ['only lines that are not domains', ['localhost'], /nothing to check/],
  ])('exits 2 and says why for %s', async (_case, args, message) => {
    const run = await cli(args, { ownResolver: true, stdin: 'Name,Email\nx,a@b.test\n' });
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
  });
});

interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** performance.now() when the first and the last stdout bytes arrived, and when the process ended. */
  firstOutputAt: number;
  lastOutputAt: number;
  exitAt: number;
}

/** The package's `mta-sts` bin as npx runs it, trusting the test CA and reaching the world through --connect-to. */
function spawnBin(args: string[], stdin: string): Promise<ProcessRun> {
  const bin = (JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> }).bin[
    'mta-sts'
  ];
  const connectTo = Object.entries(world.hostMap).flatMap(([host, port]) => [
    '--connect-to',
    `${host}:${host === 'doh.test' ? port : 443}:127.0.0.1:${port}`,
  ]);
  const child = spawn(process.execPath, [bin as string, ...args, ...connectTo], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
  });
  const run = {
    stdout: '',
    stderr: '',
    firstOutputAt: Number.NaN,
    lastOutputAt: Number.NaN,
    exitAt: Number.NaN,
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const at = performance.now();
    if (run.stdout === '') run.firstOutputAt = at;
    run.lastOutputAt = at;
    run.stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    run.stderr += chunk;
  });
  child.on('exit', () => {
    run.exitAt = performance.now();
  });
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on('close', (code) => resolve({ ...run, code })));
}

/** A server that accepts connections and never answers: a resolver gone silent. */
async function startBlackhole(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('the mta-sts bin, a real process', () => {
  // Bounds on a hang, not performance figures: the process must not linger once its output is written.
  const EXIT_AFTER_LAST_OUTPUT_MS = 1000;

  it('checks 200 domains from stdin and exits as soon as the last result is written', async () => {
    const run = await spawnBin(
      ['--input', '-', '--format', 'ndjson', '--concurrency', '16', '--resolver', world.dohUrl],
      listWithBadLines(bulkDomains(200)),
    );
    const reports = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Report);
    expect(reports.map((r) => r.domain).sort()).toEqual(bulkDomains(200));
    for (const r of reports) {
      expect({ domain: r.domain, status: r.status }).toEqual({
        domain: r.domain,
        status: world.scenarios[r.domain]?.expect.status,
      });
    }
    for (const bad of BAD_LINES) expect(run.stderr).toContain(`mta-sts: stdin line ${bad.line}: `);
    expect(run.code).toBe(2);
    expect(run.exitAt - run.lastOutputAt).toBeLessThan(EXIT_AFTER_LAST_OUTPUT_MS);
  }, 60_000);

  it('with an unreachable resolver, ends within --timeout plus a second and reports every domain as ERROR', async () => {
    const blackhole = await startBlackhole();
    const timeoutMs = 1500;
    try {
      const run = await spawnBin(
        [
          '--input',
          '-',
          '--format',
          'csv',
          '--timeout',
          String(timeoutMs),
          '--resolver',
          `https://silent.test:${blackhole.port}/dns-query`,
          '--connect-to',
          `silent.test:${blackhole.port}:127.0.0.1:${blackhole.port}`,
        ],
        bulkDomains(200).join('\n'),
      );
      const table = parseCsv(run.stdout);
      const column = (name: string) => table.columns.indexOf(name);
      expect(table.rows).toHaveLength(200);
      for (const row of table.rows) {
        expect([row[column('status')], row[column('top_finding')]]).toEqual(['ERROR', 'check.timeout']);
      }
      expect(run.stderr).toContain(
        `--timeout ${timeoutMs} ms reached: 200 unfinished checks reported as ERROR`,
      );
      expect(run.code).toBe(2);
      // The CSV header is written as the run starts; the deadline is timeoutMs later.
      expect(run.exitAt - run.firstOutputAt).toBeLessThan(timeoutMs + 1000);
      expect(run.exitAt - run.lastOutputAt).toBeLessThan(EXIT_AFTER_LAST_OUTPUT_MS);
    } finally {
      await blackhole.close();
    }
  }, 60_000);
});
