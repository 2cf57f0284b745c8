import type { CodeInfo } from '../types';

// Finding codes emitted by the check area: what each means and how to fix it.
export const checkCodes: Record<string, CodeInfo> = {};
