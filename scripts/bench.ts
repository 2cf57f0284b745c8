// Benchmarks: prints figures, asserts nothing. `npm run bench`
//   1. parsers on a 64 KiB policy, a record and MX matching (µs per call)
//   2. a full check against local servers with 100 ms injected on every DoH answer and policy response:
//      wall time ÷ 100 ms (critical path: two dependent rounds, MX then TLSA; target ≤ 2.5) and DoH queries
//   3. popup bundle size, gzipped (target ≤ 30 KB), when a build exists
//   tlsrpt: reading 1,000 typical TLS reports, a third each .json, .json.gz and .eml (target < 1 s)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { nodeGunzip } from '../cli/node-gunzip';
import { checkDomain } from '../lib/check/check-domain';
import { suggestFix } from '../lib/fixes';
import { mxMatches } from '../lib/mta-sts/mx-match';
import { parsePolicy } from '../lib/mta-sts/policy';
import { parseStsRecord } from '../lib/mta-sts/record';
import { platformGunzip } from '../lib/tls-rpt/reports/gunzip';
import { parseTlsRptReport } from '../lib/tls-rpt/reports/parse';
import { type ImportedReport, summarizeReports } from '../lib/tls-rpt/reports/summary';
import { createReportEmail, createReportJson, gzipBytes, toBytes } from '../tests/support/tlsrpt-fixtures';
import { createBigMxScenario, startWorld } from '../tests/support/world';

function time(label: string, iterations: number, fn: () => unknown): number {
  for (let i = 0; i < Math.min(iterations, 200); i++) fn(); // warm-up
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  const perCall = ((performance.now() - start) / iterations) * 1000;
  console.log(`${label.padEnd(52)} ${perCall.toFixed(2).padStart(10)} µs/call  (${iterations} calls)`);
  return perCall;
}

/** The middle value (the upper one of the two middle values of an even count). */
function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
}

type PipeWorld = import('../tests/e2e/support/devtools-pipe').PipeExtensionWorld;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A browser section (or the browser part `what` of one) that cannot run here, with no Chromium or no build,
 * says why in one line and is skipped.
 */
function skipped(error: unknown, what?: string): void {
  console.log(`${what ? `${what}: ` : ''}skipped: ${(error as Error).message.split('\n')[0]}`);
}

/** The pipe harness of the browser sections, or null (said as skipped) where it cannot be loaded. */
async function pipeHarness(): Promise<typeof import('../tests/e2e/support/devtools-pipe') | null> {
  try {
    return await import('../tests/e2e/support/devtools-pipe');
  } catch (error) {
    skipped(error);
    return null;
  }
}

/** The world's bulk domains whose check ends in SUCCESS: each timed popup checks one not checked before. */
function successDomains(env: PipeWorld): string[] {
  return Object.keys(env.world.scenarios).filter(
    (d) => d.startsWith('bulk') && env.world.scenarios[d]?.expect.status === 'SUCCESS',
  );
}

/**
 * Times the popup of a check that must end in SUCCESS (a figure for anything else, a resolver that was not set
 * or a broken build, would be a figure for something else), then lets the check's last round (DANE) end, so
 * the next run starts on an idle worker and does not queue behind this one's lookups.
 */
async function timeSuccessfulPopup(env: PipeWorld, domain: string, latencyMs: number, extensionId?: string) {
  const times = await env.timePopup(domain, extensionId);
  return { ...times, final: await successAt(times.shown, domain, latencyMs) };
}

/** The same for the real toolbar popup over a web tab of `domain`, which must be the domain it checked. */
async function timeSuccessfulToolbarPopup(
  env: PipeWorld,
  domain: string,
  latencyMs: number,
  extensionId?: string,
) {
  const times = await env.timeToolbarPopup(domain, extensionId);
  if (times.domain !== domain) throw new Error(`toolbar popup over ${domain} checked ${times.domain}`);
  return successAt(times.shown, domain, latencyMs);
}

/** When SUCCESS was in the page (anything else is an error), once the check's last round has ended. */
async function successAt(shown: Record<string, number>, domain: string, latencyMs: number): Promise<number> {
  if (shown.SUCCESS === undefined)
    throw new Error(`${domain}: expected SUCCESS, saw ${JSON.stringify(shown)}`);
  await sleep(2 * latencyMs + 100);
  return shown.SUCCESS;
}

