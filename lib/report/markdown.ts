// Markdown rendering of a Report, for "Copy report" (tickets, chat, e-mail to the mail admin).
// Network text (TXT records, policy bodies, host names, server messages) is attacker-controlled: it goes
// into code fences longer than any backtick run inside, or is escaped, so it can never close a fence,
// inject links/images or raw HTML, or change the document structure.
import { getCodeInfo } from '../catalog/index';
import { createStarterSetFor, fillFixText, isWithoutMtaSts, suggestFix } from '../fixes';
import { escapeUntrusted } from '../untrusted-text';
import { STATE_LOOK } from './look';
import { getSetupState } from './state';
import type { DnsEvidence, Evidence, Finding, Report, Severity } from './types';

const SEVERITY_HEADINGS: ReadonlyArray<[Severity, string]> = [
  ['error', 'Problems'],
  ['warning', 'Advice'],
  ['info', 'Passed checks and notes'],
];

/** Backslash-escapes Markdown syntax and flattens line breaks, for untrusted text inside a sentence. */
export function escapeMarkdown(text: string): string {
  return (
    printable(text)
      .replace(/\r\n|[\r\n]/g, ' ')
      // Mid-line, only these start inline syntax (emphasis, code, links, HTML, tables, strikethrough, entities).
      .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)
  );
}

