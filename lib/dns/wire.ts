// RFC 8484 wire format: building the query and turning the resolver's binary answer into records.
// dns-packet decodes individual records; the message structure is walked here first so that garbage,
// truncated or mismatched answers are recognised instead of being half-decoded.
import * as dnsPacket from '@leichtgewicht/dns-packet';
import { normalizeDnsName } from './dns-name';
import type { DnsRecord, Rcode, RRType } from './types';

const TYPE_CODES: Readonly<Record<RRType, number>> = { A: 1, CNAME: 5, MX: 15, TXT: 16, AAAA: 28, TLSA: 52 };
const TYPE_SOA = 6;
const TYPE_OPT = 41;
const CLASS_IN = 1;
const HEADER_BYTES = 12;
/** Longest CNAME chain we follow inside one answer; real resolvers give up well before this. */
export const MAX_CNAME_CHAIN = 8;

export function isRRType(value: unknown): value is RRType {
  return typeof value === 'string' && Object.hasOwn(TYPE_CODES, value);
}

/**
 * RFC 8484 §4.1: message id 0 so HTTP caches can share answers; RD asks for recursion. The AD bit in the
 * query asks the resolver to tell us whether it validated the answer with DNSSEC (RFC 6840 §5.7), and
 * the EDNS0 OPT record (RFC 6891) allows answers larger than 512 bytes. DO stays unset: we do not want
 * the signatures themselves, only the resolver's verdict.
 */
export function createQueryMessage(name: string, type: RRType): Uint8Array {
  // The OPT pseudo-record's fields (udpPayloadSize, flags) are not in dns-packet's answer typings.
  const opt = {
    type: 'OPT',
    name: '.',
    udpPayloadSize: 4096,
    flags: 0,
    options: [],
  } as unknown as dnsPacket.Answer;
  return dnsPacket.encode({
    type: 'query',
    id: 0,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.AUTHENTIC_DATA,
    questions: [{ type, name, class: 'IN' }],
    additionals: [opt],
  });
}

interface RawQuestion {
  nameOffset: number;
  type: number;
  klass: number;
}

interface RawRecord {
  offset: number;
  section: 'answer' | 'authority' | 'additional';
  type: number;
  klass: number;
  ttl: number;
  rdlength: number;
}

interface RawMessage {
  id: number;
  flags: number;
  questions: RawQuestion[];
  records: RawRecord[];
}

const readU16 = (buf: Uint8Array, offset: number): number =>
  ((buf[offset] ?? 0) << 8) | (buf[offset + 1] ?? 0);
const readU32 = (buf: Uint8Array, offset: number): number =>
  readU16(buf, offset) * 65536 + readU16(buf, offset + 2);

/** Offset just after the (possibly compressed) name at `offset`, or null when it runs off the end. */
function skipName(buf: Uint8Array, offset: number): number | 'truncated' | 'malformed' {
  let position = offset;
  for (;;) {
    if (position >= buf.length) return 'truncated';
    const length = buf[position] ?? 0;
    if (length === 0) return position + 1;
    if ((length & 0xc0) === 0xc0) return position + 2 > buf.length ? 'truncated' : position + 2;
    if ((length & 0xc0) !== 0) return 'malformed';
    position += 1 + length;
  }
}

/** Walks header, question and record boundaries (RFC 1035 §4.1) without interpreting record data. */
function walkMessage(buf: Uint8Array): RawMessage | 'truncated' | 'malformed' {
  if (buf.length < HEADER_BYTES) return 'truncated';
  const counts = [readU16(buf, 4), readU16(buf, 6), readU16(buf, 8), readU16(buf, 10)] as const;
  const message: RawMessage = { id: readU16(buf, 0), flags: readU16(buf, 2), questions: [], records: [] };
  let offset = HEADER_BYTES;
  for (let i = 0; i < counts[0]; i++) {
    const end = skipName(buf, offset);
    if (typeof end === 'string') return end;
    if (end + 4 > buf.length) return 'truncated';
    message.questions.push({ nameOffset: offset, type: readU16(buf, end), klass: readU16(buf, end + 2) });
    offset = end + 4;
  }
  const sections = [
    ['answer', counts[1]],
    ['authority', counts[2]],
    ['additional', counts[3]],
  ] as const;
  for (const [section, count] of sections) {
    for (let i = 0; i < count; i++) {
      const end = skipName(buf, offset);
      if (typeof end === 'string') return end;
      if (end + 10 > buf.length) return 'truncated';
      const rdlength = readU16(buf, end + 8);
      if (end + 10 + rdlength > buf.length) return 'truncated';
      message.records.push({
        offset,
        section,
        type: readU16(buf, end),
        klass: readU16(buf, end + 2),
        ttl: readU32(buf, end + 4),
        rdlength,
      });
      offset = end + 10 + rdlength;
    }
  }
  return message;
}

