// gzip behind one interface: the platform's DecompressionStream (browsers, Node 18+) by default; the command line
// passes Node's zlib (cli/node-gunzip.ts), which is several times faster there. Both stop at a cap on the
// decompressed size, so a decompression bomb never fills memory.
import { readCapped } from '../../streams/read-capped';

export type GunzipResult =
  | { ok: true; bytes: Uint8Array }
  /** too-large: the output passed the cap; damaged: truncated, corrupt or followed by junk; unsupported: no gzip here. */
  | { ok: false; reason: 'too-large' | 'damaged' | 'unsupported' };

export type Gunzip = (bytes: Uint8Array, maxBytes: number) => Promise<GunzipResult>;

// Fed in small slices on demand: gzip expands at most ~1,000:1, so one slice cannot blow far past the cap
// before the reader sees the total and cancels.
const SLICE_BYTES = 4096;

export const platformGunzip: Gunzip = async (bytes, maxBytes) => {
  if (typeof DecompressionStream === 'undefined') return { ok: false, reason: 'unsupported' };
  let offset = 0;
  const input = new ReadableStream<BufferSource>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + SLICE_BYTES));
      offset += SLICE_BYTES;
    },
  });
  const read = await readCapped(input.pipeThrough(new DecompressionStream('gzip')).getReader(), maxBytes);
  if (read.ok) return read;
  return { ok: false, reason: read.tooLarge ? 'too-large' : 'damaged' };
};

const MIB = 1024 * 1024;

/** The sentence for the user when gunzip failed. */
export function describeGunzipFailure(
  reason: 'too-large' | 'damaged' | 'unsupported',
  maxBytes: number,
): string {
  switch (reason) {
    case 'too-large':
      return `The gzip data expands to more than ${Math.round(maxBytes / MIB)} MB, far more than any TLS report: refused (it may be a decompression bomb).`;
    case 'damaged':
      return 'The gzip data is damaged or incomplete (the file may have been cut off while downloading or saving).';
    case 'unsupported':
      return 'This browser cannot unpack gzip files (it lacks DecompressionStream; Firefox 113, Chrome 80 and later have it). Unpack the file first and drop the .json.';
  }
}