/** An inline code span that untrusted text cannot close: the delimiter is longer than any backtick run. */
export function codeSpan(text: string): string {
  const flat = printable(text).replace(/\r\n|[\r\n]/g, ' ');
  const ticks = '`'.repeat(longestRun(flat, '`') + 1);
  // CommonMark strips one space on each side, so padding keeps leading/trailing backticks intact.
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** A fenced block that untrusted text cannot break out of (CommonMark: the closing fence must be as long). */
export function fencedBlock(text: string, info = ''): string {
  const body = printable(text).replace(/\r\n?/g, '\n').replace(/\n$/, '');
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

export function createReportMarkdown(report: Report): string {
  const out: string[] = [];
  out.push(`# MTA-STS check: ${escapeMarkdown(report.domain)}`, '');
  const state = getSetupState(report.status, report.findings);
  const setup = state === 'unknown' ? '' : ` · MTA-STS: ${STATE_LOOK[state].word}`;
  out.push(`**Status: ${report.status}${setup}** — ${escapeMarkdown(report.summary)}`, '');
  out.push(
    `Checked ${escapeMarkdown(report.checkedAt)} using the DNS resolver ${codeSpan(report.resolver)}.`,
    '',
  );

  out.push('## Findings', '');
  if (report.findings.length === 0) out.push('No findings.', '');
  for (const [severity, heading] of SEVERITY_HEADINGS) {
    const group = report.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    out.push(`### ${heading} (${group.length})`, '');
    for (const finding of group) out.push(...findingLines(finding, report));
    out.push('');
  }

  if (isWithoutMtaSts(report)) out.push(...starterSetLines(report));

  if (report.status !== 'SUCCESS' && report.risks.length > 0) {
    out.push('## Risks', '');
    for (const risk of report.risks)
      out.push(`- **${escapeMarkdown(risk.title)}** — ${escapeMarkdown(risk.detail)}`);
    out.push('');
  }

  out.push(...evidenceLines(report));
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function findingLines(finding: Finding, report: Report): string[] {
  const info = getCodeInfo(finding.code);
  const where = finding.rfc ? `, ${escapeMarkdown(finding.rfc)}` : '';
  const title = info ? `**${escapeMarkdown(info.title)}** ` : '';
  const lines = [`- ${title}(${codeSpan(finding.code)}${where}): ${escapeMarkdown(finding.message)}`];
  if (info?.fix) lines.push(`  - Fix: ${escapeMarkdown(fillFixText(info.fix, report))}`);
  const suggestion = suggestFix(finding, report);
  if (suggestion) {
    lines.push(
      `  - ${escapeMarkdown(suggestion.label)}:`,
      '',
      indent(fencedBlock(suggestion.text, 'text')),
      '',
    );
    if (suggestion.note) lines.push(`    ${escapeMarkdown(suggestion.note)}`, '');
  }
  return lines;
}

function indent(block: string): string {
  return block
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/** The complete set to publish for a domain without MTA-STS (the same one the popup shows). */
function starterSetLines(report: Report): string[] {
  const set = createStarterSetFor(report);
  if (set.mx.length === 0) return [];
  const out = ['## Set up MTA-STS (starter set, testing mode)', ''];
  out.push(`1. Policy file at ${codeSpan(set.policyUrl)} (Content-Type text/plain):`, '');
  out.push(indent(fencedBlock(set.policy, 'text')), '');
  out.push(
    `2. TXT record at ${codeSpan(set.stsRecordName)}:`,
    '',
    indent(fencedBlock(set.stsRecord, 'text')),
    '',
  );
  if (set.tlsRptRecord !== null) {
    const caution = set.tlsRptUnknown
      ? ' (only if no v=TLSRPTv1 record exists there: a second one breaks TLS-RPT)'
      : '';
    out.push(`3. TXT record at ${codeSpan(set.tlsRptRecordName)}${escapeMarkdown(caution)}:`, '');
    out.push(indent(fencedBlock(set.tlsRptRecord, 'text')), '');
  }
  return out;
}

function evidenceLines(report: Report): string[] {
  const e = report.evidence;
  const out: string[] = ['## Evidence', ''];

  out.push(...dnsLines('MTA-STS record', e.stsTxt));
  if (e.stsRecord) out.push(`Parsed record: id ${codeSpan(e.stsRecord.id)}`, '');

  const fetch = e.policyFetch;
  if (fetch) {
    out.push('### Policy fetch', '');
    out.push(`- URL: ${codeSpan(fetch.url)}`);
    out.push(`- Outcome: ${fetch.outcome}${fetch.status === null ? '' : `, HTTP ${fetch.status}`}`);
    if (fetch.location) out.push(`- Redirect to: ${codeSpan(fetch.location)}`);
    out.push(`- Content type: ${fetch.contentType === null ? 'none' : codeSpan(fetch.contentType)}`);
    out.push(
      `- Size: ${fetch.bytes} bytes${fetch.truncated ? ' (truncated)' : ''}; time: ${ms(fetch.elapsedMs)}`,
    );
    if (fetch.error) out.push(`- Error: ${codeSpan(fetch.error)}`);
    out.push('');
    if (fetch.body !== null) out.push(fencedBlock(fetch.body, 'text'), '');
  }
  out.push(...certificateLines(e.policyTls));
  if (e.policy) {
    out.push('### Parsed policy', '');
    out.push(`- mode: ${e.policy.mode}`, `- max_age: ${e.policy.maxAge}`);
    for (const mx of e.policy.mx) out.push(`- mx: ${codeSpan(mx)}`);
    out.push('');
  }

  if (e.mxHosts.length > 0 || e.nullMx) {
    out.push('### MX hosts', '');
    if (e.nullMx) out.push('- Null MX: the domain declares it receives no mail.');
    for (const h of e.mxHosts) {
      const cover =
        h.covered === null
          ? 'no policy to match'
          : h.covered
            ? `covered by ${codeSpan(h.matchedBy ?? '')}`
            : '**not covered**';
      const dane = h.dane === null ? 'DANE unknown' : h.dane ? 'DANE (TLSA) present' : 'no DANE';
      out.push(`- ${h.preference} ${codeSpan(h.host)}: ${cover}; ${dane}`);
    }
    out.push('');
  }

  out.push(...dnsLines('TLS-RPT record', e.tlsRptTxt));
  if (e.tlsRptRecord) {
    out.push(`Parsed rua: ${e.tlsRptRecord.rua.map(codeSpan).join(', ') || 'none'}`, '');
  }

  const timings = Object.entries(report.timings)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .map(([step, value]) => `${step} ${ms(value)}`);
  if (timings.length > 0) out.push('### Timings', '', timings.join(', '), '');
  return out;
}

/** The policy host's certificate, where the browser reported it (Firefox). */
function certificateLines(tls: Evidence['policyTls']): string[] {
  if (tls?.kind === 'failed')
    return ['### Policy host certificate', '', `- The browser reported: ${codeSpan(tls.error)}`, ''];
  if (tls?.kind !== 'connected') return [];
  const out = [
    '### Policy host certificate',
    '',
    `${tls.protocol ?? 'TLS'}, chain of ${tls.chain.length} (server first):`,
    '',
  ];
  for (const c of tls.chain) {
    const names = c.subjectAltNames?.length ? `; names ${c.subjectAltNames.map(codeSpan).join(', ')}` : '';
    out.push(
      `- ${codeSpan(c.subject)} issued by ${codeSpan(c.issuer)}, valid ${c.notBefore.slice(0, 10)} to ${c.notAfter.slice(0, 10)}${names}`,
    );
  }
  out.push('');
  return out;
}

function dnsLines(title: string, dns: DnsEvidence | null): string[] {
  if (!dns) return [];
  const out = [`### ${title}: ${codeSpan(dns.name)} ${dns.type}`, ''];
  const facts = [`rcode ${dns.rcode ?? 'none (lookup failed)'}`];
  if (dns.authenticated !== null) facts.push(dns.authenticated ? 'DNSSEC validated' : 'not DNSSEC-validated');
  if (dns.cnames.length > 0) facts.push(`via CNAME ${dns.cnames.map(codeSpan).join(' → ')}`);
  facts.push(ms(dns.elapsedMs));
  out.push(`- ${facts.join('; ')}`);
  if (dns.error) out.push(`- Error: ${codeSpan(dns.error)}`);
  out.push('');
  if (dns.data.length > 0) out.push(fencedBlock(dns.data.join('\n'), 'text'), '');
  return out;
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

function longestRun(text: string, ch: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === ch ? current + 1 : 0;
    if (current > longest) longest = current;
  }
  return longest;
}

/** Controls, bidi and invisible characters become visible \xNN / \uNNNN instead of travelling in the copy. */
function printable(text: string): string {
  // Line ends (CR included) are handled by the callers.
  return escapeUntrusted(String(text), { keepCarriageReturn: true });
}