/** A valid policy of about `bytes` characters, filled with `mx:` lines. */
function createLargePolicy(
  bytes: number,
  mxValue = (i: number) => `mx${i}.mail-cluster-${i % 97}.example.com`,
  eol = '\r\n',
): string {
  const lines = ['version: STSv1', 'mode: enforce', 'max_age: 1209600'];
  let size = lines.join(eol).length;
  for (let i = 0; size < bytes - 40; i++) {
    const line = `mx: ${mxValue(i)}`;
    lines.push(line);
    size += line.length + eol.length;
  }
  return `${lines.join(eol)}${eol}`;
}

async function benchParsers() {
  console.log('\n## Parsers');
  const policy = createLargePolicy(64 * 1024);
  const parsed = parsePolicy(policy);
  console.log(
    `64 KiB policy: ${policy.length} bytes, ${parsed.ok ? parsed.policy.mx.length : 0} mx lines, valid=${parsed.ok}`,
  );
  // Bodies are built outside the timed calls, so only parsing is measured (target: ≤ 250 µs each).
  const lf = policy.replace(/\r\n/g, '\n');
  const shortLines = createLargePolicy(64 * 1024, (i) => `m${i}.ex.com`, '\n');
  const upperCase = policy.replace(/^mx: .*/gm, (line) => `mx: ${line.slice(4).toUpperCase()}`);
  const allInvalid = policy.replace(/^(mx: .*)\r$/gm, '$1.\r');
  time('parsePolicy (64 KiB, CRLF)', 500, () => parsePolicy(policy));
  time('parsePolicy (64 KiB, LF)', 500, () => parsePolicy(lf));
  const shortCount = shortLines.split('\n').length - 1;
  time(`parsePolicy (64 KiB, ${shortCount} short lines)`, 500, () => parsePolicy(shortLines));
  time('parsePolicy (64 KiB, upper-case mx names)', 500, () => parsePolicy(upperCase));
  time('parsePolicy (64 KiB, every mx invalid)', 500, () => parsePolicy(allInvalid));
  time('parseStsRecord (typical)', 100000, () => parseStsRecord('v=STSv1; id=20261128T101500; ext=1'));
  time('parseStsRecord (64 KiB garbage)', 500, () => parseStsRecord(`v=STSv1; id=1; ${'x'.repeat(65536)}`));
  time('mxMatches (wildcard)', 200000, () => mxMatches('*.example.com', 'MX1.Example.COM.'));
}

async function benchCheck() {
  console.log('\n## Full check, 100 ms injected on every DoH answer and policy response');
  const latency = 100;
  const world = await startWorld({ httpsDoh: true, latencyMs: latency });
  try {
    const runs: number[] = [];
    let queries = 0;
    for (let i = 0; i < 5; i++) {
      const before = world.doh.requests.length;
      const started = performance.now();
      const report = await checkDomain('enforce.test', {
        fetch: world.fetch,
        resolverSetting: { kind: 'custom', url: world.dohUrl },
      });
      runs.push(performance.now() - started);
      queries = world.doh.requests.length - before;
      if (report.status !== 'SUCCESS') throw new Error(`expected SUCCESS, got ${report.status}`);
    }
    runs.sort((a, b) => a - b);
    console.log(
      `wall time, median of ${runs.length}: ${median(runs).toFixed(0)} ms (runs: ${runs.map((r) => r.toFixed(0)).join(', ')})`,
    );
    console.log(`wall time ÷ ${latency} ms: ${(median(runs) / latency).toFixed(2)}  (target ≤ 2.5)`);
    console.log(`DoH queries per check: ${queries}  (TXT ×2, MX, A, AAAA, TLSA × MX hosts)`);
  } finally {
    await world.close();
  }
}

