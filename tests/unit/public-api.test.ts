import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as lib from '../../lib/index';

const run = promisify(execFile);

describe('lib/index.ts, the public surface', () => {
  it.each([
    'normalizeDomain',
    'parseStsRecord',
    'parsePolicy',
    'mxMatches',
    'parseTlsRptRecord',
    'verdict',
    'checkDomain',
  ])('exports %s as a function', (name) => {
    expect(typeof (lib as Record<string, unknown>)[name]).toBe('function');
  });

  it('loads in plain Node through tsx, without Vite or WXT', async () => {
    const script = `
      import { normalizeDomain, parseStsRecord, parsePolicy, mxMatches, parseTlsRptRecord, verdict } from './lib/index.ts';
      const out = {
        domain: normalizeDomain('https://www.Bücher.example/x'),
        record: parseStsRecord('v=STSv1; id=20261128').ok,
        policy: parsePolicy('version: STSv1\\nmode: enforce\\nmx: *.example.com\\nmax_age: 604800\\n').ok,
        match: mxMatches('*.example.com', 'mail.example.com'),
        rpt: parseTlsRptRecord('v=TLSRPTv1; rua=mailto:r@example.com').ok,
        status: verdict([{ code: 'record.missing', severity: 'warning', message: '' }]),
      };
      console.log(JSON.stringify(out));
    `;
    const { stdout } = await run('npx', ['tsx', '--input-type=module', '-e', script]);
    expect(JSON.parse(stdout)).toEqual({
      domain: { ok: true, domain: 'www.xn--bcher-kva.example', registrable: 'xn--bcher-kva.example' },
      record: true,
      policy: true,
      match: true,
      rpt: true,
      status: 'WARNING',
    });
  });
});

describe('lib/ stays pure', () => {
  const files = readdirSync('lib', { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));

  it.each(files)('%s uses no browser globals, WXT or path aliases', (file) => {
    const code = readFileSync(file, 'utf8')
      .replace(/\/\/.*$/gm, '')
      .replace(/\/\*[\s\S]*?\*\//g, '');
    expect(code).not.toMatch(/from ['"](wxt|#imports|@\/|~\/)/);
    expect(code).not.toMatch(/\b(browser|chrome)\.(runtime|tabs|storage|action|permissions)\b/);
    expect(code).not.toMatch(/\b(window|document|localStorage|navigator)\./);
  });
});
