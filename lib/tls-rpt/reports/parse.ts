// The TLS-RPT aggregate report reader (RFC 8460 §4.4). Real reports bend the schema in many ways; each
// deviation it can read past becomes a plain-language warning instead of a rejection, because rejecting a
// report for a missing IP address loses the user's data. Only input that is not a report at all is refused.
import { type DecodeOptions, decodeReportBytes } from './decode';
import {
  POLICY_TYPES,
  RESULT_TYPES,
  type TlsReport,
  type TlsReportFailure,
  type TlsReportParseResult,
  type TlsReportPolicy,
} from './types';

const RFC = 'RFC 8460 §4.4';
/** Distinct warnings kept per report; a hostile report could otherwise produce one per failure detail. */
const MAX_WARNINGS = 50;

type Json = unknown;
type JsonObject = Record<string, Json>;

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Identical warnings (say, the same missing field in 10,000 failure details) are reported once, counted. */
class Warnings {
  private readonly seen = new Map<string, number>();
  add(message: string): void {
    const n = this.seen.get(message);
    if (n !== undefined) this.seen.set(message, n + 1);
    else if (this.seen.size < MAX_WARNINGS) this.seen.set(message, 1);
  }
  list(): string[] {
    return [...this.seen].map(([message, n]) =>
      n === 1 ? message : `${message} (${n.toLocaleString('en')} times)`,
    );
  }
}

interface Field {
  key: string;
  /** Where the field is, for messages: "" for the report, "policy 1 (example.com): " inside a policy. */
  where: string;
  required: boolean;
}

function readString(obj: JsonObject, { key, where, required }: Field, w: Warnings): string | null {
  const value = obj[key];
  if (value === undefined) {
    if (required) w.add(`${where}${key} is missing (${RFC} requires it); shown as unknown.`);
    return null;
  }
  if (value === null) {
    w.add(`${where}${key} is null instead of a string; shown as unknown.`);
    return null;
  }
  if (typeof value === 'string') {
    if (value.trim() === '') w.add(`${where}${key} is an empty string.`);
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    w.add(`${where}${key} is a ${typeof value}, not a string; read as "${String(value)}".`);
    return String(value);
  }
  w.add(`${where}${key} is not a string; ignored.`);
  return null;
}

function readCount(obj: JsonObject, { key, where, required }: Field, w: Warnings): number | null {
  const value = obj[key];
  if (value === undefined) {
    if (required) w.add(`${where}${key} is missing; the number of sessions is unknown (not 0).`);
    return null;
  }
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) return value;
    w.add(`${where}${key} is ${value}, not a whole number of sessions; shown as unknown.`);
    return null;
  }
  if (typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value)) {
    w.add(`${where}${key} is the string "${value.trim()}" instead of a number; read as ${Number(value)}.`);
    return Number(value);
  }
  w.add(`${where}${key} is not a number of sessions; shown as unknown.`);
  return null;
}

function readStringList(
  obj: JsonObject,
  key: string,
  where: string,
  w: Warnings,
): { present: boolean; list: string[] } {
  const value = obj[key];
  if (value === undefined || value === null) return { present: false, list: [] };
  if (typeof value === 'string') {
    w.add(`${where}${key} is a single string, not a list of strings (${RFC}); read as a list of one.`);
    return { present: true, list: [value] };
  }
  if (!Array.isArray(value)) {
    w.add(`${where}${key} is not a list of strings; ignored.`);
    return { present: false, list: [] };
  }
  const list = value.filter((v): v is string => typeof v === 'string');
  if (list.length < value.length)
    w.add(`${where}${key} has entries that are not strings; they were skipped.`);
  return { present: true, list };
}

// RFC 3339 date-time, with the zone optional (read as UTC) and a space allowed in place of "T".
// RFC 3986 §3: scheme ":" then no spaces (enough to tell a link from pasted prose).
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|z|[+-]\d{2}:?\d{2})?$/;

