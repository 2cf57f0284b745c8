// The catalogue of every finding code: one entry per code, used by the UI (titles, fixes) and the README table.

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

export const CATALOG: Readonly<Record<string, CodeInfo>> = {
  ...domainCodes,
  ...recordCodes,
  ...policyCodes,
  ...fetchCodes,
  ...mxCodes,
  ...tlsrptCodes,
  ...dnsCodes,
  ...checkCodes,
  ...historyCodes,
};

export function getCodeInfo(code: string): CodeInfo | undefined {
  return Object.hasOwn(CATALOG, code) ? CATALOG[code] : undefined;
}
