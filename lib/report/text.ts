// Plain-text rendering of a Report for terminals (the CLI): the popup's content as lines — findings with how to
// fix them and a corrected record or policy to copy, the starter set for a domain without MTA-STS, the evidence.
// Every piece of text goes through the untrusted-text escaper: DNS and policy text must not act in a terminal.
import { getCodeInfo } from '../catalog/index';
import { TLSRPT_MAILBOX } from '../examples';
import { createStarterSetFor, isWithoutMtaSts, suggestFix } from '../fixes';
import { escapeUntrusted, escapeUntrustedLine } from '../untrusted-text';
import type { Finding, Report, Severity } from './types';

const MARK: Record<Severity, string> = { error: '✗', warning: '!', info: '·' };
const ORDER: Severity[] = ['error', 'warning', 'info'];

/** One line of untrusted text: line breaks become spaces; controls, bidi and invisible characters become \x1b, \u202E… */
const printable = (text: unknown) => escapeUntrustedLine(String(text ?? '').replace(/\r\n|[\r\n]/g, ' '));

/** A block of text (a policy to copy), each line indented; unsafe characters other than LF and TAB are escaped. */
function block(text: string, indent: string): string[] {
  return escapeUntrusted(text.replace(/\r\n?/g, '\n').replace(/\n$/, ''))
    .split('\n')
    .map((line) => `${indent}${line}`);
}

function findingLines(finding: Finding, report: Report): string[] {
  const rfc = finding.rfc ? ` (${printable(finding.rfc)})` : '';
  const lines = [
    `  ${MARK[finding.severity]} [${printable(finding.code)}] ${printable(finding.message)}${rfc}`,
  ];
  const fix = getCodeInfo(finding.code)?.fix;
  if (fix) lines.push(`      How to fix: ${printable(fix)}`);
  const suggestion = suggestFix(finding, report);
  if (suggestion) {
    lines.push(`      ${printable(suggestion.label)}:`, ...block(suggestion.text, '        '));
    if (suggestion.note) lines.push(`      ${printable(suggestion.note)}`);
  }
  return lines;
}

/** The popup's starter set: everything to publish, built from the domain's real MX hosts. */
function starterLines(report: Report): string[] {
  // An existing TLS-RPT record is left alone: a second v=TLSRPTv1 record breaks TLS-RPT.
  const set = createStarterSetFor(report);
  const domain = printable(set.domain);
  if (set.mx.length === 0) {
    return [
      '  Set up MTA-STS:',
      `    ${domain} has no MX hosts we could list in a policy. Publish MX records first (or a null MX if the domain receives no mail), then check again.`,
    ];
  }
  return [
    `  Set up MTA-STS: ${domain} has none yet. Publish these ${set.tlsRptRecord === null ? 'two' : 'three'} items, in this order (testing mode: senders report TLS problems but still deliver):`,
    `    1. Policy file, served as text/plain at ${printable(set.policyUrl)}:`,
    ...block(set.policy, '        '),
    `    2. TXT record at ${printable(set.stsRecordName)}:`,
    ...block(set.stsRecord, '        '),
    ...(set.tlsRptRecord === null
      ? []
      : [
          `    3. TXT record at ${printable(set.tlsRptRecordName)}${set.tlsRptUnknown ? ' (only if no v=TLSRPTv1 record exists there: a second one breaks TLS-RPT)' : ''}:`,
          ...block(set.tlsRptRecord, '        '),
        ]),
    `    Change the id whenever the policy changes. Daily TLS reports go to ${TLSRPT_MAILBOX}@${domain}: create that mailbox, or put another address after mailto:.`,
  ];
}

export function createReportText(report: Report): string {
  const lines: string[] = [];
  lines.push(`${printable(report.domain)}: ${report.status}`);
  lines.push(`  ${printable(report.summary)}`);
  for (const severity of ORDER) {
    for (const f of report.findings.filter((x) => x.severity === severity)) {
      lines.push(...findingLines(f, report));
    }
  }
  if (report.status !== 'SUCCESS' && report.risks.length > 0) {
    lines.push('  Risks:');
    for (const r of report.risks) lines.push(`    - ${printable(r.title)}`);
  }
  if (isWithoutMtaSts(report)) lines.push(...starterLines(report));
  const e = report.evidence;
  const quoted = (data: string[]) => data.map((t) => JSON.stringify(printable(t))).join(', ');
  if (e.stsTxt?.data.length) lines.push(`  _mta-sts TXT: ${quoted(e.stsTxt.data)}`);
  if (e.policyFetch) {
    const p = e.policyFetch;
    lines.push(
      `  policy: ${printable(p.url)} → ${p.status ?? p.outcome}${p.contentType ? ` ${printable(p.contentType)}` : ''}, ${p.bytes} bytes, ${Math.round(p.elapsedMs)} ms`,
    );
  }
  for (const h of e.mxHosts) {
    const cover =
      h.covered === null ? '' : h.covered ? ` covered by ${printable(h.matchedBy ?? '')}` : ' NOT covered';
    lines.push(`  MX ${h.preference} ${printable(h.host)}${cover}`);
  }
  if (e.tlsRptTxt?.data.length) lines.push(`  _smtp._tls TXT: ${quoted(e.tlsRptTxt.data)}`);
  lines.push(
    `  resolver: ${printable(report.resolver)}; checked ${printable(report.checkedAt)} in ${Math.round(report.timings.total ?? 0)} ms`,
  );
  return `${lines.join('\n')}\n`;
}