function benchBundle() {
  console.log('\n## Popup bundle');
  const dir = '.output/chrome-mv3';
  if (!existsSync(join(dir, 'popup.html'))) {
    console.log('no build in .output/chrome-mv3: run `npm run build` first');
    return;
  }
  const html = readFileSync(join(dir, 'popup.html'), 'utf8');
  // popup.html itself counts: the popup's CSS is written into it (wxt.config.ts, inlinePopupStyles).
  const initial = [
    'popup.html',
    ...[...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1] as string),
  ];
  // Everything the popup can load: the files in its HTML plus the chunks they import, transitively
  // (a lazy chunk counts as soon as something imports it).
  const all = new Set(initial);
  for (const file of all) {
    if (!file.endsWith('.js')) continue;
    const code = readFileSync(join(dir, file), 'utf8');
    for (const m of code.matchAll(/["'`]\.\/([\w.-]+\.js)["'`]/g)) all.add(join('chunks', m[1] as string));
  }
  const size = (files: Iterable<string>) => {
    let raw = 0;
    let gz = 0;
    for (const f of files) {
      const buf = readFileSync(join(dir, f));
      raw += buf.length;
      gz += gzipSync(buf, { level: 9 }).length;
    }
    return `${(raw / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzipped`;
  };
  console.log(`popup HTML+CSS+JS, everything it loads: ${size(all)} (target ≤ 30 KB gzipped)`);
  console.log(`  of which before first paint: ${size(initial)}; files: ${[...all].join(', ')}`);
  const total = readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => statSync(f).isFile())
    .reduce((sum, f) => sum + statSync(f).size, 0);
  console.log(`whole extension: ${(total / 1024).toFixed(1)} KB`);
}

/**
 * First paint of the popup in headless Chromium (driven over a bare DevTools pipe, like the latency section):
 * its first contentful paint when that frame shows RUNNING (a check that takes a while: 300 ms injected on the
 * DoH answers), and when it shows a cached report's result. Times are from the page's navigation start.
 */
async function benchPopupPaint() {
  console.log('\n## Popup first paint in headless Chromium');
  const harness = await pipeHarness();
  if (!harness) return;
  const { startPipeExtensionWorld, statusAtFirstPaint } = harness;
  let env: PipeWorld;
  try {
    env = await startPipeExtensionWorld();
  } catch (error) {
    skipped(error);
    return;
  }
  try {
    // Each opening starts once the previous tab has gone and its check has ended (as in the latency section).
    const settle = () => sleep(100);
    await env.timePopup('nortp.test'); // warm-up: the popup's first opening in a new browser
    await settle();
    const running: number[] = [];
    const cached: number[] = [];
    // The floor on this machine: first contentful paint of an extension page with one line of text and no
    // script, opened right before each RUNNING popup.
    const blank: number[] = [];
    const latencyMs = 300;
    for (const domain of ['enforce', 'testing', 'norecord', 'uncovered', 'split']) {
      blank.push(await env.timeBlankPaint());
      await settle();
      env.world.doh.setBehaviour({ latencyMs });
      // A domain not checked before, so the popup's first frame shows the running state.
      const fresh = await env.timePopup(`${domain}.test`);
      running.push(statusAtFirstPaint(fresh) === 'RUNNING' ? fresh.firstPaint : Number.NaN);
      // Its check goes on in the background once the tab is closed (two rounds): the next popup is not timed
      // beside it.
      await sleep(2 * latencyMs + 100);
      env.world.resetDoh();
      // Checked a moment ago: the report is reused, and the first frame already shows it.
      cached.push((await env.timePopup('enforce.test')).firstPaint);
      await settle();
    }
    console.log(
      `RUNNING state painted: median ${median(running).toFixed(1)} ms after open (target ≤ 50 ms; runs ${running.map((x) => x.toFixed(0)).join(', ')})`,
    );
    console.log(
      `cached report painted: median ${median(cached).toFixed(1)} ms after open (target ≤ 100 ms; runs ${cached.map((x) => x.toFixed(0)).join(', ')})`,
    );
    console.log(
      `for scale, first contentful paint of the extension's one-line page with no script, opened before each RUNNING popup: median ${median(blank).toFixed(1)} ms (runs ${blank.map((x) => x.toFixed(0)).join(', ')})`,
    );
  } finally {
    await env.close();
  }
}

/**
 * Bulk audit: 500 domains at concurrency 8 against the local servers with 50 ms injected on every DoH answer
 * and policy response. Ideal = ceil(500 / 8) × one domain's critical path (a single check measured alone);
 * target ≤ 1.3×. ERROR domains are left out so no retries blur the figure.
 */
async function benchAudit() {
  console.log('\n## Bulk audit, 500 domains, concurrency 8, 50 ms injected latency');
  const { createAuditRun } = await import('../lib/audit/run-audit');
  const { createDnsCache, MAX_DOH_IN_FLIGHT_UNQUEUED } = await import('../lib/dns/cache');
  const latency = 50;
  const world = await startWorld({ httpsDoh: true, latencyMs: latency, bulk: 680 });
  const domains = Object.keys(world.scenarios)
    .filter((d) => d.startsWith('bulk') && world.scenarios[d]?.expect.status !== 'ERROR')
    .slice(0, 500);
  try {
    // As the command line runs it: its undici opens a connection per request when needed, so nothing queues.
    const deps = {
      fetch: world.fetch,
      resolverSetting: { kind: 'custom', url: world.dohUrl } as const,
      dohInFlight: () => MAX_DOH_IN_FLIGHT_UNQUEUED,
    };
    const singles: number[] = [];
    for (const d of domains.slice(0, 5)) {
      const t = performance.now();
      await checkDomain(d, deps);
      singles.push(performance.now() - t);
    }
    const path = median(singles);
    const dnsCache = createDnsCache();
    const started = performance.now();
    const run = createAuditRun(domains, {
      concurrency: 8,
      check: (d, signal) => checkDomain(d, { ...deps, dnsCache, signal }),
    });
    const final = await run.start();
    const wall = performance.now() - started;
    const ideal = Math.ceil(domains.length / 8) * path;
    console.log(`one domain's critical path, measured alone: ${path.toFixed(0)} ms (median of 5)`);
    console.log(
      `Node: ${final.done} domains in ${(wall / 1000).toFixed(2)} s; ideal ${(ideal / 1000).toFixed(2)} s; ratio ${(wall / ideal).toFixed(2)} (target ≤ 1.3)`,
    );
    console.log(`counts: ${JSON.stringify(final.counts)}`);
  } finally {
    await world.close();
  }
  await benchAuditPage(domains.length);
}

/** The same audit in the extension's audit page in headless Chromium: wall time and peak JS heap. */
/** Whole-machine CPU counters from /proc/stat (Linux), to tell a CPU-bound run from a waiting one. */
function readCpu(): { total: number; idle: number } | null {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    return { total, idle: (fields[3] ?? 0) + (fields[4] ?? 0) };
  } catch {
    return null;
  }
}

