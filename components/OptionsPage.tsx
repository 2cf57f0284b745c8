import { useEffect, useState } from 'preact/hooks';
import type { HistoryUsageInfo } from '../lib/history/history';
import type { Settings } from '../lib/settings';
import { HistoryUsage } from './HistoryUsage';
import { OptionsForm, type OptionsFormProps, PrivacyNote } from './OptionsForm';

export interface OptionsPageProps {
  initial: Settings;
  onSave(settings: Settings): Promise<void>;
  history: { usage(): Promise<HistoryUsageInfo>; clear(): Promise<void> };
  /** URL of the bulk audit page. */
  auditUrl: string;
  testResolver?: OptionsFormProps['testResolver'];
}

export function OptionsPage({ initial, onSave, history, auditUrl, testResolver }: OptionsPageProps) {
  const [usage, setUsage] = useState<HistoryUsageInfo | null>(null);
  useEffect(() => {
    history.usage().then(setUsage, () => setUsage({ domains: 0, snapshots: 0, bytes: 0 }));
  }, []);
  return (
    <main class="page">
      <h1>MTA-STS Checker options</h1>
      <OptionsForm initial={initial} onSave={onSave} testResolver={testResolver} />
      <HistoryUsage
        usage={usage}
        onClear={async () => {
          await history.clear();
          setUsage(await history.usage());
        }}
      />
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">Bulk audit</h2>
        <p>
          Check a list of vendor domains at once, export the results as CSV or JSON, and see which changed
          since the last run: <a href={auditUrl}>open the audit page</a>.
        </p>
      </section>
      <section aria-labelledby="tlsrpt-heading">
        <h2 id="tlsrpt-heading">TLS reports</h2>
        <p>
          Read the TLS-RPT reports senders mailed you, and see whether your policy can switch to enforce:{' '}
          <a href="/tlsrpt.html">open the TLS reports page</a>. The files are read in the browser only.
        </p>
      </section>
      <PrivacyNote />
    </main>
  );
}
