import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../../components/styles.css';
import '../../components/options.css';
import { OptionsPage } from '../../components/OptionsPage';
import { testResolverUrl } from '../../lib/dns/test-resolver';
import { createHistory } from '../../lib/history/history';
import { createStorageHistoryStore } from '../../utils/history-store';
import { loadSettings, saveSettings } from '../../utils/settings';

loadSettings().then((settings) => {
  render(
    <OptionsPage
      initial={settings}
      onSave={saveSettings}
      history={createHistory(createStorageHistoryStore())}
      auditUrl={browser.runtime.getURL('/audit.html')}
      testResolver={(url) => testResolverUrl(url)}
    />,
    document.getElementById('app') as HTMLElement,
  );
});
