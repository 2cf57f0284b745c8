import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../../components/styles.css';
import '../../components/audit/audit.css';
import { AuditPage } from '../../components/audit/AuditPage';
import { PermissionGate } from '../../components/PermissionGate';
import { checkDomain } from '../../lib/check';
import { createDnsCache } from '../../lib/dns';
import { createHistory, withHistory } from '../../lib/history';
import { createStorageAuditStore } from '../../utils/audit-store';
import { downloadText } from '../../utils/download';
import { createStorageHistoryStore } from '../../utils/history-store';
import { createReportUrl, hasHostAccess, requestHostAccess } from '../../utils/popup-wiring';
import { loadSettings, toResolverSetting } from '../../utils/settings';

loadSettings().then((settings) => {
  // One cache for the whole page: many audited domains share MX hosts and their answers.
  const dnsCache = createDnsCache();
  const fetch = globalThis.fetch.bind(globalThis);
  // Audited domains join the same history as popup checks, so drift shows in both places.
  const history = createHistory(createStorageHistoryStore());
  const runCheck = async (domain: string, signal: AbortSignal) =>
    withHistory(
      history,
      await checkDomain(domain, {
        signal,
        fetch,
        resolverSetting: toResolverSetting(settings),
        dnsCache,
        dnsTimeoutMs: settings.dnsTimeoutMs,
        policyTimeoutMs: settings.policyTimeoutMs,
      }),
    );
  render(
    <PermissionGate hasAccess={hasHostAccess} requestAccess={requestHostAccess}>
      <AuditPage
        runCheck={runCheck}
        store={createStorageAuditStore()}
        openReport={(domain) =>
          void browser.tabs.create({
            url: createReportUrl(domain),
          })
        }
        download={downloadText}
      />
    </PermissionGate>,
    document.getElementById('app') as HTMLElement,
  );
});
