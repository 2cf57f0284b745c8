// The CLI's output is piped to a capture (no pseudo-terminal): whatever the checked domain publishes, no raw
// control, escape, bidi or invisible character reaches stdout, in the text report or with --json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, startCliWorld } from '../support/cli-runner';
import { findRawSpoofCharacter, SPOOF_CHARACTERS } from '../support/report-fixtures';
import type { Scenario } from '../support/world';

const EVIL = SPOOF_CHARACTERS.map(([, c]) => c).join('');
const D = 'spoof.test';

/** Every network-derived field of the domain carries ESC/OSC/CSI, C1, bidi controls and invisible characters. */
const spoofScenario: Scenario = {
  zone: {
    '@': {
      MX: [
        [10, '\u202Emoc.elgoog.xm'],
        [20, `mx${EVIL}.${D}`],
      ],
    },
    '_mta-sts': { TXT: [`v=STSv1; id=1${EVIL}`] },
    '_smtp._tls': { TXT: [`v=TLSRPTv1; rua=mailto:a${EVIL}@${D}`] },
    'mta-sts': { A: ['127.0.0.1'] },
  },
  policy: {
    body: `version: STSv1\nmode: enforce\nmx: ${EVIL}.${D}\nmx: *.${D}\nmax_age: 86400\n${EVIL}\n`,
    headers: { 'content-type': 'text/plain' },
  },
  expect: { status: 'ERROR', codes: [] },
};

let env: CliWorld;

beforeAll(async () => {
  env = await startCliWorld({ bulk: 0, extra: { [D]: spoofScenario } });
});
afterAll(async () => {
  await env?.close();
});

const cli = (...args: string[]) => env.cli(...args);

describe('CLI output for a hostile domain', () => {
  it.each([
    ['the text report', [] as string[]],
    ['--json', ['--json']],
  ])('%s carries no raw control, escape, bidi or invisible character', async (_name, flags) => {
    const result = await cli(D, ...flags);
    expect(result.stdout).toContain(D);
    expect(findRawSpoofCharacter(result.stdout)).toBeNull();
    expect(findRawSpoofCharacter(result.stderr)).toBeNull();
  });

  it('shows the spoofed MX target visibly, so "mx.google.com" is not what the terminal displays', async () => {
    const { stdout } = await cli(D);
    expect(stdout).toContain('\\u202Emoc.elgoog.xm');
    expect(stdout).toContain('\\x1b]0;pwned\\x07');
  });

  it('keeps the JSON value: parsing --json gives back the MX host as published', async () => {
    const { stdout } = await cli(D, '--json');
    // One JSON shape whatever the number of domains: the audit page's export, reports in input order.
    const [report] = (
      JSON.parse(stdout) as { reports: Array<{ evidence: { mxHosts: Array<{ host: string }> } }> }
    ).reports;
    expect(report?.evidence.mxHosts.map((h) => h.host)).toContain('\u202Emoc.elgoog.xm');
  });
});
