// `mta-sts tlsrpt FILE… [--json]`, run in-process with captured output.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { runTlsRpt } from '../../cli/tlsrpt';

const CORPUS = resolve('..', 'shared', 'tlsrpt', 'reports');
const corpusFiles = readdirSync(CORPUS)
  .sort()
  .map((f) => join(CORPUS, f));
const junk = join(mkdtempSync(join(tmpdir(), 'tlsrpt-cli-')), 'notes.txt');
writeFileSync(junk, 'not a report');

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runTlsRpt(
    args,
    { write: (s: string) => (stdout += s) },
    { write: (s: string) => (stderr += s) },
  );
  return { code, stdout, stderr };
}

describe('mta-sts tlsrpt', () => {
  it('prints the per-domain summary and verdict for the real-world reports and exits 0', async () => {
    const { code, stdout } = await run(...corpusFiles);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Read 14 reports; 2 duplicates counted once\./);
    expect(stdout).toMatch(/^example\.com: 73 successful, 27 failed sessions in 7 reports/m);
    expect(stdout).toMatch(/^ {2}Ready to switch to enforce: not yet$/m);
    expect(stdout).toMatch(/^ {2}Mail bounced by MTA-STS: 0 sessions$/m);
    expect(stdout).toMatch(/^\(no policy domain\): 2 successful, unknown failed sessions/m);
  });

  it('prints JSON with the reports, the domains and their verdicts', async () => {
    const { code, stdout } = await run(...corpusFiles, '--json');
    expect(code).toBe(0);
    const data = JSON.parse(stdout) as {
      reports: unknown[];
      duplicates: unknown[];
      domains: Array<{ domain: string | null; readiness: { kind: string } | null }>;
    };
    expect(data.reports).toHaveLength(14);
    expect(data.duplicates).toHaveLength(2);
    const kinds = Object.fromEntries(data.domains.map((d) => [String(d.domain), d.readiness?.kind ?? null]));
    expect(kinds).toMatchObject({ 'example.com': 'not-ready', 'random.net': 'enforced', null: null });
  });

  it.each([
    [
      'a refused file among good ones',
      [corpusFiles[0] as string, junk],
      1,
      /1 file refused\.\n {2}.*notes\.txt: This is not a TLS report/,
    ],
    ['only refused files', [junk, '/nonexistent/report.json'], 2, /cannot read the file \(ENOENT\)/],
  ])('exits %s → %i and names each refused file', async (_name, files, exit, message) => {
    const { code, stdout } = await run(...files);
    expect(code).toBe(exit);
    expect(stdout).toMatch(message);
  });

  it.each([[[]], [['--bogus', 'x.json']]])('exits 2 with the usage for %j', async (args) => {
    const { code, stderr } = await run(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(/usage: mta-sts tlsrpt FILE/);
  });

  it('is reached through the main command as "tlsrpt"', async () => {
    let stdout = '';
    const write = (s: string) => (stdout += s);
    expect(await main(['tlsrpt', corpusFiles[0] as string], { stdout: { write }, stderr: { write } })).toBe(
      0,
    );
    expect(stdout).toMatch(/^Read 1 report\./);
  });
});
