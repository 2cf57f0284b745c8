// Plain-text rendering of a Report for terminals (the CLI). Markdown lives in report-markdown.ts.
import { escapeControlCharacters } from '../untrusted-text';
import type { Report, Severity } from './types';

const MARK: Record<Severity, string> = { error: '✗', warning: '!', info: '·' };
const ORDER: Severity[] = ['error', 'warning', 'info'];

const printable = (text: string) => escapeControlCharacters(text);

export function createReportText(report: Report): string {
  const lines: string[] = [];
  lines.push(`${report.domain}: ${report.status}`);
  lines.push(`  ${report.summary}`);
  for (const severity of ORDER) {
    for (const f of report.findings.filter((x) => x.severity === severity)) {
      lines.push(`  ${MARK[severity]} [${f.code}] ${printable(f.message)}${f.rfc ? ` (${f.rfc})` : ''}`);
    }
  }
  if (report.status !== 'SUCCESS' && report.risks.length > 0) {
    lines.push('  Risks:');
    for (const r of report.risks) lines.push(`    - ${r.title}`);
  }
  const e = report.evidence;
  if (e.stsTxt?.data.length)
    lines.push(`  _mta-sts TXT: ${e.stsTxt.data.map((t) => JSON.stringify(printable(t))).join(', ')}`);
  if (e.policyFetch) {
    const p = e.policyFetch;
    lines.push(
      `  policy: ${p.url} → ${p.status ?? p.outcome}${p.contentType ? ` ${printable(p.contentType)}` : ''}, ${p.bytes} bytes, ${Math.round(p.elapsedMs)} ms`,
    );
  }
  for (const h of e.mxHosts) {
    const cover = h.covered === null ? '' : h.covered ? ` covered by ${h.matchedBy}` : ' NOT covered';
    lines.push(`  MX ${h.preference} ${h.host}${cover}`);
  }
  if (e.tlsRptTxt?.data.length)
    lines.push(`  _smtp._tls TXT: ${e.tlsRptTxt.data.map((t) => JSON.stringify(printable(t))).join(', ')}`);
  lines.push(
    `  resolver: ${report.resolver}; checked ${report.checkedAt} in ${Math.round(report.timings.total ?? 0)} ms`,
  );
  return `${lines.join('\n')}\n`;
}
