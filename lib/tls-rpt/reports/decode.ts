// Bytes in, report JSON text out: sniffs gzip, JSON or an e-mail message (whatever the file is called) and
// unwraps it. gzip goes through the platform's DecompressionStream (browsers and Node 18+ alike), read chunk by
// chunk so a decompression bomb is stopped at the cap instead of filling memory.
import { describeGunzipFailure, type Gunzip, platformGunzip } from './gunzip';
import { extractReportPart } from './mime';

/** Files larger than this are refused before anything is read from them (real daily reports are kilobytes). */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;
/** Decompressed size at most; past it the decompression is cancelled (a gzip bomb). */
export const MAX_DECOMPRESSED_BYTES = 20 * 1024 * 1024;

export type Decoded = { ok: true; text: string; warnings: string[] } | { ok: false; error: string };

export type InputKind = 'gzip' | 'json' | 'mime' | 'unknown';

const MIB = 1024 * 1024;

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The first byte that is not whitespace or a UTF-8 byte order mark. */
function firstSignificant(bytes: Uint8Array): number | undefined {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)
  )
    i++;
  return bytes[i];
}

/** What the bytes are, from their content only: a `.json` file may be gzip, an `.eml` may be saved as `.txt`. */
export function sniffInput(bytes: Uint8Array): InputKind {
  if (isGzip(bytes)) return 'gzip';
  const first = firstSignificant(bytes);
  if (first === 0x7b /* { */ || first === 0x5b /* [ */) return 'json';
  // An RFC 5322 message starts with a header field: name ":" (printable ASCII, no spaces, no colon).
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  if (/^[!-9;-~]+:/.test(head)) return 'mime';
  return 'unknown';
}

function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: string } {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { ok: false, error: 'The report is not valid UTF-8 text, so it is not JSON (RFC 8259 §8.1).' };
  }
}

/**
 * Unwraps the report's JSON text from what the user dropped: plain JSON, gzip, or a mail message carrying
 * either (RFC 8460 §5.3). `depth` stops a message that wraps a gzip that wraps a message… from recursing.
 */
export interface DecodeOptions {
  /** How gzip is unpacked; the platform's DecompressionStream unless given. */
  gunzip?: Gunzip;
}

export async function decodeReportBytes(
  bytes: Uint8Array,
  options: DecodeOptions = {},
  depth = 0,
): Promise<Decoded> {
  if (bytes.length === 0) return { ok: false, error: 'The file is empty.' };
  if (bytes.length > MAX_INPUT_BYTES) {
    return {
      ok: false,
      error: `The file is ${(bytes.length / MIB).toFixed(1)} MB; TLS reports are far smaller, so files over ${MAX_INPUT_BYTES / MIB} MB are refused.`,
    };
  }
  const kind = sniffInput(bytes);
  if (kind === 'json') {
    const text = decodeUtf8(bytes);
    return text.ok ? { ok: true, text: text.text, warnings: [] } : text;
  }
  if (depth > 2)
    return { ok: false, error: 'The report is wrapped in too many layers (mail, gzip) to unpack.' };
  if (kind === 'gzip') {
    const unzipped = await (options.gunzip ?? platformGunzip)(bytes, MAX_DECOMPRESSED_BYTES);
    if (!unzipped.ok)
      return { ok: false, error: describeGunzipFailure(unzipped.reason, MAX_DECOMPRESSED_BYTES) };
    const inner = await decodeReportBytes(unzipped.bytes, options, depth + 1);
    if (!inner.ok && sniffInput(unzipped.bytes) === 'unknown') {
      return { ok: false, error: 'The gzip file does not contain a JSON report.' };
    }
    return inner;
  }
  if (kind === 'mime') {
    const part = await extractReportPart(bytes);
    if (!part.ok) return part;
    const inner = await decodeReportBytes(part.bytes, options, depth + 1);
    if (!inner.ok) return { ok: false, error: `${part.label}: ${inner.error}` };
    return { ok: true, text: inner.text, warnings: [...part.warnings, ...inner.warnings] };
  }
  return {
    ok: false,
    error:
      'This is not a TLS report: expected JSON, gzip-compressed JSON (.json.gz) or an e-mail message (.eml) carrying one.',
  };
}
