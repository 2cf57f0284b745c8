import type { CodeInfo } from '../types';

// Finding codes emitted by the mx area: what each means and how to fix it.
export const mxCodes: Record<string, CodeInfo> = {};
