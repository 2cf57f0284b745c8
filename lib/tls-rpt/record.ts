// TLS-RPT (RFC 8460 §3): choosing the record among the TXT records at _smtp._tls.<domain> and parsing it.
// Every TLS-RPT finding is 'info': TLS-RPT only asks senders for reports, MTA-STS works without it, so
// a missing or broken record must not downgrade the overall status.
import type { FindingCode } from '../catalog/index';
import { isHostName } from '../names';
import type { Finding, ParseResult } from '../report/types';
import type { TlsRptRecord } from './types';

export type TlsRptParseResult = ParseResult<'record', TlsRptRecord>;

export type TlsRptSelection =
  | { kind: 'none' }
  | { kind: 'multiple'; count: number }
  | { kind: 'one'; txt: string };

const RFC = 'RFC 8460 §3';
const VERSION = 'v=TLSRPTv1';
// A TXT record's data cannot exceed 65535 octets; anything longer did not come from DNS.
const MAX_RECORD_LENGTH = 65535;
// Bounds the findings a hostile record with thousands of bad URIs can produce.
const MAX_URI_FINDINGS = 10;

// RFC 8460 §3: tlsrpt-ext-name = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
const EXT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
// RFC 8460 §3: tlsrpt-ext-value = 1*(%x21-3A / %x3C / %x3E-7E), i.e. visible ASCII except ";" and "=".
const EXT_VALUE = /^[\x21-\x3a\x3c\x3e-\x7e]+$/;
// RFC 3986 §2: unreserved, reserved and "%" (checked separately as %HH). RFC 8460 §3 requires ",", "!"
// and ";" to be percent-encoded, so a raw "!" is an error (the "," and ";" never reach here: they split).
const URI_CHAR = /^[A-Za-z0-9\-._~:/?#[\]@$&'()*+=%]$/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
// A version tag that a human meant as TLS-RPT but that is spelled differently (case, spaces).
const NEAR_MISS_VERSION = /^\s*v\s*=\s*tlsrptv1/i;

/**
 * RFC 8460 §3: records that do not begin with "v=TLSRPTv1" are discarded; exactly one must remain,
 * otherwise the domain has no TLS-RPT. `txts` are whole records (character-strings already joined).
 * The version tag may be followed by the end, a space or ";" (field-delim = *WSP ";" *WSP); a record
 * that is only "v=TLSRPTv1" is kept so that the parser can say what is missing.
 */
export function selectTlsRptRecords(txts: string[]): TlsRptSelection {
  const kept = txts.filter(startsWithVersion);
  if (kept.length === 0) return { kind: 'none' };
  const [only] = kept;
  if (kept.length > 1 || only === undefined) return { kind: 'multiple', count: kept.length };
  return { kind: 'one', txt: only };
}

/** Selection plus parsing: what the orchestrator calls with the TXT records found at _smtp._tls. */
export function createTlsRptFindings(txts: string[]): { record: TlsRptRecord | null; findings: Finding[] } {
  const selection = selectTlsRptRecords(txts);
  if (selection.kind === 'multiple') {
    return {
      record: null,
      findings: [
        info(
          'tlsrpt.multiple',
          `There are ${selection.count} TLS-RPT records (TXT records starting with ${VERSION}) at _smtp._tls. ` +
            'When there is more than one, senders must act as if there were none, so nobody sends you TLS reports.',
        ),
      ],
    };
  }
  if (selection.kind === 'none') {
    const nearMiss = txts
      .map((t) => (typeof t === 'string' ? NEAR_MISS_VERSION.exec(t.slice(0, 64))?.[0] : undefined))
      .find((m) => m !== undefined);
    if (nearMiss !== undefined) {
      return {
        record: null,
        findings: [
          info(
            'tlsrpt.invalid',
            `A TXT record at _smtp._tls looks like TLS-RPT but does not start exactly with ${VERSION} ` +
              `(it starts with “${printable(nearMiss)}”). The version tag is case-sensitive and ` +
              'must come first without spaces, so senders ignore this record and send no TLS reports.',
          ),
        ],
      };
    }
    return {
      record: null,
      findings: [
        info(
          'tlsrpt.missing',
          'No TLS-RPT record was found at _smtp._tls. Sending mail servers will not report failed ' +
            'TLS connections or MTA-STS problems to you.',
        ),
      ],
    };
  }
  const parsed = parseTlsRptRecord(selection.txt);
  return { record: parsed.ok ? parsed.record : null, findings: parsed.findings };
}

/** Parses one TLS-RPT TXT record (RFC 8460 §3). Never throws. */
export function parseTlsRptRecord(txt: string): TlsRptParseResult {
  const findings: Finding[] = [];
  const invalid = (problem: string): TlsRptParseResult => {
    findings.push(
      info(
        'tlsrpt.invalid',
        `The TLS-RPT record is invalid, so senders ignore it and send no reports: ${problem}`,
      ),
    );
    return { ok: false, findings };
  };

  if (typeof txt !== 'string') return invalid('the record is not text.');
  if (txt.length > MAX_RECORD_LENGTH) {
    return invalid(`it is ${txt.length} characters long, more than a DNS TXT record can hold.`);
  }
  // RFC 8460 §3: the record is US-ASCII; tabs are allowed as whitespace (WSP).
  const bad = /[^\x20-\x7e\t]/.exec(txt);
  if (bad) {
    return invalid(
      `it contains a non-ASCII or control character (${describeChar(bad[0])}) at position ${bad.index + 1}.`,
    );
  }
  if (!txt.startsWith(VERSION)) {
    const nearMiss = NEAR_MISS_VERSION.exec(txt)?.[0];
    if (nearMiss !== undefined) {
      return invalid(
        `it must start with exactly “${VERSION}” (this spelling, no spaces), but starts with “${printable(nearMiss)}”.`,
      );
    }
    return invalid(`it must start with “${VERSION}”.`);
  }
  const rest = txt.slice(VERSION.length);
  if (rest.trim() === '') return invalid('it has no rua field saying where reports should go.');
  // RFC 8460 §3: tlsrpt-record = tlsrpt-version 1*(field-delim tlsrpt-field) [field-delim]
  const delim = /^[ \t]*;/.exec(rest);
  if (!delim) {
    return invalid(
      `“${VERSION}” must be followed by a semicolon, but is followed by “${rest.slice(0, 16)}”.`,
    );
  }

  const fields = rest.slice(delim[0].length).split(';');
  // One empty piece at the end comes from the allowed trailing ";".
  if (fields.length > 0 && fields[fields.length - 1]?.trim() === '') fields.pop();

  let rua: string[] | null = null;
  for (const rawField of fields) {
    // Whitespace around a field is part of field-delim; trailing spaces after the last field are outside
    // the ABNF but harmless and common in DNS control panels, so they are tolerated too.
    const field = rawField.replace(/^[ \t]+|[ \t]+$/g, '');
    if (field === '') return invalid('it has an empty field (two semicolons in a row).');
    const eq = field.indexOf('=');
    if (eq === -1) return invalid(`the field “${shorten(field)}” has no “=”.`);
    const name = field.slice(0, eq);
    const value = field.slice(eq + 1);
    if (/[ \t]$/.test(name) || /^[ \t]/.test(value)) {
      return invalid(`the field “${shorten(field)}” has spaces around “=”, which the syntax does not allow.`);
    }
    if (name === 'rua') {
      if (rua !== null) {
        findings.push(
          info(
            'tlsrpt.rua.duplicate',
            `The TLS-RPT record has more than one rua field; this check uses the first one, but senders may use ` +
              `either. The extra one is “${shorten(field)}”.`,
          ),
        );
        continue;
      }
      const parsedRua = parseRua(value, findings);
      if (!parsedRua.ok) return invalid(parsedRua.problem);
      rua = parsedRua.uris;
      continue;
    }
    if (!EXT_NAME.test(name)) return invalid(`“${shorten(name)}” is not a valid field name.`);
    if (!EXT_VALUE.test(value))
      return invalid(`the field “${shorten(field)}” has an empty or invalid value.`);
    // RFC 8460 §3: fields other than v and rua are extensions that receivers ignore.
    const hint =
      name.toLowerCase() === 'rua'
        ? ' Field names are case-sensitive: the report address field must be written “rua” in lower case.'
        : '';
    findings.push(
      info(
        'tlsrpt.unknown-field',
        `The TLS-RPT record has a field “${shorten(name)}” that RFC 8460 does not define; senders ignore it.${hint}`,
      ),
    );
  }
  if (rua === null) return invalid('it has no rua field saying where reports should go.');

  findings.push(
    info('tlsrpt.valid', `TLS-RPT is set up: senders send daily TLS reports to ${rua.join(', ')}.`),
  );
  return { ok: true, record: { version: 'TLSRPTv1', rua }, findings };
}

type RuaResult = { ok: true; uris: string[] } | { ok: false; problem: string };

// RFC 8460 §3: tlsrpt-rua = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri). Bad URIs are reported one by
// one; the field is only unusable when no good URI remains.
function parseRua(value: string, findings: Finding[]): RuaResult {
  if (value.trim() === '') return { ok: false, problem: 'the rua field is empty.' };
  const uris: string[] = [];
  let badCount = 0;
  for (const raw of value.split(',')) {
    const uri = raw.replace(/^[ \t]+|[ \t]+$/g, '');
    const problem = uri === '' ? 'it is empty (an extra comma in the list)' : checkReportUri(uri);
    if (problem === null) {
      uris.push(uri);
      continue;
    }
    badCount += 1;
    if (badCount <= MAX_URI_FINDINGS) {
      findings.push(
        info('tlsrpt.rua.invalid', `The report address “${shorten(uri)}” in rua cannot be used: ${problem}.`),
      );
    }
  }
  if (badCount > MAX_URI_FINDINGS) {
    findings.push(
      info(
        'tlsrpt.rua.invalid',
        `${badCount - MAX_URI_FINDINGS} more report addresses in rua cannot be used.`,
      ),
    );
  }
  if (uris.length === 0) return { ok: false, problem: 'none of the report addresses in rua can be used.' };
  return { ok: true, uris };
}

/** Why a rua URI is unusable, or null when it is a usable mailto: or https: URI. */
function checkReportUri(uri: string): string | null {
  for (let i = 0; i < uri.length; i += 1) {
    const ch = uri.charAt(i);
    if (ch === '!') {
      return 'it contains “!”, which must be written %21; unlike DMARC, TLS-RPT has no size limit suffix such as !10m';
    }
    if (!URI_CHAR.test(ch))
      return `it contains ${ch === ' ' ? 'a space' : `“${ch}”`}, which must be percent-encoded`;
    if (ch === '%' && !/^[0-9A-Fa-f]{2}$/.test(uri.slice(i + 1, i + 3))) {
      return 'it contains a “%” that is not followed by two hexadecimal digits';
    }
  }
  const scheme = SCHEME.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    return uri.includes('@')
      ? `it has no scheme; write it as mailto:${uri}`
      : 'it is not a URI; it must start with mailto: or https://';
  }
  if (scheme === 'mailto') return checkMailto(uri.slice('mailto:'.length));
  if (scheme === 'https') return checkHttps(uri);
  if (scheme === 'http') return 'it uses http:, but reports may only be posted over https:';
  return `it uses the “${shorten(scheme)}:” scheme, but TLS-RPT only supports mailto: and https:`;
}

