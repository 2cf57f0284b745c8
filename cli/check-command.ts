// `mta-sts <domain…>` / `mta-sts --input FILE`: checks every domain with the extension's check service and
// bulk-audit runner, writes each result as its check ends, and returns the exit code (the worst status).
import { type AuditRow, createAuditRow } from '../lib/audit/audit-row';
import { createAuditRun } from '../lib/audit/run-audit';
import { createCheckService } from '../lib/check/service';
import { MAX_DOH_IN_FLIGHT_UNQUEUED } from '../lib/dns/cache';
import { createTimedOutReport } from '../lib/report/empty';
import type { Report } from '../lib/report/types';
import { DEFAULT_SETTINGS } from '../lib/settings';
import { escapeUntrusted } from '../lib/untrusted-text';
import { collectDomains } from './domain-input';
import { createReportWriter } from './formats';
import type { CliIo } from './io';
import { type CliFetch, createCliFetch } from './net';
import { type CheckOptions, parseCheckOptions, USAGE } from './options';
import { createProgressLine } from './progress';

export const EXIT = { SUCCESS: 0, WARNING: 1, ERROR: 2 } as const;

export async function runCheckCommand(argv: string[], io: CliIo): Promise<number> {
  const say = (text: string) => io.stderr.write(`mta-sts: ${escapeUntrusted(text)}\n`);
  const options = parseCheckOptions(argv, DEFAULT_SETTINGS);
  if ('error' in options) {
    say(options.error);
    io.stderr.write(`Run mta-sts --help for the options.\n`);
    return EXIT.ERROR;
  }
  if (options.help) {
    io.stdout.write(USAGE);
    return EXIT.SUCCESS;
  }
  if (options.entries.length === 0 && options.input === null) {
    io.stderr.write(USAGE);
    return EXIT.ERROR;
  }

  const input = await collectDomains(options, io);
  if ('error' in input) {
    say(input.error);
    return EXIT.ERROR;
  }
  for (const note of input.notes) say(note);
  for (const r of input.rejected) say(`${r.where}: "${r.input}" is not checked: ${r.reason}`);
  if (input.duplicates > 0)
    say(`${input.duplicates} duplicate ${input.duplicates === 1 ? 'entry' : 'entries'} skipped`);
  if (input.domains.length === 0) {
    say('nothing to check');
    return EXIT.ERROR;
  }

  const now = io.now ?? Date.now;
  let network: CliFetch | null = null;
  let fetchImpl = io.fetch;
  if (!fetchImpl) {
    network = createCliFetch(options.connectTo);
    fetchImpl = network.fetch;
  }
  try {
    const reports = await checkAll(input.domains, input.inputs, options, io, fetchImpl, now);
    let code: number = input.rejected.length > 0 ? EXIT.ERROR : EXIT.SUCCESS;
    for (const report of reports) code = Math.max(code, EXIT[report.status]);
    return code;
  } finally {
    // Cancels the name lookups and drops the connections of checks stopped by --timeout: nothing outlives the run.
    await network?.close();
  }
}

async function checkAll(
  domains: string[],
  inputs: ReadonlyMap<string, string>,
  options: CheckOptions,
  io: CliIo,
  fetchImpl: typeof fetch,
  now: () => number,
): Promise<Report[]> {
  const service = createCheckService({
    fetch: fetchImpl,
    getSettings: () => options.settings,
    now,
    // undici opens another connection to a host whenever every one is busy (no per-host limit, cli/net.ts), so
    // nothing waits on the client's side: many questions may be in flight at once.
    dohInFlight: () => MAX_DOH_IN_FLIGHT_UNQUEUED,
  });
  const writer = createReportWriter(options.format, io.stdout, now);
  const progress = createProgressLine(io.stderr);
  const results = new Map<string, Report>();
  /** The domain each report was asked for (the key of `results`, whatever the report calls itself). */
  const askedFor = new WeakMap<Report, string>();

  const record = (domain: string, report: Report, row: AuditRow) => {
    if (results.has(domain)) return;
    results.set(domain, report);
    progress.clear();
    // The CSV's `input` column: the line, argument or cell exactly as given, as on the audit page.
    writer.add(report, { ...row, input: inputs.get(domain) ?? null });
  };

  const run = createAuditRun(domains, {
    concurrency: options.concurrency,
    now,
    check: async (domain, signal) => {
      const { report } = await service.check(domain, { fresh: true, signal });
      askedFor.set(report, domain);
      return report;
    },
    onResult: (row, report) => record(askedFor.get(report) ?? report.domain, report, row),
    onProgress: (p) => {
      if (p.state === 'running' && p.done < p.total) progress.update(p);
    },
  });

  // The whole run's bound: at the deadline the checks still running are aborted (their lookups and fetches end)
  // and every domain without a result, started or not, is reported as an ERROR saying the time ran out.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<void>((resolve) => {
    if (options.timeoutMs !== null) timer = setTimeout(resolve, options.timeoutMs);
  });
  try {
    await Promise.race([run.start(), timedOut]);
  } finally {
    clearTimeout(timer);
    run.cancel();
    progress.clear();
  }
  const left = domains.filter((d) => !results.has(d));
  if (left.length > 0) {
    io.stderr.write(
      `mta-sts: --timeout ${options.timeoutMs} ms reached: ${left.length} unfinished ${left.length === 1 ? 'check' : 'checks'} reported as ERROR\n`,
    );
  }
  for (const domain of left) {
    const report = createTimedOutReport(domain, options.timeoutMs ?? 0, now());
    record(domain, report, createAuditRow(report));
  }
  const reports = domains.map((d) => results.get(d) as Report);
  writer.end(reports);
  return reports;
}