/** ISO 8601 UTC without milliseconds unless the report had them; null (with a warning) when unreadable. */
function parseDateTime(raw: string, field: string, w: Warnings): string | null {
  const m = DATE_TIME.exec(raw.trim());
  if (!m) {
    w.add(`${field} "${raw}" is not a date-time (RFC 3339); the date is shown as unknown.`);
    return null;
  }
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac, zone] = m;
  const ms = frac ? Math.round(Number(frac) * 1000) : 0;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const back = new Date(t);
  if (
    back.getUTCFullYear() !== Number(y) ||
    back.getUTCMonth() !== Number(mo) - 1 ||
    back.getUTCDate() !== Number(d) ||
    back.getUTCHours() !== Number(h) ||
    back.getUTCMinutes() !== Number(mi)
  ) {
    w.add(`${field} "${raw}" is not a real date or time; the date is shown as unknown.`);
    return null;
  }
  if (m[4] === undefined) w.add(`${field} "${raw}" has no time of day; read as midnight UTC.`);
  if (!zone) {
    w.add(`${field} "${raw}" has no time zone; read as UTC.`);
  } else if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  const iso = new Date(t).toISOString();
  return ms === 0 ? iso.replace('.000Z', 'Z') : iso;
}

function readDateRange(report: JsonObject, w: Warnings): TlsReport['dateRange'] {
  const range = report['date-range'];
  if (!isObject(range)) {
    w.add('date-range is missing; the period the report covers is unknown.');
    return { start: null, end: null };
  }
  const read = (key: string): string | null => {
    const raw = readString(range, { key, where: 'date-range.', required: true }, w);
    return raw === null ? null : parseDateTime(raw, key, w);
  };
  const start = read('start-datetime');
  const end = read('end-datetime');
  if (start && end && Date.parse(end) < Date.parse(start)) {
    w.add(`date-range ends (${end}) before it starts (${start}).`);
  }
  return { start, end };
}

function readFailure(detail: JsonObject, where: string, w: Warnings): TlsReportFailure {
  const field = (key: string, required: boolean): Field => ({ key, where, required });
  const resultType = readString(detail, field('result-type', true), w);
  if (resultType !== null && !(RESULT_TYPES as readonly string[]).includes(resultType)) {
    w.add(`${where}result-type "${resultType}" is not one RFC 8460 §4.3 defines; kept as written.`);
  }
  const additionalInformation = readString(detail, field('additional-information', false), w);
  if (additionalInformation && !URI.test(additionalInformation)) {
    w.add(`${where}additional-information "${additionalInformation}" is not a URI; kept as text.`);
  }
  return {
    resultType,
    count: readCount(detail, field('failed-session-count', true), w),
    sendingMtaIp: readString(detail, field('sending-mta-ip', true), w),
    receivingMxHostname: readString(detail, field('receiving-mx-hostname', true), w),
    receivingIp: readString(detail, field('receiving-ip', false), w),
    additionalInformation,
    failureReasonCode: readString(detail, field('failure-reason-code', false), w),
  };
}

