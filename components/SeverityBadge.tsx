// Severity as icon + word, so it reads the same with or without colour vision. The words are the report's
// vocabulary (lib/report/look.ts): Problem / Advice / Note, never the status words.
import { SEVERITY_LOOK } from '../lib/report/look';
import type { Severity } from '../lib/report/types';

export function SeverityBadge({ severity }: { severity: Severity }) {
  const look = SEVERITY_LOOK[severity];
  return (
    <span class={`badge badge-${severity}`}>
      <span aria-hidden="true">{look.icon}</span> {look.word}
    </span>
  );
}
