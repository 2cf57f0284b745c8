// One fixture world per test file: started (with its DoH resolver saved in the options) before the file's
// tests and closed after them.
import { afterAll, beforeAll } from 'vitest';
import { type ExtensionWorld, startExtensionWorld } from './extension-world';

export function useExtensionWorld(options: { latencyMs?: number; bulk?: number } = {}): () => ExtensionWorld {
  let env: ExtensionWorld | undefined;
  beforeAll(async () => {
    env = await startExtensionWorld(options);
    await env.useWorldResolver();
  });
  afterAll(async () => {
    await env?.close();
  });
  return () => {
    if (!env) throw new Error('The extension world has not started.');
    return env;
  };
}
