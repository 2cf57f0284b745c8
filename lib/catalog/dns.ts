import type { CodeInfo } from '../types';

// Finding codes emitted by the dns area: what each means and how to fix it.
export const dnsCodes: Record<string, CodeInfo> = {};
