// `mta-sts tlsrpt FILE… [--json]`: reads TLS-RPT aggregate reports (JSON, .json.gz or .eml) and prints the
// same per-domain summary and enforce verdict as the extension's TLS reports page.
// Exit code: 0 every file read, 1 some file refused, 2 bad usage or no file could be read.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { parseTlsRptReport } from '../lib/tls-rpt/reports/parse';
import { assessReadiness, describeReadiness } from '../lib/tls-rpt/reports/readiness';
import {
  type DomainSummary,
  type ImportedReport,
  mergeReports,
  type SessionCount,
  summarizeReports,
} from '../lib/tls-rpt/reports/summary';
import { nodeGunzip } from './node-gunzip';

export const TLSRPT_USAGE = 'usage: mta-sts tlsrpt FILE... [--json]';

interface Output {
  write(text: string): unknown;
}

function count(c: SessionCount): string {
  const n = c.known.toLocaleString('en');
  if (c.unknown === 0) return n;
  return c.known === 0 ? 'unknown' : `at least ${n}`;
}

function tallies(label: string, rows: Array<{ key: string | null; sessions: number }>): string | null {
  if (rows.length === 0) return null;
  const shown = rows.slice(0, 10).map((r) => `${r.key ?? '(not named)'} ${r.sessions.toLocaleString('en')}`);
  return `  ${label}: ${shown.join(', ')}${rows.length > 10 ? `, and ${rows.length - 10} more` : ''}`;
}

function domainText(s: DomainSummary): string {
  const lines = [
    `${s.domain ?? '(no policy domain)'}: ${count(s.success)} successful, ${count(s.failure)} failed sessions in ${s.reports} report${s.reports === 1 ? '' : 's'}${s.firstDay ? `, ${s.firstDay === s.lastDay ? s.firstDay : `${s.firstDay} to ${s.lastDay}`}` : ''}`,
  ];
  if (s.domain !== null) {
    const r = assessReadiness(s);
    const { headline, detail } = describeReadiness(r);
    lines.push(`  ${headline}`, `  ${detail}`);
    if (r.kind === 'enforced')
      for (const h of r.hosts.slice(0, 20)) lines.push(`  - ${h.host ?? '(host not named)'}: ${h.sessions}`);
    if ('blocking' in r) {
      for (const b of r.blocking.slice(0, 20)) {
        lines.push(
          `  - ${b.title} (${b.sessions} session${b.sessions === 1 ? '' : 's'}, ${b.resultType ?? 'no result type'}): ${b.explanation}`,
        );
        lines.push(`    Fix: ${b.fix}`);
      }
    }
  }
  for (const line of [
    tallies('Failures by result type', s.byResultType),
    tallies('Failures by MX host', s.byMxHost),
  ]) {
    if (line) lines.push(line);
  }
  return lines.join('\n');
}

export async function runTlsRpt(argv: string[], out: Output, err: Output): Promise<number> {
  let values: { json?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    }));
  } catch (e) {
    err.write(`${(e as Error).message}\n${TLSRPT_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    out.write(`${TLSRPT_USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) {
    err.write(`${TLSRPT_USAGE}\n`);
    return 2;
  }
  const accepted: ImportedReport[] = [];
  const rejected: Array<{ file: string; error: string }> = [];
  for (const file of positionals) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch (e) {
      rejected.push({
        file,
        error: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      });
      continue;
    }
    const result = await parseTlsRptReport(bytes, { gunzip: nodeGunzip });
    if (result.ok)
      accepted.push({ fileName: basename(file), report: result.report, warnings: result.warnings });
    else rejected.push({ file, error: result.error });
  }
  const { reports, duplicates } = mergeReports([], accepted);
  const domains = summarizeReports(reports);
  if (values.json) {
    const data = {
      reports,
      rejected,
      duplicates,
      domains: domains.map(({ failures: _failures, ...s }) => ({
        ...s,
        readiness: s.domain === null ? null : assessReadiness({ ...s, failures: _failures }),
      })),
    };
    out.write(`${JSON.stringify(data, null, 2)}\n`);
  } else {
    const head = [`Read ${reports.length} report${reports.length === 1 ? '' : 's'}`];
    if (duplicates.length > 0)
      head.push(`${duplicates.length} duplicate${duplicates.length === 1 ? '' : 's'} counted once`);
    if (rejected.length > 0) head.push(`${rejected.length} file${rejected.length === 1 ? '' : 's'} refused`);
    const lines = [`${head.join('; ')}.`];
    for (const r of rejected) lines.push(`  ${r.file}: ${r.error}`);
    out.write(`${[lines.join('\n'), ...domains.map(domainText)].join('\n\n')}\n`);
  }
  if (reports.length === 0) return 2;
  return rejected.length > 0 ? 1 : 0;
}
