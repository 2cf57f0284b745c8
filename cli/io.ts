// What a command reads and writes, passed in so tests run the CLI in-process with their own streams and fetch.
import { readFile } from 'node:fs/promises';

export interface OutputStream {
  write(chunk: string): unknown;
  /** A terminal (progress lines are drawn only there). */
  isTTY?: boolean;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Read only for `-` / `--input -`. */
  stdin?: AsyncIterable<string | Uint8Array>;
  readFile?: (path: string) => Promise<string>;
  /** Replaces the command's own network stack (tests pass one that reaches the local servers). */
  fetch?: typeof fetch;
  now?: () => number;
}

export function createProcessIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
  };
}

export async function readText(io: CliIo, path: string): Promise<string> {
  if (path === '-') {
    const chunks: string[] = [];
    const decoder = new TextDecoder();
    for await (const chunk of io.stdin ?? []) {
      chunks.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    }
    chunks.push(decoder.decode());
    return chunks.join('');
  }
  return io.readFile ? io.readFile(path) : readFile(path, 'utf8');
}
