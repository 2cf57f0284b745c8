// Plain-text rendering of a Report for terminals (the CLI). Markdown lives in markdown.ts.
// Every field that can come from the network goes through the one escaper, on one line: ESC, OSC, CSI, C1,
// bidi and invisible characters from the checked domain's DNS or policy host never reach the terminal raw.
import { escapeUntrustedLine } from '../untrusted-text';
import type { Report, Severity } from './types';

const MARK: Record<Severity, string> = { error: '✗', warning: '!', info: '·' };
const ORDER: Severity[] = ['error', 'warning', 'info'];

const safe = (text: unknown) => escapeUntrustedLine(String(text));
const quoted = (texts: readonly string[]) => texts.map((t) => JSON.stringify(safe(t))).join(', ');

export function createReportText(report: Report): string {
  const lines: string[] = [];
  lines.push(`${safe(report.domain)}: ${safe(report.status)}`);
  lines.push(`  ${safe(report.summary)}`);
  for (const severity of ORDER) {
    for (const f of report.findings.filter((x) => x.severity === severity)) {
      lines.push(
        `  ${MARK[severity]} [${safe(f.code)}] ${safe(f.message)}${f.rfc ? ` (${safe(f.rfc)})` : ''}`,
      );
    }
  }
  if (report.status !== 'SUCCESS' && report.risks.length > 0) {
    lines.push('  Risks:');
    for (const r of report.risks) lines.push(`    - ${safe(r.title)}`);
  }
  const e = report.evidence;
  if (e.stsTxt?.data.length) lines.push(`  _mta-sts TXT: ${quoted(e.stsTxt.data)}`);
  if (e.policyFetch) {
    const p = e.policyFetch;
    lines.push(
      `  policy: ${safe(p.url)} → ${safe(p.status ?? p.outcome)}${p.contentType ? ` ${safe(p.contentType)}` : ''}, ${p.bytes} bytes, ${Math.round(p.elapsedMs)} ms`,
    );
  }
  for (const h of e.mxHosts) {
    const cover = h.covered === null ? '' : h.covered ? ` covered by ${safe(h.matchedBy)}` : ' NOT covered';
    lines.push(`  MX ${h.preference} ${safe(h.host)}${cover}`);
  }
  if (e.tlsRptTxt?.data.length) lines.push(`  _smtp._tls TXT: ${quoted(e.tlsRptTxt.data)}`);
  lines.push(
    `  resolver: ${safe(report.resolver)}; checked ${safe(report.checkedAt)} in ${Math.round(report.timings.total ?? 0)} ms`,
  );
  return `${lines.join('\n')}\n`;
}
