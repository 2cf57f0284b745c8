// Benchmarks: prints figures, asserts nothing. `npm run bench`
//   1. parsers on a 64 KiB policy, a record and MX matching (µs per call)
//   2. a full check against local servers with 100 ms injected on every DoH answer and policy response:
//      wall time ÷ 100 ms (critical path: two dependent rounds, MX then TLSA; target ≤ 2.5) and DoH queries
//   3. popup bundle size, gzipped (target ≤ 30 KB), when a build exists
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { checkDomain } from '../lib/check';
import { mxMatches } from '../lib/mta-sts/mx-match';
import { parsePolicy } from '../lib/mta-sts/policy';
import { parseStsRecord } from '../lib/mta-sts/record';
import { startWorld } from '../tests/support/world';

function time(label: string, iterations: number, fn: () => unknown): number {
  for (let i = 0; i < Math.min(iterations, 200); i++) fn(); // warm-up
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  const perCall = ((performance.now() - start) / iterations) * 1000;
  console.log(`${label.padEnd(52)} ${perCall.toFixed(2).padStart(10)} µs/call  (${iterations} calls)`);
  return perCall;
}

function createLargePolicy(bytes: number): string {
  const lines = ['version: STSv1', 'mode: enforce', 'max_age: 1209600'];
  let size = lines.join('\r\n').length;
  for (let i = 0; size < bytes - 40; i++) {
    const line = `mx: mx${i}.mail-cluster-${i % 97}.example.com`;
    lines.push(line);
    size += line.length + 2;
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function benchParsers() {
  console.log('\n## Parsers');
  const policy = createLargePolicy(64 * 1024);
  const parsed = parsePolicy(policy);
  console.log(
    `64 KiB policy: ${policy.length} bytes, ${parsed.ok ? parsed.policy.mx.length : 0} mx lines, valid=${parsed.ok}`,
  );
  time('parsePolicy (64 KiB, CRLF)', 500, () => parsePolicy(policy));
  time('parsePolicy (64 KiB, LF)', 500, () => parsePolicy(policy.replace(/\r\n/g, '\n')));
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
    const median = runs[Math.floor(runs.length / 2)] ?? 0;
    console.log(
      `wall time, median of ${runs.length}: ${median.toFixed(0)} ms (runs: ${runs.map((r) => r.toFixed(0)).join(', ')})`,
    );
    console.log(`wall time ÷ ${latency} ms: ${(median / latency).toFixed(2)}  (target ≤ 2.5)`);
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
  const assets = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1] as string);
  // Chunks the popup imports are listed in the HTML as modulepreload links or script tags.
  let raw = 0;
  let gz = 0;
  for (const asset of new Set(assets)) {
    const buf = readFileSync(join(dir, asset));
    raw += buf.length;
    gz += gzipSync(buf, { level: 9 }).length;
  }
  console.log(
    `popup JS+CSS: ${(raw / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzipped (target ≤ 30 KB), files: ${assets.join(', ')}`,
  );
  const total = readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => statSync(f).isFile())
    .reduce((sum, f) => sum + statSync(f).size, 0);
  console.log(`whole extension: ${(total / 1024).toFixed(1)} KB`);
}

await benchParsers();
await benchCheck();
benchBundle();
