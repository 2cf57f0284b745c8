import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../../components/styles.css';
import '../../components/audit/audit.css';
import { AuditPage } from '../../components/audit/AuditPage';
import { PermissionGate } from '../../components/PermissionGate';
import { createStorageAuditStore } from '../../utils/audit-store';
import { requestCheck } from '../../utils/check-client';
import { createReportUrl, hasHostAccess, requestHostAccess } from '../../utils/popup-wiring';

// Audit checks run in the background like every other check: one DNS cache per resolver there, and one
// writer of the history, so audited domains join the same history as popup checks.
const runCheck = (domain: string, signal: AbortSignal) => requestCheck(domain, { fresh: true, signal });

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
      download={(fileName, mime, text) => {
        const url = URL.createObjectURL(new Blob([text], { type: mime }));
        const link = document.createElement('a');
        link.href = url;
        link.download = fileName;
        document.body.append(link);
        link.click();
        link.remove();
        // Firefox still reads the Blob URL after click() returns; give the download time to start.
        setTimeout(() => URL.revokeObjectURL(url), 30_000);
      }}
    />
  </PermissionGate>,
  document.getElementById('app') as HTMLElement,
);
