// Reads a byte stream to its end into one array, but stops (and cancels the stream) as soon as more than
// `maxBytes` arrive: a hostile or broken source must not fill memory. Used for DoH answers and gunzip output.

export type CappedRead =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; tooLarge: true }
  | { ok: false; tooLarge: false; error: unknown };

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
      total += value.length;
      if (total > maxBytes) {
        void reader.cancel().catch(() => undefined);
        return { ok: false, tooLarge: true };
      }
      chunks.push(value);
    }
  } catch (error) {
    return { ok: false, tooLarge: false, error };
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { ok: true, bytes };
}
