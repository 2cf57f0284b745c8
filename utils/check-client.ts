// How extension pages ask the background for a check: one message out, progress messages back, and a
// cancel message when the caller's signal aborts. Every page goes through here, so the background is the
// only place that runs checks and writes history.
import type { Report, StepProgress } from '../lib/report/types';
import { onMessage, sendMessage } from './messaging';

export interface CheckClientOptions {
  force?: boolean;
  fresh?: boolean;
  tabId?: number;
  signal?: AbortSignal;
  onProgress?: (progress: StepProgress) => void;
}

let counter = 0;

export async function requestCheck(domain: string, options: CheckClientOptions = {}): Promise<Report> {
  const requestId = `${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2)}`;
  const stop = onMessage('checkProgress', (data) => {
    if (data.requestId === requestId) options.onProgress?.(data.progress);
    return undefined;
  });
  const cancel = () => void sendMessage('cancelCheck', { requestId }).catch(() => {});
  options.signal?.addEventListener('abort', cancel, { once: true });
  try {
    const response = await sendMessage('checkDomain', {
      domain,
      requestId,
      force: options.force,
      fresh: options.fresh,
      tabId: options.tabId,
    });
    if (!response?.ok) throw new Error(response?.error ?? 'The background did not answer.');
    return response.report;
  } finally {
    stop();
    options.signal?.removeEventListener('abort', cancel);
  }
}
