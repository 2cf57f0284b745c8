import type { CodeInfo } from '../types';

// Finding codes emitted by the fetch area: what each means and how to fix it.
export const fetchCodes: Record<string, CodeInfo> = {};
