// Node's zlib behind the reader's gunzip interface (lib/tls-rpt/reports/gunzip.ts): the command line reads a month
// of reports several times faster than through Node's web-stream DecompressionStream. zlib itself stops at
// maxOutputLength, so a bomb is refused without inflating it.
import { gunzipSync } from 'node:zlib';
import type { Gunzip } from '../lib/tls-rpt/reports/gunzip';

export const nodeGunzip: Gunzip = async (bytes, maxBytes) => {
  try {
    return { ok: true, bytes: new Uint8Array(gunzipSync(bytes, { maxOutputLength: maxBytes })) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ERR_BUFFER_TOO_LARGE' ? 'too-large' : 'damaged' };
  }
};
