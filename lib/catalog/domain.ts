import type { CodeInfo } from '../types';

// Finding codes emitted by the domain area: what each means and how to fix it.
export const domainCodes: Record<string, CodeInfo> = {};
