// Locating a browser binary for the end-to-end suites: an environment variable wins, then the usual
// distribution paths. Throws with install instructions when none exists: without a browser a suite cannot
// run, and silently skipping it would make a broken setup look green.
import { existsSync } from 'node:fs';

export interface BrowserSpec {
  /** Shown in messages, e.g. "Chromium". */
  name: string;
  /** Environment variable naming the binary, e.g. CHROMIUM_PATH. */
  envVar: string;
  /** Distribution paths, in the order they are tried. */
  candidates: readonly string[];
  /** How to install it. */
  hint: string;
}

export function findBrowser(
  spec: BrowserSpec,
  env: Record<string, string | undefined> = process.env,
  exists: (path: string) => boolean = existsSync,
): string {
  const fromEnv = env[spec.envVar];
  if (fromEnv) {
    if (exists(fromEnv)) return fromEnv;
    throw new Error(`${spec.envVar} is set to ${fromEnv}, but no file exists there. ${spec.hint}`);
  }
  const found = spec.candidates.find((path) => exists(path));
  if (found) return found;
  throw new Error(`No ${spec.name} found (looked in ${spec.candidates.join(', ')}). ${spec.hint}`);
}