async function benchAuditPage(count: number) {
  let env: Awaited<ReturnType<typeof import('../tests/e2e/support/extension-world').startExtensionWorld>>;
  try {
    const { startExtensionWorld } = await import('../tests/e2e/support/extension-world');
    env = await startExtensionWorld({ latencyMs: 50, bulk: 680 });
  } catch (error) {
    skipped(error, 'audit page');
    return;
  }
  try {
    await env.useWorldResolver();
    const pool = Object.keys(env.world.scenarios).filter(
      (d) => d.startsWith('bulk') && env.world.scenarios[d]?.expect.status !== 'ERROR',
    );
    const domains = pool.slice(0, count);
    // The page's own per-domain path: 8 other domains one at a time (concurrency 1), same page and servers.
    const solo = await env.ext.openPage('audit.html');
    await solo.getByTestId('audit-input').fill(pool.slice(count, count + 8).join('\n'));
    await solo.getByTestId('audit-concurrency').fill('1');
    const soloStarted = performance.now();
    await solo.getByTestId('audit-run').click();
    await solo.getByTestId('audit-done').waitFor({ timeout: 60_000 });
    const pagePath = (performance.now() - soloStarted) / 8;
    await solo.close();
    const page = await env.ext.openPage('audit.html');
    const cdp = await env.ext.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const heap = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    };
    await page.getByTestId('audit-input').fill(domains.join('\n'));
    let peak = await heap();
    const cpuBefore = readCpu();
    const started = performance.now();
    await page.getByTestId('audit-run').click();
    const done = page.getByTestId('audit-done').waitFor({ timeout: 300_000 });
    let finished = false;
    done.then(() => {
      finished = true;
    });
    while (!finished) {
      peak = Math.max(peak, await heap());
      await sleep(100);
    }
    await done;
    const wall = performance.now() - started;
    const cpuAfter = readCpu();
    peak = Math.max(peak, await heap());
    const rows = await page.getByTestId('audit-count-total').textContent();
    console.log(
      `audit page: ${rows} domains in ${(wall / 1000).toFixed(2)} s; peak JS heap ${(peak / 1024 / 1024).toFixed(1)} MB`,
    );
    const pageIdeal = Math.ceil(domains.length / 8) * pagePath;
    console.log(
      `  one domain at a time in the page: ${pagePath.toFixed(0)} ms each; ideal ${(pageIdeal / 1000).toFixed(2)} s; ratio ${(wall / pageIdeal).toFixed(2)} (target ≤ 1.3)`,
    );
    if (cpuBefore && cpuAfter) {
      const busy = 1 - (cpuAfter.idle - cpuBefore.idle) / (cpuAfter.total - cpuBefore.total);
      console.log(
        `  the machine's ${cpus().length} cores were ${(busy * 100).toFixed(0)}% busy meanwhile (Chromium and the local servers share them)`,
      );
    }
    await page.close();
  } finally {
    await env.close();
  }
}