// RFC 1035 §4.1.1 and RFC 2136 §2.2 (6–10); RFC 6891 §6.1.3: 16 (BADVERS) only exists with EDNS0.
const RCODE_NAMES: readonly string[] = [
  'NOERROR',
  'FORMERR',
  'SERVFAIL',
  'NXDOMAIN',
  'NOTIMP',
  'REFUSED',
  'YXDOMAIN',
  'YXRRSET',
  'NXRRSET',
  'NOTAUTH',
  'NOTZONE',
];

function rcodeName(code: number): Rcode {
  if (code === 16) return 'BADVERS';
  return RCODE_NAMES[code] ?? `RCODE_${code}`;
}

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Non-fatal: invalid UTF-8 shows up as U+FFFD so the record parsers can point at it and reject it. */
const textDecoder = new TextDecoder('utf-8', { fatal: false });

/** Minimum rdata length per type; anything shorter cannot be the record it claims to be. */
function hasPlausibleLength(type: RRType, rdlength: number): boolean {
  switch (type) {
    case 'A':
      return rdlength === 4;
    case 'AAAA':
      return rdlength === 16;
    case 'MX':
      return rdlength >= 3;
    case 'TLSA':
      return rdlength >= 3;
    case 'TXT':
    case 'CNAME':
      return rdlength >= 1;
  }
}

type DecodedRecord = { ok: true; record: DnsRecord } | { ok: false };

function decodeRecord(buf: Uint8Array, raw: RawRecord, type: RRType): DecodedRecord {
  if (!hasPlausibleLength(type, raw.rdlength)) return { ok: false };
  let decoded: dnsPacket.Answer;
  try {
    decoded = dnsPacket.answer.decode(buf, raw.offset);
  } catch {
    return { ok: false };
  }
  const name = normalizeDnsName(decoded.name);
  const ttl = raw.ttl;
  const data: unknown = decoded.data;
  switch (type) {
    case 'TXT': {
      // RFC 8461 §3.1 / RFC 8460 §3: the character-strings of one record are joined without spaces.
      const parts = Array.isArray(data) ? data : [];
      if (!parts.every((part): part is Uint8Array => part instanceof Uint8Array)) return { ok: false };
      return { ok: true, record: { type, name, ttl, text: textDecoder.decode(concatBytes(parts)) } };
    }
    case 'MX': {
      const mx = data as { preference?: unknown; exchange?: unknown };
      if (typeof mx.preference !== 'number' || typeof mx.exchange !== 'string') return { ok: false };
      // The null MX (RFC 7505) has the root "." as exchange; it is kept as "." rather than made empty.
      return {
        ok: true,
        record: { type, name, ttl, preference: mx.preference, exchange: normalizeDnsName(mx.exchange) },
      };
    }
    case 'A':
    case 'AAAA':
      return typeof data === 'string'
        ? { ok: true, record: { type, name, ttl, address: data } }
        : { ok: false };
    case 'CNAME':
      return typeof data === 'string'
        ? { ok: true, record: { type, name, ttl, target: normalizeDnsName(data) } }
        : { ok: false };
    case 'TLSA': {
      // RFC 6698 §2.1: usage, selector, matching type (one octet each), then the association data.
      if (!(data instanceof Uint8Array) || data.length < 3) return { ok: false };
      const [usage = 0, selector = 0, matchingType = 0] = data;
      return {
        ok: true,
        record: { type, name, ttl, usage, selector, matchingType, data: toHex(data.subarray(3)) },
      };
    }
  }
}

export type ParsedResponse =
  | {
      ok: true;
      rcode: Rcode;
      ad: boolean;
      records: DnsRecord[];
      cnames: string[];
      /** Smallest TTL among the records and CNAMEs used; null when nothing was used. */
      answerTtl: number | null;
      /** RFC 2308 §5: how long a "no such data" answer may be cached, from the SOA in the authority section. */
      negativeTtl: number | null;
    }
  | { ok: false; error: string };

const mismatch = (detail: string): ParsedResponse => ({
  ok: false,
  error: `sent an answer that did not match the question (${detail})`,
});
const malformed = (detail: string): ParsedResponse => ({
  ok: false,
  error: `sent an answer that is not a valid DNS message (${detail})`,
});

