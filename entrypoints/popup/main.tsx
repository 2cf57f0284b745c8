import { render } from 'preact';
import '../../components/styles.css';
import { PermissionGate } from '../../components/PermissionGate';
import { PopupApp } from '../../components/PopupApp';
import { hasHostAccess, requestHostAccess } from '../../utils/host-access';
import { sendMessage } from '../../utils/messaging';
import {
  copyText,
  loadLinkedAuditReport,
  openAudit,
  openOptions,
  presentFailure,
  startPopup,
} from '../../utils/popup-wiring';

// Asked once: the gate shows "Grant access" when it is missing, and no check starts until it is known.
const access = hasHostAccess().catch(() => true);

loadLinkedAuditReport(location.search).then(async (stored) => {
  // The check of the first domain is sent now, before the first paint (after the host-access check): for the
  // toolbar button the tab's address goes straight into the check message. An audit row opened from the audit
  // page shows its stored report instead, until "Check again".
  const { target, runCheck } = await startPopup(location.search, { stored: stored !== null });
  const app = document.getElementById('app') as HTMLElement;
  // popup.html's static shell (components/PopupShell.tsx) showed a check starting until now.
  app.replaceChildren();
  render(
    <PermissionGate hasAccess={() => access} requestAccess={requestHostAccess}>
      <PopupApp
        initialDomain={target.initialDomain}
        tab={target.tab}
        hint={target.hint}
        runCheck={runCheck}
        openOptions={openOptions}
        openAudit={openAudit}
        copyText={copyText}
        presentFailure={presentFailure}
        normalize={(input) => sendMessage('normalize', { input })}
        storedReport={stored}
      />
    </PermissionGate>,
    app,
  );
});
