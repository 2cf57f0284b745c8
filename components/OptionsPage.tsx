import type { Settings } from '../utils/settings';
import { OptionsForm, PrivacyNote } from './OptionsForm';

export interface OptionsPageProps {
  initial: Settings;
  onSave(settings: Settings): Promise<void>;
}

export function OptionsPage({ initial, onSave }: OptionsPageProps) {
  return (
    <main class="page">
      <h1>MTA-STS Checker options</h1>
      <OptionsForm initial={initial} onSave={onSave} />
      <PrivacyNote />
    </main>
  );
}