/** Validates a DoH answer against the question we asked and extracts the records of the asked type. */
export function parseDnsResponse(buf: Uint8Array, askedName: string, askedType: RRType): ParsedResponse {
  if (buf.length === 0) return malformed('the body was empty');
  const message = walkMessage(buf);
  if (message === 'truncated') return malformed('it ends in the middle of a record');
  if (message === 'malformed') return malformed('it contains a name that cannot be decoded');

  if ((message.flags & 0x8000) === 0) return malformed('it is a query, not a response');
  if (message.id !== 0) return mismatch(`message id ${message.id} instead of 0`);
  const opcode = (message.flags >> 11) & 0xf;
  if (opcode !== 0) return mismatch(`opcode ${opcode} instead of a standard query`);
  const [question, ...extraQuestions] = message.questions;
  if (question === undefined) return mismatch('it contains no question');
  if (extraQuestions.length > 0) return mismatch(`it contains ${message.questions.length} questions`);
  let questionName: string;
  try {
    questionName = normalizeDnsName(dnsPacket.name.decode(buf, question.nameOffset));
  } catch {
    return malformed('the question name cannot be decoded');
  }
  if (questionName !== askedName) return mismatch(`it is about ${questionName}, we asked about ${askedName}`);
  if (question.type !== TYPE_CODES[askedType]) return mismatch(`it is about record type ${question.type}`);
  if (question.klass !== CLASS_IN) return mismatch(`it is about class ${question.klass}, not IN`);
  // RFC 8484 §6: over HTTP there is no size limit, so a truncated (TC) answer is unusable and unexpected.
  if ((message.flags & 0x0200) !== 0) return { ok: false, error: 'sent a truncated answer (TC flag set)' };

  const opt = message.records.find((record) => record.section === 'additional' && record.type === TYPE_OPT);
  // RFC 6891 §6.1.3: the OPT record's TTL field carries the upper 8 bits of a 12-bit rcode.
  const extendedRcode = opt === undefined ? 0 : opt.ttl >>> 24;
  const rcode = rcodeName((extendedRcode << 4) | (message.flags & 0xf));
  const ad = (message.flags & 0x0020) !== 0;

  const wanted = [TYPE_CODES[askedType], TYPE_CODES.CNAME];
  const usable: DnsRecord[] = [];
  for (const raw of message.records) {
    if (raw.section !== 'answer' || raw.klass !== CLASS_IN || !wanted.includes(raw.type)) continue;
    const type = raw.type === TYPE_CODES[askedType] ? askedType : 'CNAME';
    const decoded = decodeRecord(buf, raw, type);
    if (!decoded.ok) return malformed(`the answer contains a malformed ${type} record`);
    usable.push(decoded.record);
  }

  const chain = followCnames(usable, askedName, askedType);
  const ttls = [...chain.records, ...chain.cnameRecords].map((record) => record.ttl);

  let negativeTtl: number | null = null;
  const soa = message.records.find(
    (record) => record.section === 'authority' && record.type === TYPE_SOA && record.klass === CLASS_IN,
  );
  if (soa !== undefined) {
    try {
      const decoded = dnsPacket.answer.decode(buf, soa.offset) as dnsPacket.SoaAnswer;
      if (typeof decoded.data.minimum === 'number') negativeTtl = Math.min(soa.ttl, decoded.data.minimum);
    } catch {
      // A broken SOA only loses the negative-caching hint; the answer itself is still usable.
    }
  }

  return {
    ok: true,
    rcode,
    ad,
    records: chain.records,
    cnames: chain.cnameRecords.map((record) => (record.type === 'CNAME' ? record.target : record.name)),
    answerTtl: ttls.length > 0 ? Math.min(...ttls) : null,
    negativeTtl,
  };
}

/**
 * Starting at the asked name, follows CNAMEs present in the answer (RFC 1034 §3.6.2) and returns the
 * records of the asked type at the end of the chain. Records owned by names outside the chain are ignored.
 * Loops and over-long chains stop the walk with no records.
 */
function followCnames(
  records: readonly DnsRecord[],
  askedName: string,
  askedType: RRType,
): { records: DnsRecord[]; cnameRecords: DnsRecord[] } {
  const cnameRecords: DnsRecord[] = [];
  const seen = new Set<string>([askedName]);
  let current = askedName;
  for (;;) {
    const direct = records.filter((record) => record.name === current && record.type === askedType);
    if (direct.length > 0 || askedType === 'CNAME') return { records: direct, cnameRecords };
    const alias = records.find((record) => record.name === current && record.type === 'CNAME');
    if (alias === undefined || alias.type !== 'CNAME') return { records: [], cnameRecords };
    cnameRecords.push(alias);
    if (seen.has(alias.target) || cnameRecords.length > MAX_CNAME_CHAIN) return { records: [], cnameRecords };
    seen.add(alias.target);
    current = alias.target;
  }
}