// RFC 6068: mailto:local@domain, optionally followed by ?headers.
function checkMailto(rest: string): string | null {
  const address = percentDecode(rest.split('?', 1)[0] ?? '');
  if (address === null) return 'its address is not correctly percent-encoded';
  const at = address.lastIndexOf('@');
  if (at === -1) return 'there is no e-mail address (with an @) after mailto:';
  if (at === 0) return 'the e-mail address has nothing before the @';
  const domain = address.slice(at + 1).toLowerCase();
  if (!isHostName(domain, 2)) return `“${shorten(domain)}” after the @ is not a valid domain name`;
  return null;
}

function checkHttps(uri: string): string | null {
  // "https:host" and "https:///path" have no authority in RFC 3986 terms, although browsers repair both.
  if (!/^https:\/\/[^/?#]/i.test(uri))
    return 'an https: address must start with https:// followed by a host name';
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'it is not a valid web address';
  }
  if (url.hostname === '') return 'it has no host name';
  return null;
}

function startsWithVersion(txt: string): boolean {
  return (
    typeof txt === 'string' && txt.startsWith(VERSION) && /^(?:$|[ \t;])/.test(txt.slice(VERSION.length))
  );
}

function percentDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}

function shorten(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

function info(code: FindingCode, message: string): Finding {
  return { code, severity: 'info', message, rfc: RFC };
}
