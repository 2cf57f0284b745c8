import type { CodeInfo } from '../types';

// Finding codes emitted by the record area: what each means and how to fix it.
export const recordCodes: Record<string, CodeInfo> = {};
