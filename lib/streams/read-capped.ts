// Reads a byte stream to its end into one array, but stops (and cancels the stream) as soon as more than
// `maxBytes` arrive: a hostile or broken source must not fill memory. Used by the hardened GET under DoH and
// the policy fetch (lib/http/limited-fetch.ts) and by gunzip. A failed read still hands back what arrived.

export type CappedRead =
  | { ok: true; bytes: Uint8Array }
  /** `bytes`: the first maxBytes bytes. */
  | { ok: false; tooLarge: true; bytes: Uint8Array }
  /** `bytes`: what had arrived before the error. */
  | { ok: false; tooLarge: false; error: unknown; bytes: Uint8Array };

export async function readCapped(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  maxBytes: number,
): Promise<CappedRead> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = maxBytes - total;
      if (value.byteLength > room) {
        chunks.push(value.subarray(0, room));
        total += room;
        void reader.cancel().catch(() => undefined);
        return { ok: false, tooLarge: true, bytes: join(chunks, total) };
      }
      chunks.push(value);
      total += value.byteLength;
    }
  } catch (error) {
    return { ok: false, tooLarge: false, error, bytes: join(chunks, total) };
  }
  return { ok: true, bytes: join(chunks, total) };
}

function join(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]?.byteLength === total) return chunks[0];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
