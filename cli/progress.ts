// One progress line on stderr, redrawn in place, only when stderr is a terminal (never in a log or a pipe).
import type { AuditProgress } from '../lib/audit/run-audit';
import type { OutputStream } from './io';

const CLEAR_LINE = '\r\x1b[K';

export interface ProgressLine {
  update(progress: AuditProgress): void;
  /** Removes the line (before other output, and at the end). */
  clear(): void;
}

export function formatProgress(p: AuditProgress): string {
  const eta =
    p.etaMs === null || p.done === p.total
      ? ''
      : ` · about ${Math.max(1, Math.round(p.etaMs / 1000))} s left`;
  const rate = p.ratePerSec > 0 ? ` · ${p.ratePerSec.toFixed(1)}/s` : '';
  return `${p.done}/${p.total} checked · ${p.counts.SUCCESS} SUCCESS · ${p.counts.WARNING} WARNING · ${p.counts.ERROR} ERROR${rate}${eta}`;
}

export function createProgressLine(err: OutputStream): ProgressLine {
  if (!err.isTTY) return { update() {}, clear() {} };
  let shown = false;
  return {
    update(progress) {
      err.write(`${CLEAR_LINE}${formatProgress(progress)}`);
      shown = true;
    },
    clear() {
      if (shown) err.write(CLEAR_LINE);
      shown = false;
    },
  };
}