function readPolicy(entry: Json, index: number, w: Warnings): TlsReportPolicy {
  const at = `policies[${index}]`;
  const item = isObject(entry) ? entry : {};
  if (!isObject(entry)) w.add(`${at} is not an object; nothing could be read from it.`);
  const policy = isObject(item.policy) ? item.policy : {};
  if (isObject(entry) && !isObject(item.policy)) w.add(`${at} has no "policy" object.`);
  const policyDomain = readString(
    policy,
    { key: 'policy-domain', where: `Policy ${index + 1}: `, required: true },
    w,
  );
  const where = `Policy ${index + 1}${policyDomain ? ` (${policyDomain})` : ''}: `;
  const policyType = readString(policy, { key: 'policy-type', where, required: true }, w);
  if (policyType !== null && !(POLICY_TYPES as readonly string[]).includes(policyType)) {
    w.add(`${where}policy-type "${policyType}" is not sts, tlsa or no-policy-found; kept as written.`);
  }
  const strings = readStringList(policy, 'policy-string', where, w);
  const mx = readStringList(policy, 'mx-host', where, w);
  for (const host of mx.list) {
    if (/^\s*mx\s*:/i.test(host))
      w.add(`${where}mx-host "${host}" carries an "mx:" prefix; it should be the host pattern alone.`);
  }

  const summary = isObject(item.summary) ? item.summary : {};
  if (isObject(entry) && !isObject(item.summary))
    w.add(`${where}there is no "summary"; session counts are unknown.`);
  const successCount = readCount(
    summary,
    { key: 'total-successful-session-count', where, required: true },
    w,
  );
  const failureCount = readCount(summary, { key: 'total-failure-session-count', where, required: true }, w);

  const details = item['failure-details'];
  const failures: TlsReportFailure[] = [];
  if (Array.isArray(details)) {
    for (const detail of details) {
      if (isObject(detail)) failures.push(readFailure(detail, `${where}a failure detail: `, w));
      else w.add(`${where}a failure detail is not an object; skipped.`);
    }
  } else if (details !== undefined && details !== null) {
    w.add(`${where}failure-details is not a list; ignored.`);
  }
  if (failureCount !== null && failures.length > 0 && failures.every((f) => f.count !== null)) {
    const sum = failures.reduce((n, f) => n + (f.count ?? 0), 0);
    if (sum !== failureCount) {
      w.add(
        `${where}failure details add up to ${sum.toLocaleString('en')} session${sum === 1 ? '' : 's'} but the total says ${failureCount.toLocaleString('en')}.`,
      );
    }
  }
  if (failureCount !== null && failureCount > 0 && failures.length === 0) {
    w.add(
      `${where}${failureCount.toLocaleString('en')} failed sessions are counted but the reporter gave no details.`,
    );
  }
  return {
    policyType,
    policyDomain,
    policyStrings: strings.present ? strings.list : null,
    mxHosts: mx.list,
    successCount,
    failureCount,
    failures,
  };
}

/** Reads a parsed JSON value as a TLS report; refuses only what has no "policies" list at all. */
export function readTlsReport(data: Json): TlsReportParseResult {
  if (Array.isArray(data)) {
    return { ok: false, error: 'The JSON is a list, not one TLS report (an object with a "policies" list).' };
  }
  if (!isObject(data)) return { ok: false, error: 'The JSON is not an object, so it is not a TLS report.' };
  if (!Array.isArray(data.policies)) {
    return {
      ok: false,
      error:
        'This JSON is not a TLS-RPT report: it has no "policies" list (RFC 8460 §4.4). A DMARC report, for example, is XML.',
    };
  }
  const w = new Warnings();
  const field = (key: string, required: boolean): Field => ({ key, where: '', required });
  const report: TlsReport = {
    organizationName: readString(data, field('organization-name', true), w),
    reportId: readString(data, field('report-id', true), w),
    contactInfo: readString(data, field('contact-info', true), w),
    dateRange: readDateRange(data, w),
    policies: data.policies.map((p, i) => readPolicy(p, i, w)),
  };
  if (report.policies.length === 0) w.add('The report lists no policies, so it counts no sessions.');
  return { ok: true, report, warnings: w.list() };
}

/**
 * Reads one TLS report from the bytes of a file: JSON, gzip-compressed JSON or an e-mail message carrying
 * either. Never throws: anything unreadable ends in `{ ok: false, error }` with a sentence for the user.
 */
export async function parseTlsRptReport(
  bytes: Uint8Array,
  options: DecodeOptions = {},
): Promise<TlsReportParseResult> {
  try {
    const decoded = await decodeReportBytes(bytes, options);
    if (!decoded.ok) return decoded;
    let data: Json;
    try {
      data = JSON.parse(decoded.text.replace(/^\uFEFF/, ''));
    } catch (e) {
      return { ok: false, error: `The report is not valid JSON: ${(e as Error).message}` };
    }
    const read = readTlsReport(data);
    if (!read.ok) return read;
    return { ok: true, report: read.report, warnings: [...decoded.warnings, ...read.warnings] };
  } catch (e) {
    return { ok: false, error: `The file could not be read: ${(e as Error).message}` };
  }
}