async function benchTlsRpt() {
  console.log('\n## TLS reports: 1,000 typical reports read (json, gz, eml in equal parts)');
  // A daily report for one domain from a big sender: a few failure details on most days.
  const files = Array.from({ length: 1000 }, (_, i) => {
    const failures = Array.from({ length: i % 6 }, (_, j) => ({
      'result-type': j % 2 ? 'certificate-host-mismatch' : 'sts-policy-fetch-error',
      'failed-session-count': 1 + j,
      'receiving-mx-hostname': `mx${j}.example.com`,
      'sending-mta-ip': `192.0.2.${j}`,
    }));
    const json = toBytes(
      createReportJson({
        id: `report-${i}`,
        day: `2026-11-${String((i % 30) + 1).padStart(2, '0')}`,
        failures,
      }),
    );
    return i % 3 === 0 ? json : i % 3 === 1 ? gzipBytes(json) : createReportEmail(json);
  });
  const bytes = files.reduce((n, f) => n + f.length, 0);
  console.log(
    `${files.length} files, ${(bytes / 1024).toFixed(0)} KB in all; target < 1000 ms (median of 3 rounds)`,
  );
  for (const [label, gunzip] of [
    ['the extension (platform DecompressionStream)', platformGunzip],
    ['the command line (Node zlib)', nodeGunzip],
  ] as const) {
    await parseTlsRptReport(files[2] as Uint8Array, { gunzip }); // warm-up (module init)
    const times: number[] = [];
    let accepted: ImportedReport[] = [];
    for (let round = 0; round < 3; round++) {
      accepted = [];
      const start = performance.now();
      for (const [i, f] of files.entries()) {
        const r = await parseTlsRptReport(f, { gunzip });
        if (r.ok) accepted.push({ fileName: String(i), report: r.report, warnings: r.warnings });
      }
      times.push(performance.now() - start);
    }
    const parseMedian = median(times);
    const start = performance.now();
    summarizeReports(accepted);
    const summarize = performance.now() - start;
    console.log(
      `  ${label.padEnd(46)} read ${accepted.length}: ${parseMedian.toFixed(0).padStart(5)} ms; summary per domain ${summarize.toFixed(0)} ms`,
    );
  }
  await benchTlsRptPage(files);
}

/** The same files dropped on the TLS reports page in headless Chromium: reading plus the page's own work. */
async function benchTlsRptPage(files: Uint8Array[]) {
  let ext: Awaited<ReturnType<typeof import('../tests/e2e/support/browser').launchExtension>>;
  try {
    const { launchExtension } = await import('../tests/e2e/support/browser');
    ext = await launchExtension();
  } catch (error) {
    skipped(error, '  the page in Chromium');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'tlsrpt-bench-'));
  try {
    const paths = files.map((f, i) => {
      const path = join(dir, `${i}${i % 3 === 0 ? '.json' : i % 3 === 1 ? '.json.gz' : '.eml'}`);
      writeFileSync(path, f);
      return path;
    });
    const page = await ext.openPage('tlsrpt.html');
    // Timed inside the page, from the input's change event to the summary on screen: Playwright's own transfer
    // of the files into the browser is not something a user's drop costs.
    await page.evaluate(() => {
      const w = window as unknown as { __t: { change?: number; done?: number } };
      w.__t = {};
      document.addEventListener('change', () => (w.__t.change ??= performance.now()), true);
      new MutationObserver(() => {
        if (w.__t.done === undefined && document.querySelector('[data-testid="tlsrpt-counts"]')) {
          w.__t.done = performance.now();
        }
      }).observe(document, { subtree: true, childList: true });
    });
    await page.getByTestId('tlsrpt-file').setInputFiles(paths);
    await page.getByText(`${files.length.toLocaleString('en')} reports read`).waitFor({ timeout: 60_000 });
    const wall = await page.evaluate(() => {
      const t = (window as unknown as { __t: { change: number; done: number } }).__t;
      return t.done - t.change;
    });
    console.log(
      `  ${'the page in Chromium (change event to summary)'.padEnd(46)} read ${files.length}: ${wall.toFixed(0).padStart(5)} ms`,
    );
  } finally {
    await ext.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A hostile but well-formed domain against local servers (no injected latency): 1,200 MX hosts and a
 * 2,400-line policy matching none of them. Wall time and main-thread CPU of the check, DoH queries sent, and
 * the time to build every finding's fix suggestion (what the popup does when it shows the report).
 */
async function benchHostile() {
  console.log('\n## Hostile domain: 1,200 MX hosts, 2,400 policy patterns (local servers, no latency)');
  const domain = 'big.test';
  const world = await startWorld({
    httpsDoh: true,
    bulk: 0,
    extra: { [domain]: createBigMxScenario(domain, 1200, 2400) },
  });
  try {
    const before = world.doh.requests.length;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const report = await checkDomain(domain, {
      fetch: world.fetch,
      resolverSetting: { kind: 'custom', url: world.dohUrl },
    });
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    console.log(
      `check: ${wall.toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU (this process, servers included), ${world.doh.requests.length - before} DoH queries, ${report.evidence.mxHosts.length} MX hosts examined, status ${report.status}`,
    );
    const suggestStarted = performance.now();
    for (const finding of report.findings) suggestFix(finding, report);
    console.log(
      `fix suggestions for all ${report.findings.length} findings: ${(performance.now() - suggestStarted).toFixed(1)} ms`,
    );
    const longest = Math.max(...report.findings.map((f) => f.message.length));
    console.log(`longest finding message: ${longest} characters`);
  } finally {
    await world.close();
  }
}

/**
 * Rounds of the latency section, each a blank page, a warm popup, a toolbar popup and a stopped-worker popup:
 * a popup's figure moves by ±10 ms from one opening to the next here, so its median needs that many.
 */
const ROUNDS = 15;

/** A difference with its sign, e.g. "+4" or "-2.5". */
function signed(x: number, digits = 0): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;
}

