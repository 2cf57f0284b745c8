// Severity as icon + word, so it reads the same with or without colour vision.
import type { Severity } from '../lib/report/types';

export const SEVERITY_LOOK: Record<Severity, { icon: string; word: string }> = {
  error: { icon: '✖\uFE0E', word: 'Error' },
  warning: { icon: '⚠\uFE0E', word: 'Warning' },
  info: { icon: 'ℹ\uFE0E', word: 'Info' },
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  const look = SEVERITY_LOOK[severity];
  return (
    <span class={`badge badge-${severity}`}>
      <span aria-hidden="true">{look.icon}</span> {look.word}
    </span>
  );
}
