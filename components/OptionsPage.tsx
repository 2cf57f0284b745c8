import { useEffect, useState } from 'preact/hooks';
import type { HistoryUsageInfo } from '../lib/history';
import type { Settings } from '../utils/settings';
import { HistoryUsage } from './HistoryUsage';
import { OptionsForm, PrivacyNote } from './OptionsForm';

export interface OptionsPageProps {
  initial: Settings;
  onSave(settings: Settings): Promise<void>;
  history: { usage(): Promise<HistoryUsageInfo>; clear(): Promise<void> };
  /** URL of the bulk audit page. */
  auditUrl: string;
}

export function OptionsPage({ initial, onSave, history, auditUrl }: OptionsPageProps) {
  const [usage, setUsage] = useState<HistoryUsageInfo | null>(null);
  useEffect(() => {
    history.usage().then(setUsage, () => setUsage({ domains: 0, snapshots: 0, bytes: 0 }));
  }, []);
  return (
    <main class="page">
      <h1>MTA-STS Checker options</h1>
      <OptionsForm initial={initial} onSave={onSave} />
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Check history</h2>
        <p>
          After each check the extension keeps a small snapshot per domain (status, record id, a hash of the
          policy, mode, mx, max_age and MX hosts; the last 20 per domain), so it can tell you what changed
          since the previous check. It never leaves your browser.
        </p>
        <HistoryUsage
          usage={usage}
          onClear={async () => {
            await history.clear();
            setUsage(await history.usage());
          }}
        />
      </section>
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">Bulk audit</h2>
        <p>
          Check a list of vendor domains at once, export the results as CSV or JSON, and see which changed
          since the last run: <a href={auditUrl}>open the audit page</a>.
        </p>
      </section>
      <PrivacyNote />
    </main>
  );
}
