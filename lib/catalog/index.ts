// The catalogue of every finding code: one entry per code, used by the UI (titles, fixes) and the README table.

import { certificateCodes } from './certificate';
import { checkCodes } from './check';
import { dnsCodes } from './dns';
import { domainCodes } from './domain';
import { fetchCodes } from './fetch';
import { historyCodes } from './history';
import { mxCodes } from './mx';
import { policyCodes } from './policy';
import { recordCodes } from './record';
import { tlsrptCodes } from './tlsrpt';
import type { CodeInfo } from './types';

export const CATALOG = {
  ...domainCodes,
  ...recordCodes,
  ...policyCodes,
  ...fetchCodes,
  ...certificateCodes,
  ...mxCodes,
  ...tlsrptCodes,
  ...dnsCodes,
  ...checkCodes,
  ...historyCodes,
} as const satisfies Record<string, CodeInfo>;

/** Every code a finding can carry: adding a check starts with its catalogue entry, and the compiler follows. */
export type FindingCode = keyof typeof CATALOG;

export function isFindingCode(code: string): code is FindingCode {
  return Object.hasOwn(CATALOG, code);
}

/** The entry for any string (e.g. a code read back from storage); undefined for unknown codes. */
export function getCodeInfo(code: string): CodeInfo | undefined {
  return isFindingCode(code) ? CATALOG[code] : undefined;
}
