// Options page: how much check history is stored, and a button to delete it.
import { useState } from 'preact/hooks';
import type { HistoryUsageInfo } from '../lib/history/history';

export interface HistoryUsageProps {
  /** null while it is being read. */
  usage: HistoryUsageInfo | null;
  onClear(): Promise<void>;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

export function formatBytes(bytes: number): string {
  const kb = Math.ceil(bytes / 1024);
  if (kb < 1024) return `~${kb.toLocaleString('en-US')} KB`;
  return `~${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function formatUsage(usage: HistoryUsageInfo): string {
  return `${plural(usage.domains, 'domain')}, ${plural(usage.snapshots, 'snapshot')}, ${formatBytes(usage.bytes)}`;
}

type ClearState =
  | { kind: 'idle' }
  | { kind: 'clearing' }
  | { kind: 'cleared' }
  | { kind: 'failed'; error: string };

export function HistoryUsage({ usage, onClear }: HistoryUsageProps) {
  const [state, setState] = useState<ClearState>({ kind: 'idle' });
  const clear = async () => {
    setState({ kind: 'clearing' });
    try {
      await onClear();
      setState({ kind: 'cleared' });
    } catch (error) {
      setState({ kind: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
  };
  const empty = usage !== null && usage.snapshots === 0;
  return (
    <section class="history-usage" aria-labelledby="history-usage-heading">
      <h2 id="history-usage-heading">Check history</h2>
      <p class="muted">
        To tell you what changed since your last check of a domain (for example a policy edited without a new
        id), the extension keeps a short summary of each check on this device. It is never sent anywhere.
      </p>
      <p data-testid="history-usage">{usage === null ? 'Reading the stored history…' : formatUsage(usage)}</p>
      <div class="actions">
        <button
          type="button"
          class="secondary"
          data-testid="history-clear"
          disabled={state.kind === 'clearing' || usage === null || empty}
          onClick={clear}
        >
          {state.kind === 'clearing' ? 'Clearing…' : 'Clear history'}
        </button>
        {state.kind === 'cleared' && (
          <span role="status" data-testid="history-cleared">
            History cleared. The next check of each domain starts a new history.
          </span>
        )}
        {state.kind === 'failed' && (
          <span role="alert" class="error" data-testid="history-clear-failed">
            Could not clear the history: {state.error}
          </span>
        )}
      </div>
    </section>
  );
}
