// The latency bench's harness (npm run bench -- latency): Chromium driven over a bare DevTools pipe. These
// tests keep it working, since the bench itself runs outside CI and asserts nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMessageReader,
  type PipeExtensionWorld,
  startPipeExtensionWorld,
} from './support/devtools-pipe';

describe('reading the DevTools pipe', () => {
  it.each([
    { name: 'one message per chunk', chunks: ['{"id":1}\0', '{"id":2}\0'] },
    { name: 'a message split across chunks', chunks: ['{"i', 'd":1}\0{"id"', ':2}\0'] },
    { name: 'two messages in one chunk', chunks: ['{"id":1}\0{"id":2}\0'] },
  ])('splits NUL-terminated JSON: $name', ({ chunks }) => {
    const seen: unknown[] = [];
    const read = createMessageReader((message) => seen.push(message));
    for (const chunk of chunks) read(Buffer.from(chunk));
    expect(seen).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('joins a character split across chunks', () => {
    const seen: unknown[] = [];
    const read = createMessageReader((message) => seen.push(message));
    const bytes = Buffer.from('{"text":"é"}\0');
    const cut = bytes.indexOf(0xa9); // inside "é" (C3 A9)
    read(bytes.subarray(0, cut));
    read(bytes.subarray(cut));
    expect(seen).toEqual([{ text: 'é' }]);
  });

  it('keeps a message until its terminator arrives', () => {
    const seen: unknown[] = [];
    const read = createMessageReader((message) => seen.push(message));
    read(Buffer.from('{"id":1}'));
    expect(seen).toEqual([]);
    read(Buffer.from('\0'));
    expect(seen).toEqual([{ id: 1 }]);
  });
});

describe('popup timing over a bare DevTools pipe', () => {
  let env: PipeExtensionWorld;

  beforeAll(async () => {
    env = await startPipeExtensionWorld();
  });

  afterAll(async () => {
    await env?.close();
  });

  it('times a check from popup open: RUNNING first, then the final status', async () => {
    const times = await env.timePopup('enforce.test');
    expect(Object.keys(times).sort()).toEqual(['RUNNING', 'SUCCESS']);
    expect(times.RUNNING).toBeGreaterThan(0);
    expect(times.SUCCESS).toBeGreaterThan(times.RUNNING as number);
  });

  it('records the status the check ends with, not only SUCCESS', async () => {
    const times = await env.timePopup('norecord.test');
    expect(Object.keys(times).sort()).toEqual(['RUNNING', 'WARNING']);
  });

  it('checks again after the service worker was stopped', async () => {
    await env.stopWorker();
    const times = await env.timePopup('testing.test');
    expect(Object.keys(times).sort()).toEqual(['RUNNING', 'WARNING']);
  });

  it('measures the first paint of a page with no script', async () => {
    expect(await env.timeBlankPaint()).toBeGreaterThan(0);
  });
});