/**
 * Issue 11's targets for one latency, met or not in this run's medians. At 0 ms the final status is judged on
 * the real toolbar popup, what a click opens: the page opened in a tab first replaces about:blank's process,
 * and its script starts about 14 ms later than the toolbar popup's (41 against 27 ms after navigation start,
 * medians of 25 each). The RUNNING paint is the median of each round's popup paint minus its blank page's.
 */
function latencyTargets(
  latency: number,
  m: { toolbar: number; warm: number; stopped: number; paintGap: number; blank: number },
): string {
  const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
  if (latency === 0)
    return `targets at 0 ms: toolbar popup, worker running ≤ 80 ms: ${m.toolbar.toFixed(1)} ms, ${mark(m.toolbar <= 80)} (the blank extension page painted at ${m.blank.toFixed(0)} ms in this run; the issue's figures had it at about 44); RUNNING painted ≤ 15 ms after a blank extension page: ${signed(m.paintGap)} ms, ${mark(m.paintGap <= 15)}`;
  const r = (x: number) => x / latency;
  const warm = Math.max(r(m.toolbar), r(m.warm));
  return `targets at ${latency} ms: worker running ≤ 1.5× the latency: ${warm.toFixed(2)}× (the slower of the toolbar and tab popups), ${mark(warm <= 1.5)}; stopped worker ≤ 2.5×: ${r(m.stopped).toFixed(2)}×, ${mark(r(m.stopped) <= 2.5)}; RUNNING painted ≤ 15 ms after a blank extension page: ${signed(m.paintGap)} ms, ${mark(m.paintGap <= 15)}`;
}

/**
 * Check latency as the user sees it: popup open (navigation start) → final status, in headless Chromium
 * against the local servers with 0 ms and 200 ms injected on every DoH answer and policy response, with the
 * service worker running (warm) and after a full stop (worker and extension process, as after a pause). Also
 * the popup's first paint (first contentful paint: RUNNING, or already the verdict), against the first paint of
 * an extension page with no script. Those open popup.html?domain=… in a tab (the deep link); the real toolbar
 * popup over a web tab is timed as well (warm only: it is opened from the running worker), since that is what a
 * click on the toolbar button opens, and it first reads the tab. One browser per latency; each run checks
 * another domain, so no report or DNS cache helps. The final status is timed when it is in the page; its frame
 * is painted a little later.
 *
 * Chromium is driven over a bare DevTools pipe (tests/e2e/support/devtools-pipe.ts), not Playwright: on this
 * 2-core machine Playwright's own per-page work (its utility world, lifecycle and network events, polling the
 * page for the selector) ran inside the measured interval: alternating the two on one build, it added 10–30 ms to
 * the warm figures and 55–95 ms to the stopped-worker ones.
 */
