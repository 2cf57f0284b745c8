import { render } from 'preact';
import '../../components/styles.css';
import { OptionsPage } from '../../components/OptionsPage';
import { loadSettings, saveSettings } from '../../utils/settings';

loadSettings().then((settings) => {
  render(
    <OptionsPage initial={settings} onSave={saveSettings} />,
    document.getElementById('app') as HTMLElement,
  );
});
