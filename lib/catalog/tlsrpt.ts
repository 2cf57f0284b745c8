import type { CodeInfo } from '../types';

// Finding codes emitted by the tlsrpt area: what each means and how to fix it.
export const tlsrptCodes: Record<string, CodeInfo> = {};