async function benchLatency() {
  console.log('\n## Check latency: popup open → final status (headless Chromium, local servers)');
  const harness = await pipeHarness();
  if (!harness) return;
  const { startPipeExtensionWorld, statusAtFirstPaint } = harness;
  for (const latency of [0, 200]) {
    const env = await startPipeExtensionWorld({ latencyMs: latency, bulk: 200 });
    try {
      const domains = successDomains(env);
      const measure = async (domain: string) => {
        const times = await timeSuccessfulPopup(env, domain, latency);
        return { ...times, showedRunning: statusAtFirstPaint(times) === 'RUNNING' };
      };
      await measure(domains.pop() as string); // warm-up: worker started, connections open
      const warm: number[] = [];
      const stopped: number[] = [];
      const firstPaint: number[] = [];
      const firstPaintStopped: number[] = [];
      let showedRunning = 0;
      const blank: number[] = [];
      const paintAfterBlank: number[] = [];
      const toolbar: number[] = [];
      // Several rounds: this machine is shared, and single runs vary by tens of milliseconds. The blank page is
      // opened right before or right after the warm popup in each round (in turn, so neither is always the
      // first after a closed tab), and the two first paints are compared within the round, so a swing of the
      // machine falls on both.
      const timeBlank = async () => {
        const paint = await env.timeBlankPaint();
        // Its tab is closed: let the browser finish with it before the next run.
        await sleep(100);
        return paint;
      };
      for (let i = 0; i < ROUNDS; i++) {
        const blankFirst = i % 2 === 0 ? await timeBlank() : undefined;
        const w = await measure(domains.pop() as string);
        const b = blankFirst ?? (await timeBlank());
        blank.push(b);
        warm.push(w.final);
        firstPaint.push(w.firstPaint);
        paintAfterBlank.push(w.firstPaint - b);
        if (w.showedRunning) showedRunning++;
        toolbar.push(await timeSuccessfulToolbarPopup(env, domains.pop() as string, latency));
        await env.stopWorker();
        await sleep(300);
        const s = await measure(domains.pop() as string);
        stopped.push(s.final);
        firstPaintStopped.push(s.firstPaint);
      }
      const ratio = (x: number) => (latency > 0 ? ` = ${(x / latency).toFixed(2)}× the latency` : '');
      const runs = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
      console.log(
        `${latency} ms injected: warm ${median(warm).toFixed(0)} ms${ratio(median(warm))}; stopped worker ${median(stopped).toFixed(0)} ms${ratio(median(stopped))}  (runs warm ${runs(warm)}; stopped ${runs(stopped)})`,
      );
      console.log(
        `  the real toolbar popup over a web tab (it reads the tab, then checks the tab's domain), worker running: ${median(toolbar).toFixed(0)} ms${ratio(median(toolbar))}  (runs ${runs(toolbar)}; the other figures open popup.html?domain=… in a tab)`,
      );
      const paintGap = median(paintAfterBlank);
      console.log(
        `  popup's first paint at ${median(firstPaint).toFixed(0)} ms, showing RUNNING in ${showedRunning} of ${ROUNDS} runs, the verdict in the others (stopped worker: ${median(firstPaintStopped).toFixed(0)} ms); first paint of the extension's page with no script ${median(blank).toFixed(0)} ms; the popup's came ${signed(paintGap)} ms after it (median of the rounds: ${runs(paintAfterBlank)}); warm final status in the page ${(median(warm) - median(blank)).toFixed(0)} ms after that paint`,
      );
      console.log(
        `  ${latencyTargets(latency, { toolbar: median(toolbar), warm: median(warm), stopped: median(stopped), paintGap, blank: median(blank) })}`,
      );
    } finally {
      await env.close();
    }
  }
}

/**
 * Two builds side by side: `npm run bench -- compare <dirA> <dirB>` (e.g. `git worktree add /tmp/before HEAD~1`,
 * build there, and compare its `.output/chrome-mv3` with this one's). Both are loaded in one headless Chromium,
 * driven as in the latency section (popup.html?domain=… in a tab, worker running and stopped, and the real
 * toolbar popup over a web tab), and their popups alternate, so the machine's swings fall on both alike: on
 * this shared 2-core machine one build's median moves by 10–20 ms from one run to the next, more than most
 * changes worth measuring. Not part of a full run.
 */
