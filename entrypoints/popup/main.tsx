import { render } from 'preact';
import '../../components/styles.css';
import { PermissionGate } from '../../components/PermissionGate';
import { PopupApp } from '../../components/PopupApp';
import { sendMessage } from '../../utils/messaging';
import {
  copyText,
  createEarlyRunCheck,
  hasHostAccess,
  openAudit,
  openOptions,
  requestHostAccess,
  resolvePopupTarget,
} from '../../utils/popup-wiring';

// Asked once: the gate shows "Grant access" when it is missing, and no check starts until it is known.
const access = hasHostAccess().catch(() => true);

resolvePopupTarget(location.search).then((target) => {
  // The check of the first domain is sent now, before the first paint (after the host-access check).
  const runCheck = createEarlyRunCheck(target.initialDomain, target.tabId, () => access);
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
        normalize={(input) => sendMessage('normalize', { input })}
      />
    </PermissionGate>,
    document.getElementById('app') as HTMLElement,
  );
});
