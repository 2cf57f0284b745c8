import type { CodeInfo } from '../types';

// Finding codes emitted by the policy area: what each means and how to fix it.
export const policyCodes: Record<string, CodeInfo> = {};
