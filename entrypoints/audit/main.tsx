import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../../components/styles.css';
import '../../components/audit/audit.css';
import { AuditPage } from '../../components/audit/AuditPage';
import { PermissionGate } from '../../components/PermissionGate';
import { createStorageAuditStore } from '../../utils/audit-store';
import { requestCheck } from '../../utils/check-client';
import { downloadText } from '../../utils/download';
import { hasHostAccess, requestHostAccess } from '../../utils/host-access';
import { createReportUrl } from '../../utils/popup-wiring';

// Audit checks run in the background like every other check: one DNS cache per resolver there, and one
// writer of the history, so audited domains join the same history as popup checks. Their DNS questions wait
// behind those of a check someone is watching (`background`), so the popup is not queued behind an audit.
const runCheck = (domain: string, signal: AbortSignal) =>
  requestCheck(domain, { fresh: true, signal, background: true });

render(
  <PermissionGate hasAccess={hasHostAccess} requestAccess={requestHostAccess}>
    <AuditPage
      runCheck={runCheck}
      store={createStorageAuditStore()}
      openReport={(domain) =>
        void browser.tabs.create({
          url: createReportUrl(domain, { fromAudit: true }),
        })
      }
      download={downloadText}
    />
  </PermissionGate>,
  document.getElementById('app') as HTMLElement,
);