async function benchCompare(dirs: string[]) {
  console.log(`\n## Two builds side by side: A = ${dirs[0]}, B = ${dirs[1]}`);
  const { startPipeExtensionWorld } = await import('../tests/e2e/support/devtools-pipe');
  for (const latency of [0, 200]) {
    const env = await startPipeExtensionWorld({ latencyMs: latency, bulk: 900, extensionDirs: dirs });
    try {
      const ids = env.browser.extensionIds;
      const domains = successDomains(env);
      const measure = (id: string) => timeSuccessfulPopup(env, domains.pop() as string, latency, id);
      for (const id of ids) await measure(id); // warm-up: workers started, connections open
      /** Each build's figures over `rounds` rounds: A then B, then B then A, so neither always follows the other. */
      const alternate = async <T>(rounds: number, time: (id: string) => Promise<T>): Promise<T[][]> => {
        const times = ids.map(() => [] as T[]);
        for (let i = 0; i < rounds; i++)
          for (const k of i % 2 === 0 ? [0, 1] : [1, 0]) times[k]?.push(await time(ids[k] as string));
        return times;
      };
      const line = async (label: string, rounds: number, stop: boolean) => {
        const times = await alternate(rounds, async (id) => {
          if (stop) {
            await env.stopWorker();
            await sleep(300);
          }
          return measure(id);
        });
        const [fa, fb] = times.map((t) => median(t.map((x) => x.final))) as [number, number];
        const [pa, pb] = times.map((t) => median(t.map((x) => x.firstPaint))) as [number, number];
        console.log(
          `${latency} ms injected, ${label} (${rounds} each, medians): final status in the page A ${fa.toFixed(1)}, B ${fb.toFixed(1)} ms (B − A ${signed(fb - fa, 1)}); first paint A ${pa.toFixed(1)}, B ${pb.toFixed(1)} ms (${signed(pb - pa, 1)})`,
        );
      };
      const warmRounds = latency === 0 ? 30 : 15;
      await line('worker running', warmRounds, false);
      // The real toolbar popup over a web tab (the click users make), worker running: before the stopped-worker
      // rounds, since it is opened from the worker.
      const toolbar = await alternate(warmRounds, (id) =>
        timeSuccessfulToolbarPopup(env, domains.pop() as string, latency, id),
      );
      const [ta, tb] = toolbar.map(median) as [number, number];
      console.log(
        `${latency} ms injected, toolbar popup over a web tab, worker running (${warmRounds} each, medians): final status A ${ta.toFixed(1)}, B ${tb.toFixed(1)} ms (B − A ${signed(tb - ta, 1)})`,
      );
      await line('worker stopped', 10, true);
    } finally {
      await env.close();
    }
  }
}

// Each section, in the order a full run takes them. Other helpers add theirs here.
const SECTIONS: Record<string, () => unknown> = {
  parsers: benchParsers,
  check: benchCheck,
  bundle: benchBundle,
  popup: benchPopupPaint,
  audit: benchAudit,
  tlsrpt: benchTlsRpt,
  hostile: benchHostile,
  latency: benchLatency,
};

const [first, ...rest] = process.argv.slice(2);
if (first === 'compare') {
  if (rest.length !== 2) {
    console.error(
      'bench: compare takes two built extensions, e.g. `npm run bench -- compare /tmp/before/.output/chrome-mv3 .output/chrome-mv3`.',
    );
    process.exit(2);
  }
  await benchCompare(rest);
} else {
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !Object.hasOwn(SECTIONS, name));
  if (unknown.length > 0) {
    console.error(
      `bench: unknown section ${unknown.map((n) => `"${n}"`).join(', ')}. Sections: ${Object.keys(SECTIONS).join(', ')} (none: all of them), or compare <dirA> <dirB>.`,
    );
    process.exit(2);
  }
  const names = Object.keys(SECTIONS).filter((name) => only.length === 0 || only.includes(name));
  const [single] = names;
  if (names.length === 1 && single !== undefined) await SECTIONS[single]?.();
  else {
    // Each section runs in a process of its own (which also runs its local servers), once the previous one has
    // ended and its browser is gone. In one process, later sections measured slower than alone: in one run
    // each, the audit page took 13.2 s and the toolbar popup at 0 ms 80 ms, against 10.5 s and 61 ms with a
    // process per section.
    for (const name of names) {
      await runSectionAlone(name);
      await sleep(2000);
    }
  }
}

/** `npm run bench -- <name>` in a child process, its output on ours; a failing section fails the bench. */
async function runSectionAlone(name: string): Promise<void> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1] as string, name], {
    stdio: 'inherit',
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`bench section ${name} ended with exit code ${code}`);
}
